/** Where things are: the repository, the bench cache (git-ignored), temp dirs. */
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));
export const repoRoot = resolve(benchDir, "..");
export const cacheDir = join(benchDir, ".cache");

export function ensureDir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}

/** A fresh temp dir; the returned dispose() removes it. */
export function tempDir(prefix: string): { path: string; dispose: () => void } {
  const path = mkdtempSync(join(tmpdir(), `cgr-bench-${prefix}-`));
  return { path, dispose: () => rmSync(path, { recursive: true, force: true }) };
}
