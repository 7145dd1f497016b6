// `embed` script: see scripts/lib/embed.ts (and README "Scripts"). Run it with your package manager's run command.
import { runEmbed } from "./lib/embed.js";
import { runMain } from "./lib/main.js";

runMain(runEmbed);
