// `dev` script: see scripts/lib/dev.ts (and README "Scripts"). Run it with your package manager's run command.
import { runDev } from "./lib/dev.js";

runDev(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Everything dev started is stopped by now; do not let a stray handle keep us alive.
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
