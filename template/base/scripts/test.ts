// `test` script: see scripts/lib/test.ts (and README "Scripts"). Run it with your package manager's run command.
import { runTest } from "./lib/test.js";
import { runMain } from "./lib/main.js";

runMain(runTest);
