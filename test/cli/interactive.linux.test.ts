/** The built CLI in a pseudo-terminal: answering every prompt, and cancelling at each one. */
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { binPath, cliEnv, ensureBuilt } from "../helpers/cli.ts";
import { runInPty, type PtyStep } from "../helpers/pty.ts";
import { makeTmp } from "../helpers/tmp.ts";

const DOWN = "\u001b[B";
const CTRL_C = "\u0003";
const ESC = "\u001b";

function drive(cwd: string, args: string[], steps: PtyStep[], env: Record<string, string | undefined> = {}) {
  ensureBuilt();
  return runInPty([process.execPath, binPath, ...args], { cwd, env: cliEnv({ TERM: "xterm", ...env }), steps });
}

test("answers every prompt: name, template, arch, install", (t) => {
  const cwd = makeTmp(t);
  const r = drive(cwd, ["--no-git"], [
    { expect: "Project name:", send: "my-app\r" },
    { expect: "Template:", send: `${DOWN}\r` },
    { expect: "Architecture:", send: "2" },
    { expect: "❯ 2\\. arm64", send: "\r" },
    { expect: "Install dependencies now\\?", send: "n" },
  ]);
  assert.equal(r.error, undefined, r.output);
  assert.equal(r.code, 0, r.output);
  assert.match(r.output, /crate my_app · Genezio project my-app · class MyApp/);
  assert.match(r.output, /template lambda-runtime · arch arm64/);
  const yaml = fs.readFileSync(path.join(cwd, "my-app", "genezio.yaml"), "utf8");
  assert.match(yaml, /architecture: arm64/);
  assert.match(r.output, /^ {2}npm install\r?$/m, "install declined → next steps include the install");
});

test("the name prompt refuses a bad name with the rule, then accepts a good one; default name on Enter", (t) => {
  const cwd = makeTmp(t);
  fs.mkdirSync(path.join(cwd, "busy"));
  fs.writeFileSync(path.join(cwd, "busy", "x"), "");
  const r = drive(cwd, ["--template", "axum", "--arch", "both", "--no-install", "--no-git"], [
    { expect: "Project name:", send: "Bad Name\r" },
    { expect: "uppercase letters are not allowed", send: "\u0015busy\r" },
    { expect: "is not empty: it holds x", send: "\u0015\r" },
  ]);
  assert.equal(r.error, undefined, r.output);
  assert.equal(r.code, 0, r.output);
  assert.ok(fs.existsSync(path.join(cwd, "genezio-rust-app", "genezio.yaml")));
});

const prompts: Array<{ at: string; before: PtyStep[] }> = [
  { at: "Project name:", before: [] },
  { at: "Template:", before: [{ expect: "Project name:", send: "app\r" }] },
  { at: "Architecture:", before: [{ expect: "Project name:", send: "app\r" }, { expect: "Template:", send: "\r" }] },
  { at: "Install dependencies now\\?", before: [{ expect: "Project name:", send: "app\r" }, { expect: "Template:", send: "\r" }, { expect: "Architecture:", send: "\r" }] },
];
for (const { at, before } of prompts) {
  for (const [keyName, key] of [["Ctrl-C", CTRL_C], ["Esc", ESC]] as const) {
    test(`${keyName} at "${at.replace("\\", "")}" exits 130 with nothing written`, (t) => {
      const cwd = makeTmp(t);
      const r = drive(cwd, [], [...before, { expect: at, send: key }]);
      assert.equal(r.error, undefined, r.output);
      assert.equal(r.code, 130, r.output);
      assert.match(r.output, /Cancelled: nothing was written/);
      assert.deepEqual(fs.readdirSync(cwd), []);
    });
  }
}

test("with CI set, a terminal is not interactive: missing answers → exit 1 with the command", (t) => {
  const cwd = makeTmp(t);
  const r = drive(cwd, [], [], { CI: "true" });
  assert.equal(r.code, 1, r.output);
  assert.match(r.output, /Run instead:/);
  assert.deepEqual(fs.readdirSync(cwd), []);
});

test("colours in a terminal unless NO_COLOR", (t) => {
  const cwd = makeTmp(t);
  const colored = drive(cwd, [], [{ expect: "Project name:", send: CTRL_C }], { NO_COLOR: undefined });
  assert.equal(colored.code, 130);
  assert.match(colored.raw, /\u001b\[36m\?/);
  const plain = drive(cwd, [], [{ expect: "Project name:", send: CTRL_C }], { NO_COLOR: "1" });
  assert.equal(plain.code, 130);
  assert.doesNotMatch(plain.raw, /\u001b\[3\dm/);
});
