/**
 * The sidecar: the raw binary as a file beside the trap, `server/trap/bin/rust-<arch>-<first
 * 16 hex of its sha256>` (mode 0755), written by `npm run embed`. Genezio's bundler copies
 * every non-JS file under server/ into the deployment at the same relative path with its
 * mode, so on Lambda it sits at `trap/bin/...` beside the bundled `module.mjs` and the loader
 * can exec it without decoding the embedded copy. Naming is pure; writing and pruning touch
 * only that folder.
 */
import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { Arch } from "./types.js";

/** The sidecar folder, relative to server/trap/. */
export const SIDECAR_DIR = "bin";

const SIDECAR_NAME = /^rust-(arm64|x86_64)-[0-9a-f]{16}$/;

/** The record's `file` for a binary: `bin/rust-<arch>-<first 16 hex of sha256>`. Pure. */
export function sidecarFile(arch: Arch, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`sidecarFile: ${JSON.stringify(sha256)} is not a hex sha256`);
  return `${SIDECAR_DIR}/rust-${arch}-${sha256.slice(0, 16)}`;
}

/** True when `file` has the shape sidecarFile gives (no other path is ever opened). Pure. */
export function isSidecarFile(file: string): boolean {
  return file.startsWith(`${SIDECAR_DIR}/`) && SIDECAR_NAME.test(file.slice(SIDECAR_DIR.length + 1));
}

/** Write all of `bytes` to an open file. */
export function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.byteLength) off += writeSync(fd, bytes, off, bytes.byteLength - off);
}

/**
 * Create `path` atomically: `fill` writes a private temp file in the same folder; when it
 * returns true the file is closed, chmod 0755 and renamed into place, else it is deleted.
 * Throws (after deleting the temp file) when the file system refuses.
 */
export function createExecutableAtomic(path: string, fill: (fd: number) => boolean): boolean {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  let renamed = false;
  try {
    const fd = openSync(tmp, "wx", 0o700);
    let keep: boolean;
    try {
      keep = fill(fd);
    } finally {
      closeSync(fd);
    }
    if (!keep) return false;
    chmodSync(tmp, 0o755);
    renameSync(tmp, path);
    renamed = true;
    return true;
  } finally {
    if (!renamed) {
      try {
        unlinkSync(tmp);
      } catch {
        /* never created, or already gone */
      }
    }
  }
}

/** Write `bytes` to `path` atomically: a private temp file in the same folder, chmod 0755, rename. */
export function writeExecutableAtomic(path: string, bytes: Uint8Array): void {
  createExecutableAtomic(path, (fd) => {
    writeAll(fd, bytes);
    return true;
  });
}

/** One sidecar to write: the record's `file` and the raw bytes. */
export interface SidecarInput {
  file: string;
  bytes: Uint8Array;
}

/** Write each sidecar under `trapDir` (0755, atomic); returns the absolute paths. */
export function writeSidecars(trapDir: string, sidecars: readonly SidecarInput[]): string[] {
  if (sidecars.length > 0) mkdirSync(join(trapDir, SIDECAR_DIR), { recursive: true });
  return sidecars.map((s) => {
    if (!isSidecarFile(s.file)) throw new Error(`writeSidecars: ${JSON.stringify(s.file)} is not a sidecar name (bin/rust-<arch>-<16 hex>)`);
    const path = join(trapDir, s.file);
    writeExecutableAtomic(path, s.bytes);
    return path;
  });
}

/**
 * Delete the sidecars in `trapDir/bin` that are not in `keep` (record `file`s); other files
 * in that folder are left alone. Returns the deleted names.
 */
export function pruneSidecars(trapDir: string, keep: readonly string[]): string[] {
  const dir = join(trapDir, SIDECAR_DIR);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return []; // no folder: nothing to prune
  }
  const wanted = new Set(keep.map((f) => f.slice(SIDECAR_DIR.length + 1)));
  const removed: string[] = [];
  for (const name of names) {
    if (!SIDECAR_NAME.test(name) || wanted.has(name)) continue;
    unlinkSync(join(dir, name));
    removed.push(name);
  }
  return removed;
}
