/**
 * Materializes the embedded binary for this machine: pick by process.arch, verify the
 * sha256, write it content-addressed and atomically (temp file + rename, mode 0755)
 * under /tmp (or GENEZIO_RUST_TMPDIR), reusing an identical existing file.
 */
import { chmodSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { decodeBinary, sha256Hex } from "./embed-format.js";
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

/** True when `path` holds exactly the record's bytes and is executable (reads and hashes it). */
function isIntact(path: string, rec: EmbeddedBinary): boolean {
  if (!existsSync(path)) return false; // the usual cold start: skip the exception path
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return false;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size !== rec.size || (st.mode & 0o111) !== 0o111) return false;
    const bytes = readFileSync(fd);
    return sha256Hex(bytes) === rec.sha256;
  } finally {
    closeSync(fd);
  }
}

function unwritable(dir: string, err: unknown): TrapError {
  return new TrapError(
    "UNWRITABLE",
    `cannot write the Rust binary into ${dir} (${(err as Error).message}); ` +
      "set GENEZIO_RUST_TMPDIR to a writable directory (on Lambda only /tmp is writable)",
  );
}

/**
 * Ensure the binary for this machine exists on disk and return its path. A verified
 * existing file is reused without decoding; otherwise the payload is decoded, checked
 * against its sha256, written to a unique temp file, chmod 0755, closed, and renamed
 * into place (atomic: a concurrent process never sees or executes a partial file, and
 * nobody holds the final path open for writing, so no ETXTBSY).
 */
export function materialize(
  embedded: readonly EmbeddedBinary[],
  options: { dir?: string; arch?: Arch } = {},
): string {
  const rec = pickBinary(embedded, options.arch ?? hostArch());
  const dir = options.dir ?? binaryDir();
  const target = binaryPath(dir, rec);
  if (isIntact(target, rec)) return target;

  const raw = decodeBinary(rec); // throws on checksum mismatch
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw unwritable(dir, err);
  }
  const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const fd = openSync(tmp, "wx", 0o700);
    try {
      let off = 0;
      while (off < raw.byteLength) off += writeSync(fd, raw, off, raw.byteLength - off);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, 0o755);
    renameSync(tmp, target);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw unwritable(dir, err);
  }
  return target;
}
