/**
 * A statically linked build of the std-only stub for this machine (gnu host target with
 * `-C target-feature=+crt-static`, explicit --target so only the stub is affected), for the
 * embed tests. The dynamically linked one comes from test/helpers/stub.ts.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { STUB_DIR } from "../helpers/stub.ts";

let built: { path: string; arch: "arm64" | "x86_64" } | undefined;

export function hostTriple(): string {
  const out = execFileSync("rustc", ["-vV"], { encoding: "utf8" });
  const host = /^host: (\S+)$/m.exec(out)?.[1];
  if (!host) throw new Error(`cannot read the host target from rustc -vV:\n${out}`);
  return host;
}

/** The static stub and the Lambda arch it is for (this machine's). */
export function staticStub(): { path: string; arch: "arm64" | "x86_64" } {
  if (built) return built;
  const triple = hostTriple();
  const arch = triple.startsWith("aarch64-") ? "arm64" : triple.startsWith("x86_64-") ? "x86_64" : undefined;
  if (!arch) throw new Error(`the script tests need an x86_64 or aarch64 machine (this is ${triple})`);
  try {
    execFileSync("cargo", ["build", "--release", "--offline", "--quiet", "--target", triple], {
      cwd: STUB_DIR,
      env: { ...process.env, RUSTFLAGS: "-C target-feature=+crt-static" },
      stdio: ["ignore", "ignore", "pipe"],
    });
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string };
    throw new Error(`building the static stub failed: ${e.stderr?.toString() ?? e.message}`);
  }
  const path = join(STUB_DIR, "target", triple, "release", "lambda-stub");
  if (!existsSync(path)) throw new Error(`cargo build succeeded but ${path} is missing`);
  built = { path, arch };
  return built;
}
