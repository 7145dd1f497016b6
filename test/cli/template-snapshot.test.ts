// The bundle scaffolds from its build-time snapshot of template/ (src/template-source.ts).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { binPath, cliEnv, ensureBuilt, repoRoot, runCli } from "../helpers/cli.ts";
import { makeTmp, snapshotTree } from "../helpers/tmp.ts";

const FLAGS = ["--yes", "--no-install", "--no-git", "--template", "lambda-runtime", "--arch", "x86_64"];

test("the bundled snapshot writes exactly what template/ on disk gives", (t) => {
  ensureBuilt();
  const cwd = makeTmp(t);
  const fromBundle = runCli(["app", ...FLAGS], { cwd });
  assert.equal(fromBundle.code, 0, fromBundle.stderr);
  const other = makeTmp(t);
  const fromDisk = runCli(["app", ...FLAGS], { cwd: other, env: { CREATE_GENEZIO_RUST_TEMPLATE_DIR: path.join(repoRoot, "template") } });
  assert.equal(fromDisk.code, 0, fromDisk.stderr);
  assert.deepEqual(snapshotTree(path.join(cwd, "app")), snapshotTree(path.join(other, "app")));
});

test("the bundle alone (no template/ beside it) still scaffolds: it reads no template files", (t) => {
  ensureBuilt();
  const lonely = makeTmp(t);
  fs.mkdirSync(path.join(lonely, "dist"));
  fs.copyFileSync(binPath, path.join(lonely, "dist", "index.mjs"));
  fs.copyFileSync(path.join(repoRoot, "package.json"), path.join(lonely, "package.json"));
  const cwd = makeTmp(t);
  const r = spawnSync(process.execPath, [path.join(lonely, "dist", "index.mjs"), "app", ...FLAGS], { cwd, env: cliEnv(), encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(fs.existsSync(path.join(cwd, "app", "rust", "src", "main.rs")));
  assert.match(fs.readFileSync(path.join(cwd, "app", "genezio.yaml"), "utf8"), /architecture: x86_64/);
});
