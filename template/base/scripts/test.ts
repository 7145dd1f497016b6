// `test` script: see scripts/lib/test.ts (and README "Scripts"). Run it with your package manager's run command.
import { runTest } from "./lib/test.js";

runTest(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
