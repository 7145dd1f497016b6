import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { ALL_TOOLS, calls, runScript, scaffold, toolsDir } from "./harness.ts";

const BOTH_TARGETS = "x86_64-unknown-linux-gnu,aarch64-unknown-linux-musl,x86_64-unknown-linux-musl";

/** The doctor line for a label, e.g. "✓ zig ...". */
function line(out: string, label: string): string {
  const found = out.split("\n").find((l) => new RegExp(`^  [✓✗] ${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s`).test(l));
  assert.ok(found, `no doctor line for ${label} in:\n${out}`);
  return found;
}

describe("doctor", () => {
  test("everything present: ✓ on every line, exit 0", (t) => {
    const s = scaffold(t);
    fs.writeFileSync(path.join(s.home, ".geneziorc"), "tok\n");
    const r = runScript(s, "doctor", [], [toolsDir(s, [...ALL_TOOLS])], { STANDIN_RUSTUP_TARGETS: BOTH_TARGETS });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const label of ["Node.js", "rustup", "cargo", "musl targets", "zig", "cargo-zigbuild", "cross", "container engine", "genezio CLI", "genezio login"]) {
      assert.match(line(r.stdout, label), /^ {2}✓/, label);
    }
    assert.match(line(r.stdout, "container engine"), /docker is running/);
    assert.match(line(r.stdout, "genezio CLI"), /3\.2\.10/);
    assert.match(r.stdout, /✓ build arm64\s+zig can build aarch64-unknown-linux-musl/);
    assert.match(r.stdout, /✓ build x86_64\s+zig can build x86_64-unknown-linux-musl/);
    assert.ok(calls(s).some((c) => c.tool === "rustup" && c.args.join(" ") === "target list --installed"));
  });

  test("zig project without zig: ✗ with the install command, the fallback named, exit 1", (t) => {
    const s = scaffold(t);
    const r = runScript(s, "doctor", [], [toolsDir(s, ["cargo", "cargo-zigbuild", "cross", "docker", "rustup"])], { STANDIN_RUSTUP_TARGETS: BOTH_TARGETS });
    assert.equal(r.code, 1);
    assert.match(line(r.stdout, "zig"), /✗ zig\s+not found/);
    assert.match(r.stdout, /✗ zig\s+not found\n\s+fix: pip3 install ziglang/);
    assert.match(r.stdout, /✗ build arm64\s+zig cannot build aarch64-unknown-linux-musl: missing zig/);
    assert.match(r.stdout, /build would fall back to cross; to prefer it set "genezioRust.toolchain": "cross"/);
    assert.match(r.stdout, /the zig toolchain cannot build here/);
  });

  test("cross project with docker installed but stopped: ✗ start Docker, exit 1", (t) => {
    const s = scaffold(t, { toolchain: "cross", arch: "arm64" });
    const r = runScript(s, "doctor", [], [toolsDir(s, ["cargo", "cross", "docker", "rustup"])], { STANDIN_FAIL: "docker info" });
    assert.equal(r.code, 1);
    assert.match(line(r.stdout, "container engine"), /✗ container engine\s+docker: not running, podman: absent/);
    assert.match(r.stdout, /fix: start Docker \(open Docker Desktop, or: sudo systemctl start docker\)/);
    assert.match(r.stdout, /✗ build arm64\s+cross cannot build/);
  });

  test("with the genezio CLI installed, the login fix is just genezio login", (t) => {
    const s = scaffold(t, { arch: "arm64" });
    const r = runScript(s, "doctor", [], [toolsDir(s, ["cargo", "cargo-zigbuild", "zig", "rustup", "genezio"])]);
    assert.match(line(r.stdout, "genezio CLI"), /^ {2}✓/);
    assert.match(r.stdout, /✗ genezio login\s+not logged in\n\s+fix: genezio login {3}\(or set GENEZIO_TOKEN in CI\)\n/);
  });

  test("missing musl targets, genezio CLI and login are ✗ with fixes but do not fail a toolchain that builds", (t) => {
    const s = scaffold(t, { arch: "arm64" });
    const r = runScript(s, "doctor", [], [toolsDir(s, ["cargo", "cargo-zigbuild", "zig", "rustup"])]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(line(r.stdout, "musl targets"), /not installed: aarch64-unknown-linux-musl/);
    assert.match(r.stdout, /fix: rustup target add aarch64-unknown-linux-musl /);
    assert.match(r.stdout, /✗ genezio CLI\s+not found\n\s+fix: npm install -g genezio/);
    assert.match(r.stdout, /✗ genezio login\s+not logged in\n\s+fix: npm install -g genezio, then genezio login/);
    assert.match(r.stdout, /✗ cross\s+not found\n\s+fix: cargo install --locked cross/);
  });

  test("no Rust at all: rustup and cargo ✗ with the rustup installer", (t) => {
    const s = scaffold(t);
    const r = runScript(s, "doctor", [], [toolsDir(s, [])]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /✗ rustup\s+not found\n\s+fix: curl --proto '=https' --tlsv1\.2 -sSf https:\/\/sh\.rustup\.rs \| sh/);
    assert.match(r.stdout, /✗ cargo\s+not found/);
    assert.match(r.stdout, /✗ musl targets\s+unknown without rustup/);
  });

  test("zig from `python3 -m ziglang` (pip install ziglang) counts", (t) => {
    const s = scaffold(t, { arch: "x86_64" });
    const r = runScript(s, "doctor", [], [toolsDir(s, ["cargo", "cargo-zigbuild", "python3"])]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(line(r.stdout, "zig"), /python3 -m ziglang/);
  });

  test("--toolchain judges another toolchain", (t) => {
    const s = scaffold(t, { arch: "x86_64" });
    const bin = toolsDir(s, ["cargo", "cargo-zigbuild", "zig"]);
    const r = runScript(s, "doctor", ["--toolchain", "cross"], [bin]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /doctor: toolchain cross, arch x86_64/);
    assert.match(r.stdout, /✗ build x86_64\s+cross cannot build x86_64-unknown-linux-musl: missing cross, a container engine/);
  });
});
