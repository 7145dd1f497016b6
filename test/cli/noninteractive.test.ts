/** The built CLI without a terminal, on any OS: refusals, target folder rules, --overwrite, git. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { binPath, runCli } from "../helpers/cli.ts";
import { makeTmp, snapshotTree } from "../helpers/tmp.ts";

const OK_FLAGS = ["--template", "axum", "--no-git"];

test("--help and --version exit 0", (t) => {
  const cwd = makeTmp(t);
  const help = runCli(["--help"], { cwd });
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage:/);
  assert.match(help.stdout, /lambda-runtime/);
  const version = runCli(["-v"], { cwd });
  assert.equal(version.code, 0);
  const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(binPath), "..", "package.json"), "utf8")) as { version: string };
  assert.equal(version.stdout.trim(), pkg.version);
  assert.deepEqual(fs.readdirSync(cwd), []);
});

test("missing answers without a terminal: exit 1 with the exact command, nothing written", (t) => {
  const cwd = makeTmp(t);
  const none = runCli([], { cwd });
  assert.equal(none.code, 1);
  assert.match(none.stderr, /Missing the project folder and --template/);
  assert.match(none.stderr, /Run instead:\n {2}create-genezio-rust genezio-rust-app --template axum --arch both\n/);
  const noTemplate = runCli(["my-app", "--region", "eu-west-2"], { cwd, env: { npm_config_user_agent: "npm/11.0.0 node/v20.20.0" } });
  assert.equal(noTemplate.code, 1);
  assert.match(noTemplate.stderr, /npm create genezio-rust@latest my-app -- --template axum --arch both --region eu-west-2/);
  assert.deepEqual(fs.readdirSync(cwd), []);
});

test("the suggested command works as printed", (t) => {
  const cwd = makeTmp(t);
  const first = runCli(["my-app", "--no-git"], { cwd });
  const line = /Run instead:\n {2}(.*)\n/.exec(first.stderr)?.[1];
  assert.ok(line, first.stderr);
  const args = line.split(" ").slice(1);
  const second = runCli(args, { cwd });
  assert.equal(second.code, 0, second.stderr);
  assert.ok(fs.existsSync(path.join(cwd, "my-app", "genezio.yaml")));
});

test("invalid flags and values: exit 1 listing valid values", (t) => {
  const cwd = makeTmp(t);
  const cases: Array<[string[], RegExp]> = [
    [["x", "--template", "vue"], /Valid values: axum, lambda-runtime/],
    [["x", "-t", "axum", "--arch", "aarch64"], /Valid values: both, arm64, x86_64/],
    [["x", "-t", "axum", "--region", "moon-1"], /Valid values: us-east-1/],
    [["x", "-t", "axum", "--toolchain", "gcc"], /Valid values: zig, cross/],
    [["x", "--bogus"], /Unknown option "--bogus"/],
  ];
  for (const [args, message] of cases) {
    const r = runCli(args, { cwd });
    assert.equal(r.code, 1, args.join(" "));
    assert.match(r.stderr, message);
  }
  assert.deepEqual(fs.readdirSync(cwd), []);
});

test("bad names: exit 1 naming the rule, nothing written", (t) => {
  const cwd = makeTmp(t);
  const cases: Array<[string, RegExp]> = [
    ["", /it is empty/],
    [".", /names no new folder/],
    ["..", /"\.\." segments are not allowed/],
    ["../escape", /"\.\." segments are not allowed/],
    ["a/../../escape", /"\.\." segments are not allowed/],
    ["MyApp", /uppercase/],
    ["my app", /space/],
    ["ünïcode", /"ü"/],
    ["9lives", /start with a lowercase letter/],
    ["fn", /Rust keyword/],
    ["self", /Rust keyword/],
    ["std", /reserved/],
    ["core", /reserved/],
    ["test", /reserved/],
    ["x".repeat(65), /65 characters long/],
  ];
  for (const [name, message] of cases) {
    const r = runCli([name, ...OK_FLAGS], { cwd });
    assert.equal(r.code, 1, name);
    assert.match(r.stderr, message, name);
  }
  assert.deepEqual(fs.readdirSync(cwd), []);
  assert.ok(!fs.existsSync(path.join(path.dirname(cwd), "escape")));
});

test("non-empty target is refused listing its entries; nothing changes", (t) => {
  const cwd = makeTmp(t);
  fs.mkdirSync(path.join(cwd, "app"));
  fs.writeFileSync(path.join(cwd, "app", "notes.txt"), "mine");
  fs.writeFileSync(path.join(cwd, "app", ".env"), "SECRET=1");
  const before = snapshotTree(cwd);
  const r = runCli(["app", ...OK_FLAGS], { cwd });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /is not empty: it holds \.env, notes\.txt/);
  assert.match(r.stderr, /--overwrite/);
  assert.deepEqual(snapshotTree(cwd), before);
});

test("--overwrite replaces only template files and keeps everything else", (t) => {
  const cwd = makeTmp(t);
  const app = path.join(cwd, "app");
  fs.mkdirSync(path.join(app, "rust", "src"), { recursive: true });
  fs.writeFileSync(path.join(app, "notes.txt"), "mine");
  fs.writeFileSync(path.join(app, "rust", "src", "extra.rs"), "// mine");
  fs.writeFileSync(path.join(app, "genezio.yaml"), "old: true\n");
  const r = runCli(["app", ...OK_FLAGS, "--overwrite"], { cwd });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(fs.readFileSync(path.join(app, "notes.txt"), "utf8"), "mine");
  assert.equal(fs.readFileSync(path.join(app, "rust", "src", "extra.rs"), "utf8"), "// mine");
  assert.match(fs.readFileSync(path.join(app, "genezio.yaml"), "utf8"), /yamlVersion: 2/);
  assert.ok(!fs.readdirSync(cwd).some((e) => e.includes("create-genezio-rust")), "temp folder left behind");
});

test("a target holding only .git is used, and the existing .git is untouched", (t) => {
  const cwd = makeTmp(t);
  const app = path.join(cwd, "app");
  fs.mkdirSync(app);
  assert.equal(spawnSync("git", ["init", "-q"], { cwd: app }).status, 0);
  const before = snapshotTree(path.join(app, ".git"));
  const r = runCli(["app", "--template", "axum"], { cwd });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /git: skipped: the folder already has \.git/);
  assert.deepEqual(snapshotTree(path.join(app, ".git")), before);
  assert.ok(fs.existsSync(path.join(app, "genezio.yaml")));
});

test("git init + first commit in a fresh folder; skipped inside an existing work tree", (t) => {
  const cwd = makeTmp(t);
  const r = runCli(["fresh", "--template", "axum"], { cwd });
  assert.equal(r.code, 0, r.stderr);
  const log = spawnSync("git", ["log", "--oneline"], { cwd: path.join(cwd, "fresh"), encoding: "utf8" });
  assert.match(log.stdout, /Initial commit from create-genezio-rust/);
  const status = spawnSync("git", ["status", "--porcelain"], { cwd: path.join(cwd, "fresh"), encoding: "utf8" });
  assert.equal(status.stdout, "", "everything committed (embedded.ts may be ignored, never untracked)");

  const nested = runCli(["inner", "--template", "axum"], { cwd: path.join(cwd, "fresh") });
  assert.equal(nested.code, 0, nested.stderr);
  assert.match(nested.stdout, /inside an existing git work tree/);
  assert.ok(!fs.existsSync(path.join(cwd, "fresh", "inner", ".git")));
});

test("a file as target, or a path under a file: exit 1 with the reason", (t) => {
  const cwd = makeTmp(t);
  fs.writeFileSync(path.join(cwd, "taken"), "x");
  const file = runCli(["taken", ...OK_FLAGS], { cwd });
  assert.equal(file.code, 1);
  assert.match(file.stderr, /taken is a file, not a folder/);
  const under = runCli(["taken/app", ...OK_FLAGS], { cwd });
  assert.equal(under.code, 1);
  assert.match(under.stderr, /taken is a file, not a folder/);
  assert.deepEqual(fs.readdirSync(cwd), ["taken"]);
});

test("nested target folders are created; --yes uses the defaults", (t) => {
  const cwd = makeTmp(t);
  const r = runCli(["apps/svc", "--template", "lambda-runtime", "--no-git"], { cwd });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /crate svc · Genezio project svc · class Svc/);
  assert.ok(r.stdout.includes(`cd ${path.join("apps", "svc")}`), r.stdout);
  const yes = runCli(["--yes", "--no-git"], { cwd });
  assert.equal(yes.code, 0, yes.stderr);
  assert.ok(fs.existsSync(path.join(cwd, "genezio-rust-app", "genezio.yaml")));
  assert.match(fs.readFileSync(path.join(cwd, "genezio-rust-app", "genezio.yaml"), "utf8"), /region: us-east-1/);
});

test("colours: none with NO_COLOR or without a terminal, ANSI with FORCE_COLOR", (t) => {
  const cwd = makeTmp(t);
  const plain = runCli(["x", "--template", "vue"], { cwd });
  assert.doesNotMatch(plain.stderr, /\u001b\[/);
  const forced = runCli(["x", "--template", "vue"], { cwd, env: { NO_COLOR: undefined, FORCE_COLOR: "1" } });
  assert.match(forced.stderr, /\u001b\[31m/);
});

test("--overwrite refuses when a template file's place is taken by a folder; nothing changes", (t) => {
  const cwd = makeTmp(t);
  fs.mkdirSync(path.join(cwd, "app", "genezio.yaml"), { recursive: true });
  fs.writeFileSync(path.join(cwd, "app", "keep.txt"), "mine");
  const before = snapshotTree(cwd);
  const r = runCli(["app", ...OK_FLAGS, "--overwrite"], { cwd });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /genezio\.yaml exists and is not a file/);
  assert.deepEqual(snapshotTree(cwd), before);
  assert.deepEqual(fs.readdirSync(cwd), ["app"]);
  assert.deepEqual(fs.readdirSync(path.join(cwd, "app")).sort(), ["genezio.yaml", "keep.txt"]);
});
