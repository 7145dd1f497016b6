/**
 * The binaries the suite embeds: the std-only lambda stub (test/fixtures/lambda-stub) built
 * statically for this machine (the generated project's `embed` refuses dynamically linked
 * binaries, as Genezio's Amazon Linux would not have the loader), and a fake ELF for the
 * arch this machine cannot run.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../../helpers/peers.js";
import { STUB_DIR } from "../../helpers/stub.js";
import { EM_AARCH64, EM_X86_64, makeElf } from "../../fixtures/bin/elf.mjs";
import type { Arch } from "./project.js";
import { runOk } from "./proc.js";

/** The host's Rust target triple (`rustc -vV`). */
export function hostTriple(): string {
  let out: string;
  try {
    out = execFileSync("rustc", ["-vV"], { encoding: "utf8" });
  } catch {
    throw new Error("rustc not found: install Rust (https://rustup.rs) to build the lambda stub");
  }
  const m = /^host:\s*(\S+)/m.exec(out);
  if (!m) throw new Error(`rustc -vV printed no host line:\n${out}`);
  return m[1]!;
}

/**
 * `cargo build --release --offline --target <host>` with `-C target-feature=+crt-static`
 * into .cache/conformance/stub-target (git-ignored). Returns the static binary's path.
 */
export async function staticStub(): Promise<string> {
  const triple = hostTriple();
  const targetDir = join(repoRoot, ".cache", "conformance", "stub-target");
  const env: NodeJS.ProcessEnv = { ...process.env, RUSTFLAGS: "-C target-feature=+crt-static" };
  await runOk("cargo", ["build", "--release", "--offline", "--quiet", "--target", triple, "--target-dir", targetDir], {
    cwd: STUB_DIR,
    env,
    limitMs: 600_000,
  });
  const bin = join(targetDir, triple, "release", "lambda-stub");
  if (!fs.existsSync(bin)) throw new Error(`cargo built nothing at ${bin}`);
  return bin;
}

/** A minimal static ELF executable for `arch` (not runnable; enough for `embed`'s checks). */
export function writeFakeElf(dir: string, arch: Arch): string {
  const path = join(dir, `fake-${arch}.elf`);
  fs.writeFileSync(path, makeElf({ machine: arch === "arm64" ? EM_AARCH64 : EM_X86_64, payload: 8192 }), { mode: 0o755 });
  return path;
}
