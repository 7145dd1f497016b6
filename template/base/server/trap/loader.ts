/**
 * Finds or materializes the binary for this machine: pick the record by process.arch, then
 * (a) reuse the content-addressed file in /tmp (or GENEZIO_RUST_TMPDIR) if it is intact;
 * (b) else use the sidecar shipped beside the module (checked: size and sha256), in place
 * when it is executable, else copied to the content-addressed path; (c) else decode the
 * embedded payload, verify its sha256 and write it content-addressed and atomically
 * (temp file + rename, mode 0755).
 */
import { createHash } from "node:crypto";
import { accessSync, closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeBinary } from "./embed-format.js";
import { createExecutableAtomic, isSidecarFile, writeAll, writeExecutableAtomic } from "./sidecar.js";
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

/** Read size: big enough to amortize syscalls, small enough to stay in cache (no 5 MB buffer). */
const CHUNK = 256 * 1024;

/** What hashing a file found: nothing there, a different size, or the sha256 of its bytes. */
type Hashed = undefined | { actualSize: number } | { sha256: string };

/**
 * The sha256 of the regular file at `path`, read once in chunks, if it is `size` bytes long;
 * each chunk also goes to `sink` (a copy being written: it then holds exactly what was hashed).
 */
function hashFile(path: string, size: number, sink?: (chunk: Buffer) => void): Hashed {
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
    const hash = createHash("sha256");
    const buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(size, 1)));
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, size - off), off);
      if (n === 0) return { actualSize: off }; // shrank while reading
      const chunk = buf.subarray(0, n);
      hash.update(chunk);
      sink?.(chunk);
      off += n;
    }
    return { sha256: hash.digest("hex") };
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

/** True when `path` holds exactly the record's bytes and is executable. */
function isIntact(path: string, rec: EmbeddedBinary): boolean {
  const found = hashFile(path, rec.size);
  return found !== undefined && "sha256" in found && found.sha256 === rec.sha256 && isExecutable(path);
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

/** Why a hashed sidecar does not match the record, or undefined when it does. */
function mismatch(found: Exclude<Hashed, undefined>, rec: EmbeddedBinary): string | undefined {
  if ("actualSize" in found) return `${found.actualSize} bytes, expected ${rec.size}`;
  return found.sha256 === rec.sha256 ? undefined : `sha256 ${found.sha256}, expected ${rec.sha256}`;
}

/**
 * Use the record's sidecar if there is one that matches (size, then sha256 of one read):
 * in place when it is executable, else as a copy written while hashing it (the copy holds
 * exactly the bytes that were checked). A sidecar that does not match is ignored with a
 * one-line warning; returns undefined then, or when there is none.
 */
function useSidecar(
  rec: EmbeddedBinary,
  bases: readonly URL[],
  dir: string,
  target: string,
  warn: (line: string) => void,
): { path: string; source: BinarySource } | undefined {
  const file = rec.file;
  if (file === undefined || bases.length === 0) return undefined;
  if (!isSidecarFile(file)) {
    warn(`[genezio-rust] ignoring the sidecar ${JSON.stringify(file)}: not a bin/rust-<arch>-<hex> name; using the embedded copy`);
    return undefined;
  }
  const path = bases.map((base) => fileURLToPath(new URL(file, base))).find((p) => existsSync(p));
  if (path === undefined) return undefined;
  const ignore = (why: string): undefined => {
    warn(`[genezio-rust] ignoring the sidecar ${path}: ${why}; using the embedded copy (run \`npm run build && npm run embed\` again to rewrite it)`);
    return undefined;
  };
  if (isExecutable(path)) {
    const found = hashFile(path, rec.size);
    if (found === undefined) return undefined;
    const why = mismatch(found, rec);
    return why ? ignore(why) : { path, source: "sidecar" };
  }
  // not executable (e.g. the mode bit was lost on the way): copy it into the tmp dir
  let why: string | undefined = "unreadable";
  try {
    mkdirSync(dir, { recursive: true });
    createExecutableAtomic(target, (fd) => {
      const found = hashFile(path, rec.size, (chunk) => writeAll(fd, chunk));
      why = found === undefined ? "unreadable" : mismatch(found, rec);
      return why === undefined;
    });
  } catch (err) {
    throw unwritable(dir, err);
  }
  return why ? ignore(why) : { path: target, source: "sidecar-copy" };
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

  const sidecar = useSidecar(rec, options.sidecarBases ?? defaultSidecarBases(), dir, target, options.warn ?? warnStderr);
  if (sidecar) return sidecar;

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
