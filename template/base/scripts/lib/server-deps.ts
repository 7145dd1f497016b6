/**
 * Genezio bundles `server/` (genezio.yaml's backend.path) and copies every dependency from
 * `server/node_modules/<name>`; when `@genezio/types` is not there, `genezio deploy` fails
 * with "ENOENT ... lstat 'server/node_modules/@genezio'". npm's default workspace install
 * hoists it to the root `node_modules`, so the project ships `.npmrc` with
 * `install-strategy=nested`. Linking `server/node_modules` to the root is NOT a fix: the next
 * `npm install` follows the link and deletes the root's packages.
 */

import { existsSync, lstatSync } from "node:fs";
import { join } from "node:path";

export interface ServerDepsProblem {
  reason: string;
  fix: string;
}

/** Why genezio could not bundle server/ as installed, or undefined when it can. */
export function serverDepsProblem(root: string): ServerDepsProblem | undefined {
  const modules = join(root, "server", "node_modules");
  const stat = lstatOrUndefined(modules);
  if (stat?.isSymbolicLink()) {
    return {
      reason: "server/node_modules is a symlink: genezio copies from it, and the next npm install deletes packages through it",
      fix: "remove the link (`rm server/node_modules`), then run `npm install` in the project root",
    };
  }
  if (!existsSync(join(modules, "@genezio", "types", "package.json"))) {
    return {
      reason: "server/node_modules/@genezio/types is missing: genezio copies the class's dependencies from server/node_modules",
      fix:
        "run `npm install` in the project root (its .npmrc sets install-strategy=nested, which installs them there); " +
        "with pnpm, yarn or bun, also run `npm install` once, or `npm install --prefix server --install-strategy=nested`",
    };
  }
  return undefined;
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
