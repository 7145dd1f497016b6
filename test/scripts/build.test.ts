import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { type Sandbox, actions, calls, runScript, scaffold, toolsDir } from "./harness.ts";

const ARM = "aarch64-unknown-linux-musl";
const X86 = "x86_64-unknown-linux-musl";

function embeddedArches(s: Sandbox): string[] {
  const text = fs.readFileSync(path.join(s.project, "server", "trap", "embedded.ts"), "utf8");
  return [...text.matchAll(/arch: "(arm64|x86_64)"/g)].map((m) => m[1]!);
}

describe("build", () => {
  test("zig route: cargo zigbuild per arch in the crate folder, then path + size, then embed", (t) => {
    const s = scaffold(t);
    const bin = toolsDir(s, ["cargo", "cargo-zigbuild", "zig", "cross", "docker", "rustup"]);
    const r = runScript(s, "build", [], [bin]);
    assert.equal(r.code, 0, r.stderr);
    const builds = actions(s);
    const crate = path.join(s.project, "rust");
    assert.deepEqual(
      builds.map((c) => [c.tool, c.args, c.cwd]),
      [
        ["cargo", ["zigbuild", "--release", "--target", ARM, "--bin", s.bin], crate],
        ["cargo-zigbuild", ["zigbuild", "--release", "--target", ARM, "--bin", s.bin], crate],
        ["cargo", ["zigbuild", "--release", "--target", X86, "--bin", s.bin], crate],
        ["cargo-zigbuild", ["zigbuild", "--release", "--target", X86, "--bin", s.bin], crate],
      ],
    );
    for (const triple of [ARM, X86]) {
      const rel = `target/${triple}/release/${s.bin}`;
      const size = fs.statSync(path.join(s.project, rel)).size;
      assert.match(r.stdout, new RegExp(`${rel.replace(/[./]/g, "\\$&")}\\s+${(size / 1024).toFixed(1)} KiB`));
    }
    assert.deepEqual(embeddedArches(s), ["arm64", "x86_64"]);
    assert.match(r.stdout, /embed: arm64 .* raw → .* embedded/);
  });

  test("warns (without failing) when rustup lacks the musl target, and only then", (t) => {
    const s = scaffold(t, { arch: "arm64" });
    const bin = toolsDir(s, ["cargo", "cargo-zigbuild", "zig", "rustup"]);
    const missing = runScript(s, "build", [], [bin]);
    assert.equal(missing.code, 0, missing.stderr);
    assert.match(missing.stdout, /the Rust target aarch64-unknown-linux-musl is not installed yet; .* run: rustup target add aarch64-unknown-linux-musl/);
    const present = runScript(s, "build", [], [bin], { STANDIN_RUSTUP_TARGETS: "aarch64-unknown-linux-musl" });
    assert.equal(present.code, 0, present.stderr);
    assert.doesNotMatch(present.stdout, /is not installed yet/);
  });

  test("--arch arm64 --debug builds only arm64, without --release, into target/<triple>/debug", (t) => {
    const s = scaffold(t);
    const bin = toolsDir(s, ["cargo", "cargo-zigbuild", "zig"]);
    const r = runScript(s, "build", ["--arch", "arm64", "--debug"], [bin]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      actions(s).filter((c) => c.tool === "cargo").map((c) => c.args),
      [["zigbuild", "--target", ARM, "--bin", s.bin]],
    );
    assert.ok(fs.existsSync(path.join(s.project, "target", ARM, "debug", s.bin)));
    assert.deepEqual(embeddedArches(s), ["arm64"]);
  });

  test("falls back to cross with a running docker when zig is missing, and says why", (t) => {
    const s = scaffold(t);
    const bin = toolsDir(s, ["cargo", "cargo-zigbuild", "cross", "docker", "rustup"]);
    const r = runScript(s, "build", ["--arch", "x86_64"], [bin]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /zig cannot build x86_64 here \(missing: zig\)/);
    const builds = actions(s);
    assert.deepEqual(builds.map((c) => [c.tool, c.args]), [["cross", ["build", "--release", "--target", X86, "--bin", s.bin]]]);
    assert.equal(builds[0]!.env["CROSS_CONTAINER_ENGINE"], undefined);
    assert.ok(calls(s).some((c) => c.tool === "docker" && c.args[0] === "info"), "docker info was probed");
  });

  test("cross with podman when docker is installed but not running: CROSS_CONTAINER_ENGINE=podman", (t) => {
    const s = scaffold(t, { toolchain: "cross" });
    const bin = toolsDir(s, ["cargo", "cross", "docker", "podman"]);
    const r = runScript(s, "build", ["--arch", "arm64"], [bin], { STANDIN_FAIL: "docker info" });
    assert.equal(r.code, 0, r.stderr);
    const builds = actions(s);
    assert.deepEqual(builds.map((c) => [c.tool, c.args]), [["cross", ["build", "--release", "--target", ARM, "--bin", s.bin]]]);
    assert.equal(builds[0]!.env["CROSS_CONTAINER_ENGINE"], "podman");
  });

  test("the project's toolchain comes first: cross even though zig could build", (t) => {
    const s = scaffold(t, { toolchain: "cross", arch: "x86_64" });
    const bin = toolsDir(s, ["cargo", "cargo-zigbuild", "zig", "cross", "docker"]);
    const r = runScript(s, "build", [], [bin]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(actions(s).map((c) => c.tool), ["cross"]);
  });

  test("--toolchain is strict: zig missing → exit 1 naming zig and its install command, no fallback", (t) => {
    const s = scaffold(t);
    const bin = toolsDir(s, ["cargo", "cargo-zigbuild", "cross", "docker"]);
    const r = runScript(s, "build", ["--toolchain", "zig"], [bin]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /nothing on this machine can build arm64/);
    assert.match(r.stderr, /- zig\n\s+pip3 install ziglang/);
    assert.doesNotMatch(r.stderr, /cargo-zigbuild\n/);
    assert.match(r.stderr, /--toolchain zig was given/);
    assert.deepEqual(actions(s), []);
  });

  test("nothing can build: every missing piece with its install command, exit 1, nothing run", (t) => {
    const s = scaffold(t, { arch: "arm64" });
    const bin = toolsDir(s, ["cargo"]);
    const r = runScript(s, "build", [], [bin]);
    assert.equal(r.code, 1);
    for (const expected of [
      /zig \(cargo zigbuild\) is missing:/,
      /- cargo-zigbuild\n\s+cargo install --locked cargo-zigbuild/,
      /- zig\n\s+pip3 install ziglang/,
      /\n {2}cross is missing:\n/,
      /- cross\n\s+cargo install --locked cross/,
      /- a container engine \(Docker or Podman\)\n\s+install Docker/,
      /\n {2}cargo is missing:\n/,
      /- a linker configured for aarch64-unknown-linux-musl\n\s+add to \.cargo\/config\.toml:\s+\[target\.aarch64-unknown-linux-musl\] linker = "rust-lld"/,
    ]) {
      assert.match(r.stderr, expected);
    }
    assert.deepEqual(actions(s), []);
    assert.equal(fs.existsSync(path.join(s.project, "target")), false);
  });

  test("plain cargo when .cargo/config.toml configures a linker (rust-lld) and no zig/cross", (t) => {
    const s = scaffold(t, { arch: "arm64" });
    const config = path.join(s.project, ".cargo", "config.toml");
    fs.writeFileSync(config, fs.readFileSync(config, "utf8").replace(/^# (\[target\.|linker)/gm, "$1"));
    const bin = toolsDir(s, ["cargo"]);
    const r = runScript(s, "build", [], [bin]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(actions(s).map((c) => [c.tool, c.args]), [["cargo", ["build", "--release", "--target", ARM, "--bin", s.bin]]]);
  });

  test("plain cargo when CARGO_TARGET_<TRIPLE>_LINKER is set", (t) => {
    const s = scaffold(t, { arch: "x86_64" });
    const bin = toolsDir(s, ["cargo"]);
    const r = runScript(s, "build", ["--toolchain", "cargo"], [bin], { CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_LINKER: "rust-lld" });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(actions(s).map((c) => c.args), [["build", "--release", "--target", X86, "--bin", s.bin]]);
  });

  test("a failing compiler stops the build with exit 1 and leaves embedded.ts alone", (t) => {
    const s = scaffold(t);
    const embedded = path.join(s.project, "server", "trap", "embedded.ts");
    const before = fs.readFileSync(embedded, "utf8");
    const bin = toolsDir(s, ["cargo", "cargo-zigbuild", "zig"]);
    const r = runScript(s, "build", [], [bin], { STANDIN_FAIL: "cargo-zigbuild zigbuild" });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cargo zigbuild --release --target aarch64-unknown-linux-musl --bin demo_app failed for arm64 \(exit 1\)/);
    assert.equal(actions(s).filter((c) => c.tool === "cargo").length, 1, "stopped after the first failure");
    assert.equal(fs.readFileSync(embedded, "utf8"), before);
  });

  test("--no-embed builds without touching embedded.ts", (t) => {
    const s = scaffold(t, { arch: "x86_64" });
    const embedded = path.join(s.project, "server", "trap", "embedded.ts");
    const before = fs.readFileSync(embedded, "utf8");
    const r = runScript(s, "build", ["--no-embed"], [toolsDir(s, ["cargo", "cargo-zigbuild", "zig"])]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(embedded, "utf8"), before);
  });

  test("bad --arch / --toolchain values are refused with the valid ones", (t) => {
    const s = scaffold(t);
    const bin = toolsDir(s, ["cargo"]);
    const arch = runScript(s, "build", ["--arch", "mips"], [bin]);
    assert.equal(arch.code, 1);
    assert.match(arch.stderr, /unknown arch "mips" \(use arm64, x86_64, or arm64,x86_64 for both\)/);
    const tc = runScript(s, "build", ["--toolchain", "gcc"], [bin]);
    assert.equal(tc.code, 1);
    assert.match(tc.stderr, /--toolchain "gcc" is not valid \(one of: zig, cross, cargo\)/);
    const flag = runScript(s, "build", ["--relase"], [bin]);
    assert.equal(flag.code, 1);
    assert.match(flag.stderr, /unknown flag --relase/);
  });

  test("runs through the package manager: npm run build -- --arch x86_64", (t) => {
    const s = scaffold(t);
    const bin = toolsDir(s, ["cargo", "cargo-zigbuild", "zig"]);
    fs.symlinkSync(process.execPath, path.join(bin, "nodejs"));
    const npm = fs.realpathSync("/usr/bin/npm");
    fs.symlinkSync(npm, path.join(bin, "npm"));
    fs.symlinkSync("/bin/sh", path.join(bin, "sh"));
    const r = spawnSync("npm", ["run", "build", "--", "--arch", "x86_64"], {
      cwd: s.project,
      encoding: "utf8",
      env: { PATH: bin, HOME: s.home, NO_COLOR: "1", STANDIN_LOG: s.log, CARGO_HOME: path.join(s.home, ".cargo") },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(actions(s).filter((c) => c.tool === "cargo").map((c) => c.args), [["zigbuild", "--release", "--target", X86, "--bin", s.bin]]);
  });
});

