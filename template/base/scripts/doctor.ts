// `doctor` script: see scripts/lib/doctor.ts (and README "Scripts"). Run it with your package manager's run command.
import { runDoctor } from "./lib/doctor.js";
import { runMain } from "./lib/main.js";

runMain(runDoctor);
