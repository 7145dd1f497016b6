/** The npm pack tarball installs as ONE package (no dependencies) and scaffolds through its bin. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { binPath, cliEnv, ensureBuilt, repoRoot } from "../helpers/cli.ts";
import { listFiles, makeTmp } from "../helpers/tmp.ts";

test("the built bundle is one small file importing only node: builtins", () => {
  ensureBuilt();
  const text = fs.readFileSync(binPath, "utf8");
  assert.ok(text.startsWith("#!/usr/bin/env node\n"));
  assert.ok((fs.statSync(binPath).mode & 0o111) !== 0, "dist/index.mjs is executable");
  const specifiers = [...text.matchAll(/^import .* from "([^"]+)";?$/gm)].map((m) => m[1]);
  assert.ok(specifiers.length > 0);
  for (const s of specifiers) assert.match(s!, /^node:/);
  assert.doesNotMatch(text, /\brequire\(["'](?!node:)/);
  // The bundle = the CLI's code (< 100 KiB) + the template snapshot (src/template-source.ts),
  // which JSON escaping makes at most a quarter bigger than template/ itself.
  const templateBytes = listFiles(path.join(repoRoot, "template")).reduce((n, f) => n + fs.statSync(path.join(repoRoot, "template", f)).size, 0);
  assert.ok(text.length < 100 * 1024 + templateBytes * 1.25, `bundle is ${text.length} bytes, template/ ${templateBytes}`);
});

test("npm pack → npm install <tgz> installs exactly one package; its bin scaffolds a project", (t) => {
  ensureBuilt();
  const tmp = makeTmp(t);
  const shell = process.platform === "win32"; // npm and .bin shims are .cmd files there
  const env = cliEnv({ npm_config_cache: path.join(tmp, "npm-cache"), npm_config_update_notifier: "false" });
  const pack = spawnSync("npm", ["pack", "--json", "--pack-destination", tmp], { cwd: repoRoot, env, encoding: "utf8", shell });
  assert.equal(pack.status, 0, pack.stderr);
  const info = (JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>)[0]!;
  const packed = info.files.map((f) => f.path);
  for (const p of ["dist/index.mjs", "package.json", "template/base/_gitignore", "template/base/genezio.yaml", "template/axum/rust/src/main.rs", "template/lambda-runtime/rust/src/main.rs"]) {
    assert.ok(packed.includes(p), `tarball lacks ${p}`);
  }
  assert.ok(!packed.some((p) => p.startsWith("src/") || p.startsWith("test/")), "tarball ships sources or tests");

  const app = path.join(tmp, "consumer");
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  const install = spawnSync("npm", ["install", "--offline", "--no-audit", "--no-fund", shell ? JSON.stringify(path.join(tmp, info.filename)) : path.join(tmp, info.filename)], { cwd: app, env, encoding: "utf8", shell });
  assert.equal(install.status, 0, `${install.stdout}${install.stderr}`);
  const installed = fs.readdirSync(path.join(app, "node_modules")).filter((e) => !e.startsWith("."));
  assert.deepEqual(installed, ["create-genezio-rust"]);
  const lock = JSON.parse(fs.readFileSync(path.join(app, "package-lock.json"), "utf8")) as { packages: Record<string, unknown> };
  assert.deepEqual(Object.keys(lock.packages).filter((k) => k !== ""), ["node_modules/create-genezio-rust"]);

  const bin = path.join(app, "node_modules", ".bin", "create-genezio-rust");
  const r = spawnSync(shell ? JSON.stringify(`${bin}.cmd`) : bin, ["my-svc", "--template", "lambda-runtime", "--arch", "x86_64", "--no-git"], { cwd: tmp, env, encoding: "utf8", shell });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  assert.match(fs.readFileSync(path.join(tmp, "my-svc", "genezio.yaml"), "utf8"), /name: my-svc/);
  assert.ok(fs.existsSync(path.join(tmp, "my-svc", ".gitignore")));
});
