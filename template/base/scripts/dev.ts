// `dev` script: see scripts/lib/dev.ts (and README "Scripts"). Run it with your package manager's run command.
import { runDev } from "./lib/dev.js";
import { runMain } from "./lib/main.js";

// Everything dev started is stopped by then; do not let a stray handle keep us alive.
runMain(runDev, { forceExitAfterMs: 2000 });
