/**
 * Path helpers that take a `path` implementation (node:path by default) so they are tested
 * with path.win32 too: never build paths by string concatenation.
 */
import nodePath from "node:path";
import type { PathImpl } from "./names.js";

/** Quotes a shell argument only when needed (POSIX sh single quotes; cmd/PowerShell double quotes). */
export function quoteArg(arg: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === "win32") {
    return /^[A-Za-z0-9_\-.:\\/]+$/.test(arg) ? arg : `"${arg.replaceAll('"', '""')}"`;
  }
  return /^[A-Za-z0-9_\-.,:/@%+=]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** The `cd` line of the next steps: relative to cwd when inside it, else absolute; quoted when needed. */
export function cdCommand(cwd: string, target: string, pathImpl: PathImpl = nodePath, platform: NodeJS.Platform = process.platform): string {
  const rel = pathImpl.relative(cwd, target);
  const inside = rel !== "" && !rel.startsWith("..") && !pathImpl.isAbsolute(rel);
  return `cd ${quoteArg(inside ? rel : target, platform)}`;
}

/** A fresh hidden temp folder name beside the target (same filesystem, so the final move is a rename). */
export function tempDirBeside(target: string, suffix: string, pathImpl: PathImpl = nodePath): string {
  return pathImpl.join(pathImpl.dirname(target), `.${pathImpl.basename(target)}.create-genezio-rust-${suffix}`);
}

/** Splits a plan path ("/"-separated) into a native path under root. */
export function planPathToNative(root: string, planPath: string, pathImpl: PathImpl = nodePath): string {
  return pathImpl.join(root, ...planPath.split("/"));
}

/** The folders between `root` (exclusive) and `file` (exclusive), outermost first. */
export function parentDirs(root: string, planPath: string, pathImpl: PathImpl = nodePath): string[] {
  const segments = planPath.split("/").slice(0, -1);
  return segments.map((_, i) => pathImpl.join(root, ...segments.slice(0, i + 1)));
}

/** Ancestors of `target` that do not exist yet (outermost first), given an existence check. */
export function missingAncestors(target: string, exists: (p: string) => boolean, pathImpl: PathImpl = nodePath): string[] {
  const missing: string[] = [];
  let current = pathImpl.dirname(target);
  while (!exists(current)) {
    missing.unshift(current);
    const parent = pathImpl.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return missing;
}
