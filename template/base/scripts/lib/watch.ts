/**
 * Watching the crate's sources for `dev`: `.rs` files and Cargo.toml/Cargo.lock, never target/.
 * One non-recursive watcher per folder (new folders are picked up): this behaves the same on
 * Linux and macOS, unlike Node 20's recursive mode on Linux, which misses some edits.
 */

import { type FSWatcher, readdirSync, statSync, watch } from "node:fs";
import { basename, join, relative } from "node:path";

const SKIP_DIRS = new Set(["target", "node_modules"]);

/** True when a changed file (relative to a watched folder) should trigger a rebuild. Pure. */
export function isSourceChange(relativePath: string): boolean {
  const parts = relativePath.split(/[\\/]/);
  if (parts.some((p) => SKIP_DIRS.has(p) || (p.startsWith(".") && p.length > 1))) return false;
  const name = basename(relativePath);
  return name.endsWith(".rs") || name === "Cargo.toml" || name === "Cargo.lock";
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Call `onChange(file)` (debounced: once per burst of events) when a source file under one of
 * `trees` changes, or a Cargo.toml/Cargo.lock directly in one of `shallowDirs`. Returns a closer.
 */
export function watchSources(
  trees: readonly string[],
  shallowDirs: readonly string[],
  onChange: (file: string) => void,
  debounceMs = 120,
): () => void {
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const fire = (file: string): void => {
    clearTimeout(timer);
    timer = setTimeout(() => onChange(file), debounceMs);
  };

  const addDir = (root: string, dir: string, recursive: boolean): void => {
    if (closed || watchers.has(dir)) return;
    const rel = relative(root, dir);
    if (rel !== "" && rel.split(/[\\/]/).some((p) => SKIP_DIRS.has(p) || p.startsWith("."))) return;
    let w: FSWatcher;
    try {
      w = watch(dir, (_event, name) => {
        if (!name) return;
        const full = join(dir, String(name));
        if (recursive && isDir(full)) addDir(root, full, true);
        const relFile = relative(root, full);
        if (recursive ? isSourceChange(relFile) : /^Cargo\.(toml|lock)$/.test(String(name))) fire(full);
      });
    } catch {
      return; // vanished meanwhile
    }
    w.on("error", () => {
      w.close();
      watchers.delete(dir);
    });
    watchers.set(dir, w);
    if (!recursive) return;
    let entries: string[] = [];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry);
      if (isDir(full)) addDir(root, full, true);
    }
  };

  for (const tree of trees) addDir(tree, tree, true);
  for (const dir of shallowDirs) addDir(dir, dir, false);
  return () => {
    closed = true;
    clearTimeout(timer);
    for (const w of watchers.values()) w.close();
    watchers.clear();
  };
}
