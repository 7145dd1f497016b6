// `deploy` script: see scripts/lib/deploy.ts (and README "Scripts"). Run it with your package manager's run command.
import { runDeploy } from "./lib/deploy.js";
import { runMain } from "./lib/main.js";

runMain(runDeploy);
