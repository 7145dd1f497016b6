import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { type Sandbox, actions, calls, runScript, scaffold, toolsDir } from "./harness.ts";

const BUILD_TOOLS = ["cargo", "cargo-zigbuild", "zig"] as const;

function login(s: Sandbox): void {
  fs.writeFileSync(path.join(s.home, ".geneziorc"), "token-123\n");
}

function setArchitecture(s: Sandbox, line: string | undefined): void {
  const file = path.join(s.project, "genezio.yaml");
  const text = fs.readFileSync(file, "utf8").replace(/^\s*architecture:.*\n/m, "");
  fs.writeFileSync(file, line === undefined ? text : text.replace(/^(\s*)runtime: (.*)$/m, `$1runtime: $2\n$1${line}`));
}

describe("deploy", () => {
  test("build → embed → genezio deploy with the pass-through arguments, in the project root", (t) => {
    const s = scaffold(t);
    const bin = toolsDir(s, [...BUILD_TOOLS, "genezio"]);
    const r = runScript(s, "deploy", ["--stage", "prod", "--env", ".env.prod"], [bin], { GENEZIO_TOKEN: "tok" });
    assert.equal(r.code, 0, r.stderr);
    const done = actions(s).map((c) => [c.tool, c.args[0], c.tool === "genezio" ? undefined : c.args[3]]);
    assert.deepEqual(done, [
      ["cargo", "zigbuild", "aarch64-unknown-linux-musl"],
      ["cargo-zigbuild", "zigbuild", "aarch64-unknown-linux-musl"],
      ["cargo", "zigbuild", "x86_64-unknown-linux-musl"],
      ["cargo-zigbuild", "zigbuild", "x86_64-unknown-linux-musl"],
      ["genezio", "deploy", undefined],
    ]);
    const deploy = actions(s).at(-1)!;
    assert.deepEqual(deploy.args, ["deploy", "--stage", "prod", "--env", ".env.prod"]);
    assert.equal(deploy.cwd, s.project);
    const embedded = fs.readFileSync(path.join(s.project, "server", "trap", "embedded.ts"), "utf8");
    assert.match(embedded, /arch: "arm64"/);
    assert.match(embedded, /arch: "x86_64"/);
    assert.match(r.stdout, /genezio \(stand-in\): deploy --stage prod --env \.env\.prod/);
  });

  test("arguments after -- go to genezio too; a ~/.geneziorc token counts as logged in", (t) => {
    const s = scaffold(t, { arch: "arm64" });
    login(s);
    const r = runScript(s, "deploy", ["--", "--help"], [toolsDir(s, [...BUILD_TOOLS, "genezio"])]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(actions(s).at(-1)!.args, ["deploy", "--help"]);
    assert.match(r.stdout, /token from .*\.geneziorc/);
  });

  test("refuses when server/node_modules lacks @genezio/types (a hoisted install), before building", (t) => {
    const s = scaffold(t);
    login(s);
    fs.rmSync(path.join(s.project, "server", "node_modules"), { recursive: true, force: true });
    const r = runScript(s, "deploy", [], [toolsDir(s, [...BUILD_TOOLS, "genezio"])]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /server\/node_modules\/@genezio\/types is missing/);
    assert.match(r.stderr, /install-strategy=nested/);
    assert.deepEqual(actions(s).filter((c) => c.tool !== "genezio" || c.args[0] === "deploy"), []);
  });

  test("refuses without the genezio CLI, before building", (t) => {
    const s = scaffold(t);
    login(s);
    const r = runScript(s, "deploy", [], [toolsDir(s, [...BUILD_TOOLS])]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the genezio CLI is not installed/);
    assert.match(r.stderr, /fix: npm install -g genezio/);
    assert.deepEqual(actions(s), []);
  });

  test("refuses when `genezio --version` fails (a broken CLI is no CLI)", (t) => {
    const s = scaffold(t);
    login(s);
    const r = runScript(s, "deploy", [], [toolsDir(s, [...BUILD_TOOLS, "genezio"])], { STANDIN_FAIL: "genezio --version" });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the genezio CLI is not installed/);
  });

  test("refuses when not logged in (no GENEZIO_TOKEN, no ~/.geneziorc), before building", (t) => {
    const s = scaffold(t);
    fs.writeFileSync(path.join(s.home, ".geneziorc"), "  \n");
    const r = runScript(s, "deploy", [], [toolsDir(s, [...BUILD_TOOLS, "genezio"])]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /you are not logged in to Genezio/);
    assert.match(r.stderr, /fix: genezio login/);
    assert.deepEqual(actions(s), []);
  });

  test("refuses when genezio.yaml's architecture disagrees with the single embedded arch", (t) => {
    const s = scaffold(t, { arch: "arm64" });
    login(s);
    setArchitecture(s, "architecture: x86_64");
    const bin = toolsDir(s, [...BUILD_TOOLS, "genezio"]);
    const r = runScript(s, "deploy", [], [bin]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /genezio\.yaml says architecture: x86_64 but the embedded binary is arm64/);
    assert.match(r.stderr, /fix: set `architecture: arm64` in genezio\.yaml/);
    assert.deepEqual(actions(s), []);

    const viaFlag = runScript(s, "deploy", ["--arch", "x86_64"], [bin]);
    assert.equal(viaFlag.code, 0, viaFlag.stderr);
  });

  test("refuses one arch with no architecture in genezio.yaml, and an invalid architecture", (t) => {
    const s = scaffold(t, { arch: "x86_64" });
    login(s);
    const bin = toolsDir(s, [...BUILD_TOOLS, "genezio"]);
    setArchitecture(s, undefined);
    const absent = runScript(s, "deploy", [], [bin]);
    assert.equal(absent.code, 1);
    assert.match(absent.stderr, /only x86_64 is embedded but genezio\.yaml names no architecture/);
    setArchitecture(s, 'architecture: "amd64"');
    const invalid = runScript(s, "deploy", [], [bin]);
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /genezio\.yaml has architecture: amd64, which Genezio does not accept/);
    assert.deepEqual(actions(s), []);
  });

  test("both arches embedded: any architecture line (or none) is accepted", (t) => {
    const s = scaffold(t);
    login(s);
    const bin = toolsDir(s, [...BUILD_TOOLS, "genezio"]);
    for (const line of [undefined, "architecture: arm64", "architecture: x86_64"]) {
      setArchitecture(s, line);
      const r = runScript(s, "deploy", [], [bin]);
      assert.equal(r.code, 0, `${line}: ${r.stderr}`);
    }
    assert.equal(actions(s).filter((c) => c.tool === "genezio").length, 3);
  });

  test("a failed build never reaches genezio deploy", (t) => {
    const s = scaffold(t);
    login(s);
    const r = runScript(s, "deploy", [], [toolsDir(s, [...BUILD_TOOLS, "genezio"])], { STANDIN_FAIL: "cargo-zigbuild zigbuild" });
    assert.equal(r.code, 1);
    assert.equal(actions(s).filter((c) => c.tool === "genezio").length, 0);
  });

  test("genezio deploy's failure is the script's failure", (t) => {
    const s = scaffold(t, { arch: "arm64" });
    login(s);
    const r = runScript(s, "deploy", [], [toolsDir(s, [...BUILD_TOOLS, "genezio"])], { STANDIN_FAIL: "genezio deploy" });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /genezio deploy failed \(exit 1\)/);
    assert.equal(calls(s).filter((c) => c.tool === "genezio" && c.args[0] === "deploy").length, 1);
  });
});
