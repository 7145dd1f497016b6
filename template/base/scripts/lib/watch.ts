/** Watching the crate's sources for `dev`: `.rs` files and Cargo.toml, never target/. */

import { type FSWatcher, watch } from "node:fs";
import { basename, sep } from "node:path";

/** True when a changed file (relative to a watched folder) should trigger a rebuild. Pure. */
export function isSourceChange(relativePath: string): boolean {
  const parts = relativePath.split(/[\\/]/);
  if (parts.includes("target") || parts.includes("node_modules") || parts.some((p) => p.startsWith(".") && p.length > 1)) {
    return false;
  }
  const name = basename(relativePath);
  return name.endsWith(".rs") || name === "Cargo.toml" || name === "Cargo.lock";
}

/**
 * Call `onChange(file)` (debounced: once per burst of events) when a source file under one of
 * `recursiveDirs`, or a Cargo.toml directly in one of `shallowDirs`, changes. Returns a closer.
 */
export function watchSources(
  recursiveDirs: readonly string[],
  shallowDirs: readonly string[],
  onChange: (file: string) => void,
  debounceMs = 120,
): () => void {
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let last = "";
  const fire = (file: string): void => {
    last = file;
    clearTimeout(timer);
    timer = setTimeout(() => onChange(last), debounceMs);
  };
  for (const dir of recursiveDirs) {
    const w = watch(dir, { recursive: true }, (_event, name) => {
      if (name && isSourceChange(String(name))) fire(`${dir}${sep}${String(name)}`);
    });
    watchers.push(w);
  }
  for (const dir of shallowDirs) {
    const w = watch(dir, (_event, name) => {
      if (name && String(name) === "Cargo.toml") fire(`${dir}${sep}Cargo.toml`);
    });
    watchers.push(w);
  }
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
