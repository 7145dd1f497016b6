// `deploy` script: see scripts/lib/deploy.ts (and README "Scripts"). Run it with your package manager's run command.
import { runDeploy } from "./lib/deploy.js";

runDeploy(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
