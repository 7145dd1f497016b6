// `doctor` script: see scripts/lib/doctor.ts (and README "Scripts"). Run it with your package manager's run command.
import { runDoctor } from "./lib/doctor.js";

runDoctor(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
