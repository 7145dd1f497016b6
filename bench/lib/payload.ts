/**
 * The P3/P5 payload: ≥ 3.5 MB of real machine code that still runs as the std-only stub.
 *
 * Method: payload = (stripped copy of the stub ELF) ++ (stripped copy of a real Rust binary
 * from this machine's toolchain, e.g. rustfmt). Linux's ELF loader maps only the segments
 * named by the program headers of the first ELF; bytes after the end of that file image
 * are never mapped or run. So the file executes exactly as the stub does, while the bytes
 * that get embedded, compressed, decoded, hashed and written have the size and the
 * compressibility of a real Rust release binary.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cacheDir, ensureDir } from "./paths.js";

export const MIN_PAYLOAD_BYTES = 3_500_000;

export interface Payload {
  path: string;
  bytes: number;
  stubBytes: number;
  paddingBytes: number;
  paddingSource: string;
}

/** Concatenate the runnable ELF and the padding (pure). */
export function concatPayload(elf: Uint8Array, padding: Uint8Array): Buffer {
  if (elf[0] !== 0x7f || elf[1] !== 0x45 || elf[2] !== 0x4c || elf[3] !== 0x46) {
    throw new Error("the runnable part of the payload is not an ELF file");
  }
  return Buffer.concat([elf, padding]);
}

function stripCopy(src: string, dest: string): void {
  try {
    execFileSync("strip", ["-o", dest, src], { stdio: "ignore" });
  } catch {
    writeFileSync(dest, readFileSync(src)); // no binutils: use the file as it is
  }
}

/** A real, large Rust binary from the toolchain on this machine (rustfmt, else cargo-fmt, rustdoc). */
export function findRealRustBinary(): string {
  let sysroot: string;
  try {
    sysroot = execFileSync("rustc", ["--print", "sysroot"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("rustc not found: the payload's padding comes from the Rust toolchain (install rustup)");
  }
  for (const name of ["rustfmt", "cargo-fmt", "rustdoc", "cargo"]) {
    const p = join(sysroot, "bin", name);
    if (existsSync(p)) return p;
  }
  throw new Error(`no rustfmt/cargo-fmt/rustdoc/cargo under ${sysroot}/bin`);
}

/** Build (or reuse) bench/.cache/payload/payload.bin from a built stub. */
export function buildPayload(stubPath: string): Payload {
  const dir = ensureDir(join(cacheDir, "payload"));
  const stubStripped = join(dir, "stub.stripped");
  const padSrc = findRealRustBinary();
  const padStripped = join(dir, "padding.stripped");
  stripCopy(stubPath, stubStripped);
  stripCopy(padSrc, padStripped);
  const elf = readFileSync(stubStripped);
  const padding = readFileSync(padStripped);
  const bytes = concatPayload(elf, padding);
  if (bytes.byteLength < MIN_PAYLOAD_BYTES) {
    throw new Error(`payload is only ${bytes.byteLength} bytes (< ${MIN_PAYLOAD_BYTES}); padding source ${padSrc} too small`);
  }
  const path = join(dir, "payload.bin");
  writeFileSync(path, bytes);
  chmodSync(path, 0o755);
  return {
    path,
    bytes: statSync(path).size,
    stubBytes: elf.byteLength,
    paddingBytes: padding.byteLength,
    paddingSource: `${padSrc} (stripped)`,
  };
}
