/** How the user runs the project's scripts (npm, pnpm, yarn or bun), for messages only. */

import type { Env } from "./exec.js";

export type PackageManager = "npm" | "pnpm" | "yarn" | "bun";

/** From npm_config_user_agent ("pnpm/9.1.0 npm/? node/v20..."), which all four set; npm otherwise. */
export function packageManager(env: Env = process.env): PackageManager {
  const agent = env["npm_config_user_agent"] ?? "";
  const name = agent.split("/")[0];
  return name === "pnpm" || name === "yarn" || name === "bun" ? name : "npm";
}

/**
 * The command that runs one of the project's scripts, e.g. "npm run build". pnpm gets `run`
 * too: `pnpm deploy` and `pnpm doctor` are pnpm's own commands, not the project's scripts.
 */
export function runScript(script: string, args = "", env: Env = process.env): string {
  const pm = packageManager(env);
  const base = pm === "yarn" ? `yarn ${script}` : `${pm} run ${script}`;
  if (args === "") return base;
  // npm needs `--` before arguments meant for the script; pnpm, yarn and bun pass them on.
  return pm === "npm" ? `${base} -- ${args}` : `${base} ${args}`;
}
