/**
 * Finds or materializes the binary for this machine: pick the record by process.arch, then
 * (a) reuse the content-addressed file in /tmp (or GENEZIO_RUST_TMPDIR) if it is intact;
 * (b) else use the sidecar shipped beside the module (checked: size and sha256), in place
 * when it is executable, else copied to the content-addressed path; (c) else decode the
 * embedded payload, verify its sha256 and write it content-addressed and atomically
 * (temp file + rename, mode 0755).
 */
import { accessSync, closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeBinary, sha256Hex } from "./embed-format.js";
import { isSidecarFile, writeExecutableAtomic } from "./sidecar.js";
import type { Arch, EmbeddedBinary } from "./types.js";

/** An error of the trap runtime; `code` says which, the message names the fix. */
export class TrapError extends Error {
  override name = "TrapError";
  constructor(
    readonly code: "NOT_EMBEDDED" | "NO_ARCH" | "NOT_LINUX" | "UNWRITABLE" | "BAD_MODE",
    message: string,
  ) {
    super(message);
  }
}

/** Lambda's name for a Node `process.arch` on Linux; throws TrapError elsewhere. */
export function hostArch(platform: string = process.platform, arch: string = process.arch): Arch {
  if (platform !== "linux") {
    throw new TrapError(
      "NOT_LINUX",
      `the embedded Rust binary is a Linux binary and this is ${platform}; ` +
        "to run the project on this machine use `npm run dev` (it builds and runs a native binary)",
    );
  }
  if (arch === "arm64") return "arm64";
  if (arch === "x64") return "x86_64";
  throw new TrapError("NO_ARCH", `unsupported CPU architecture ${arch}: only arm64 and x64 (x86_64) are supported`);
}

/** Pick the record for `arch`, or throw TrapError naming what is embedded and the fix. */
export function pickBinary(embedded: readonly EmbeddedBinary[], arch: Arch): EmbeddedBinary {
  if (embedded.length === 0) {
    throw new TrapError(
      "NOT_EMBEDDED",
      "no Rust binary is embedded yet (server/trap/embedded.ts is empty): run `npm run build && npm run embed`",
    );
  }
  const rec = embedded.find((b) => b.arch === arch);
  if (!rec) {
    const have = embedded.map((b) => b.arch).join(", ");
    throw new TrapError(
      "NO_ARCH",
      `no Rust binary for ${arch} is embedded (embedded: ${have}); build for it too: ` +
        'set "genezioRust.arch" to ["arm64","x86_64"] in package.json (or --arch both), then `npm run build && npm run embed`',
    );
  }
  return rec;
}

/** The content-addressed path of a record inside `dir`. */
export function binaryPath(dir: string, rec: EmbeddedBinary): string {
  return join(dir, `genezio-rust-${rec.arch}-${rec.sha256}`);
}

/** The directory binaries are written to: GENEZIO_RUST_TMPDIR, else /tmp. */
export function binaryDir(env: NodeJS.ProcessEnv = process.env): string {
  return env["GENEZIO_RUST_TMPDIR"] || "/tmp";
}

/** Read `path` once if it is a regular file of `size` bytes; undefined when missing or unreadable. */
function readSized(path: string, size: number): { bytes: Buffer } | { actualSize: number } | undefined {
  if (!existsSync(path)) return undefined; // the usual cold start: skip the exception path
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return undefined;
    if (st.size !== size) return { actualSize: st.size };
    return { bytes: readFileSync(fd) };
  } finally {
    closeSync(fd);
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK); // also false on a noexec mount
    return true;
  } catch {
    return false;
  }
}

/** True when `path` holds exactly the record's bytes and is executable (one read, one hash). */
function isIntact(path: string, rec: EmbeddedBinary): boolean {
  const found = readSized(path, rec.size);
  return found !== undefined && "bytes" in found && isExecutable(path) && sha256Hex(found.bytes) === rec.sha256;
}

function unwritable(dir: string, err: unknown): TrapError {
  return new TrapError(
    "UNWRITABLE",
    `cannot write the Rust binary into ${dir} (${(err as Error).message}); ` +
      "set GENEZIO_RUST_TMPDIR to a writable directory (on Lambda only /tmp is writable)",
  );
}

/**
 * Where a sidecar may be, relative to the running module: `./` (source form: this file is
 * server/trap/loader.ts, the sidecar server/trap/bin/...) and `./trap/` (Genezio's bundle:
 * everything is one module.mjs at the bundle root, the sidecar at trap/bin/...).
 */
export function defaultSidecarBases(moduleUrl: string | undefined = import.meta.url): URL[] {
  if (!moduleUrl || !moduleUrl.startsWith("file:")) return [];
  return [new URL("./", moduleUrl), new URL("./trap/", moduleUrl)];
}

/** Which copy of the binary the loader chose. */
export type BinarySource = "tmp" | "sidecar" | "sidecar-copy" | "embedded";

/** Options of materialize / locateBinary. */
export interface MaterializeOptions {
  /** where content-addressed copies are written (default GENEZIO_RUST_TMPDIR, else /tmp) */
  dir?: string;
  /** the arch to pick (default: this machine's) */
  arch?: Arch;
  /** folders the record's sidecar `file` is resolved against (default: defaultSidecarBases()) */
  sidecarBases?: readonly URL[];
  /** where one-line warnings go (default: stderr) */
  warn?: (line: string) => void;
  /** environment: GENEZIO_RUST_DEBUG=1 reports the chosen source (default process.env) */
  env?: NodeJS.ProcessEnv;
}

const warnStderr = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/**
 * The record's sidecar, read once and checked (size, then sha256 of those same bytes), or
 * undefined when there is none; a sidecar that does not match is ignored with a warning.
 */
function readSidecar(
  rec: EmbeddedBinary,
  bases: readonly URL[],
  warn: (line: string) => void,
): { path: string; bytes: Buffer } | undefined {
  const file = rec.file;
  if (file === undefined || bases.length === 0) return undefined;
  if (!isSidecarFile(file)) {
    warn(`[genezio-rust] ignoring the sidecar ${JSON.stringify(file)}: not a bin/rust-<arch>-<hex> name; using the embedded copy`);
    return undefined;
  }
  for (const base of bases) {
    const path = fileURLToPath(new URL(file, base));
    const found = readSized(path, rec.size);
    if (found === undefined) continue;
    const fix = "using the embedded copy (run `npm run build && npm run embed` again to rewrite it)";
    if (!("bytes" in found)) {
      warn(`[genezio-rust] ignoring the sidecar ${path}: ${found.actualSize} bytes, expected ${rec.size}; ${fix}`);
      return undefined;
    }
    const actual = sha256Hex(found.bytes);
    if (actual !== rec.sha256) {
      warn(`[genezio-rust] ignoring the sidecar ${path}: sha256 ${actual}, expected ${rec.sha256}; ${fix}`);
      return undefined;
    }
    return { path, bytes: found.bytes };
  }
  return undefined;
}

function writeInto(dir: string, target: string, bytes: Uint8Array): void {
  try {
    mkdirSync(dir, { recursive: true });
    writeExecutableAtomic(target, bytes);
  } catch (err) {
    throw unwritable(dir, err);
  }
}

/**
 * Find or write the binary for this machine; returns its path and which copy it is. Every
 * byte that is executed was checked against the record's sha256 in this call: the file in
 * the tmp dir (reused only when intact), the sidecar (exec'd in place only when executable,
 * else its already-checked bytes are written to the tmp dir), or the decoded payload.
 * Writes are atomic (unique temp file, chmod 0755, rename): a concurrent process never sees
 * or executes a partial file, and nobody holds the final path open for writing (no ETXTBSY).
 */
export function locateBinary(
  embedded: readonly EmbeddedBinary[],
  options: MaterializeOptions = {},
): { path: string; source: BinarySource } {
  const rec = pickBinary(embedded, options.arch ?? hostArch());
  const dir = options.dir ?? binaryDir(options.env);
  const target = binaryPath(dir, rec);
  if (isIntact(target, rec)) return { path: target, source: "tmp" };

  const sidecar = readSidecar(rec, options.sidecarBases ?? defaultSidecarBases(), options.warn ?? warnStderr);
  if (sidecar) {
    if (isExecutable(sidecar.path)) return { path: sidecar.path, source: "sidecar" };
    writeInto(dir, target, sidecar.bytes);
    return { path: target, source: "sidecar-copy" };
  }

  const raw = decodeBinary(rec); // throws on checksum mismatch
  writeInto(dir, target, raw);
  return { path: target, source: "embedded" };
}

/**
 * Ensure the binary for this machine exists on disk and return its path (see locateBinary).
 * With GENEZIO_RUST_DEBUG=1 it reports on stderr which copy it used: `trap: using <source> <path>`.
 */
export function materialize(embedded: readonly EmbeddedBinary[], options: MaterializeOptions = {}): string {
  const found = locateBinary(embedded, options);
  const env = options.env ?? process.env;
  if (env["GENEZIO_RUST_DEBUG"] === "1") (options.warn ?? warnStderr)(`[genezio-rust] trap: using ${found.source} ${found.path}`);
  return found.path;
}
