// `build` script: see scripts/lib/build.ts (and README "Scripts"). Run it with your package manager's run command.
import { runBuild } from "./lib/build.js";

runBuild(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
