/**
 * Genezio bundles `server/` (genezio.yaml's backend.path) and copies dependencies from
 * `server/node_modules/<name>`. With workspaces, npm/yarn/bun install them into the root
 * `node_modules/` instead, and genezio then fails with "ENOENT ... lstat
 * 'server/node_modules/@genezio'". `genezio local` copies `server/node_modules` into a temp
 * folder as it is, so a RELATIVE link would dangle there: the link must be absolute.
 * (See the scaffolder's docs/genezio-findings.md.)
 */

import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";

export type ServerModulesResult =
  | { action: "none"; reason: string }
  | { action: "linked"; link: string; target: string }
  | { action: "linked-scopes"; links: string[] };

/** Scopes/packages genezio needs inside server/node_modules: its types and @types/node. */
const NEEDED = ["@genezio", "@types"] as const;

/**
 * Make `server/node_modules` hold what genezio needs, without touching a real install:
 * - missing → an absolute link (a junction on Windows) to `<root>/node_modules`;
 * - a link somewhere else (the project folder moved) → relinked;
 * - a real folder (pnpm, or packages npm did not hoist) → absolute links for the missing
 *   scopes only.
 */
export function ensureServerModules(root: string, serverDir = join(root, "server")): ServerModulesResult {
  const rootModules = resolve(root, "node_modules");
  if (!existsSync(rootModules)) return { action: "none", reason: "dependencies are not installed yet" };
  if (!existsSync(serverDir)) return { action: "none", reason: `${serverDir} does not exist` };
  const link = join(serverDir, "node_modules");
  const stat = lstatOrUndefined(link);
  if (stat?.isSymbolicLink()) {
    const current = readlinkSync(link);
    if (isAbsolute(current) && resolve(current) === rootModules && existsSync(link)) {
      return { action: "none", reason: "server/node_modules already links to the root node_modules" };
    }
    rmSync(link, { force: true });
  } else if (stat?.isDirectory()) {
    const links: string[] = [];
    for (const scope of NEEDED) {
      const inServer = join(link, scope);
      const inRoot = join(rootModules, scope);
      if (existsSync(inServer) || !existsSync(inRoot)) continue;
      if (lstatOrUndefined(inServer)) rmSync(inServer, { force: true }); // a dangling link
      symlinkSync(inRoot, inServer, "junction");
      links.push(inServer);
    }
    return links.length > 0 ? { action: "linked-scopes", links } : { action: "none", reason: "server/node_modules is a real install" };
  } else if (stat) {
    return { action: "none", reason: `${link} is neither a folder nor a link; left as it is` };
  }
  mkdirSync(serverDir, { recursive: true });
  symlinkSync(rootModules, link, "junction");
  return { action: "linked", link, target: rootModules };
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
