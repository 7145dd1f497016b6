// `build` script: see scripts/lib/build.ts (and README "Scripts"). Run it with your package manager's run command.
import { runBuild } from "./lib/build.js";
import { runMain } from "./lib/main.js";

runMain(runBuild);
