/**
 * Builds the std-only Rust stub (test/fixtures/lambda-stub) once with cargo, offline,
 * into its git-ignored target/ directory, and returns the binary's path.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The stub's crate directory. */
export const STUB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../fixtures/lambda-stub");

let built: string | undefined;

/** Path of the release build of the stub; builds it (cargo --offline) on first call per process. */
export function stubBinary(): string {
  if (built) return built;
  try {
    execFileSync("cargo", ["build", "--release", "--offline", "--quiet"], { cwd: STUB_DIR, stdio: ["ignore", "ignore", "pipe"] });
  } catch (err) {
    const e = err as { code?: string; stderr?: Buffer; message: string };
    if (e.code === "ENOENT") throw new Error("cargo not found: install Rust (https://rustup.rs) to run the trap tests");
    throw new Error(`building test/fixtures/lambda-stub failed: ${e.stderr?.toString() ?? e.message}`);
  }
  const path = join(STUB_DIR, "target", "release", "lambda-stub");
  if (!existsSync(path)) throw new Error(`cargo build succeeded but ${path} is missing`);
  built = path;
  return path;
}
