// `embed` script: see scripts/lib/embed.ts (and README "Scripts"). Run it with your package manager's run command.
import { runEmbed } from "./lib/embed.js";

runEmbed(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
