/**
 * The built CLI without a terminal, POSIX-only parts: unwritable folders (setpriv to nobody),
 * signals mid-write, fake package managers as shell scripts on PATH.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { binPath, cliEnv, ensureBuilt, runCli } from "../helpers/cli.ts";
import { listFiles, makeTmp, snapshotTree } from "../helpers/tmp.ts";

const OK_FLAGS = ["--template", "axum", "--no-git"];

test("unwritable target (run as nobody): exit 1 with the reason", (t) => {
  const cwd = makeTmp(t);
  fs.chmodSync(cwd, 0o755);
  fs.mkdirSync(path.join(cwd, "existing"));
  ensureBuilt();
  // As root, permissions do not stop us: drop to nobody. Elsewhere a read-only folder does.
  const isRoot = process.getuid?.() === 0;
  const asNobody = isRoot ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : undefined;
  if (!isRoot) {
    fs.chmodSync(cwd, 0o555);
    fs.chmodSync(path.join(cwd, "existing"), 0o555);
    t.after(() => {
      fs.chmodSync(cwd, 0o755);
      fs.chmodSync(path.join(cwd, "existing"), 0o755);
    });
  }
  const missing = runCli(["app", ...OK_FLAGS], { cwd, prefix: asNobody });
  assert.equal(missing.code, 1, missing.stderr);
  assert.match(missing.stderr, /Cannot write to .* \(EACCES\)/);
  const existing = runCli(["existing", ...OK_FLAGS], { cwd, prefix: asNobody });
  assert.equal(existing.code, 1);
  assert.match(existing.stderr, /Cannot write to .*existing \(EACCES\)/);
  assert.deepEqual(fs.readdirSync(cwd), ["existing"]);
});

test("SIGTERM/SIGINT while writing removes everything this run created", async (t) => {
  const cwd = makeTmp(t);
  ensureBuilt();
  for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
    const child = spawn(process.execPath, [binPath, "deep/app", ...OK_FLAGS], {
      cwd, env: cliEnv({ CREATE_GENEZIO_RUST_TEST_HOLD: "after-render" }), stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    await new Promise<void>((resolve) => {
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes("HOLD after-render")) resolve();
      });
    });
    assert.ok(fs.readdirSync(cwd).includes("deep"), "the run created its folders before the hold");
    child.kill(signal);
    const exit = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    assert.equal(exit, code);
    assert.match(stderr, /nothing was written/);
    assert.deepEqual(fs.readdirSync(cwd), [], `${signal}: leftovers`);
  }
});

test("SIGTERM while writing into an existing folder leaves it as it was", async (t) => {
  const cwd = makeTmp(t);
  fs.mkdirSync(path.join(cwd, "app"));
  fs.writeFileSync(path.join(cwd, "app", "keep.txt"), "mine");
  const before = snapshotTree(cwd);
  ensureBuilt();
  const child = spawn(process.execPath, [binPath, "app", ...OK_FLAGS, "--overwrite"], {
    cwd, env: cliEnv({ CREATE_GENEZIO_RUST_TEST_HOLD: "after-render" }), stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve) => child.stderr.on("data", (d: Buffer) => d.toString().includes("HOLD") && resolve()));
  child.kill("SIGTERM");
  await new Promise((resolve) => child.on("close", resolve));
  assert.deepEqual(snapshotTree(cwd), before);
  assert.deepEqual(fs.readdirSync(cwd), ["app"]);
});

test("install: runs the detected package manager; a failure keeps the project and prints the retry", (t) => {
  const cwd = makeTmp(t);
  const bin = path.join(cwd, "fakebin");
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, "pnpm"), "#!/bin/sh\necho \"fake pnpm $* in $(pwd)\"\nexit 0\n", { mode: 0o755 });
  fs.writeFileSync(path.join(bin, "npm"), "#!/bin/sh\necho 'fake npm: network down' >&2\nexit 7\n", { mode: 0o755 });
  const PATH = `${bin}${path.delimiter}${process.env.PATH ?? ""}`;
  const ok = runCli(["a1", ...OK_FLAGS], { cwd, env: { PATH, CREATE_GENEZIO_RUST_SKIP_INSTALL: undefined, npm_config_user_agent: "pnpm/9.0.0 npm/? node/v20" } });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, new RegExp(`fake pnpm install in ${path.join(cwd, "a1").replaceAll("/", "\\/")}`));
  assert.match(ok.stdout, /Dependencies installed/);
  assert.match(ok.stdout, /pnpm run dev/);
  assert.doesNotMatch(ok.stdout, /^ {2}pnpm install$/m);

  const bad = runCli(["a2", ...OK_FLAGS], { cwd, env: { PATH, CREATE_GENEZIO_RUST_SKIP_INSTALL: undefined } });
  assert.equal(bad.code, 0);
  assert.match(bad.stderr, /Install failed: npm install exited with code 7\. The project is kept; retry with:\n {2}cd a2 && npm install/);
  assert.ok(fs.existsSync(path.join(cwd, "a2", "genezio.yaml")));
  assert.match(bad.stdout, /^ {2}npm install$/m);
});

test("--no-install never runs the package manager", (t) => {
  const cwd = makeTmp(t);
  const bin = path.join(cwd, "fakebin");
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, "npm"), `#!/bin/sh\ntouch ${JSON.stringify(path.join(cwd, "npm-ran"))}\n`, { mode: 0o755 });
  const r = runCli(["app", ...OK_FLAGS, "--no-install"], { cwd, env: { PATH: `${bin}:${process.env.PATH ?? ""}`, CREATE_GENEZIO_RUST_SKIP_INSTALL: undefined } });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!fs.existsSync(path.join(cwd, "npm-ran")));
  assert.ok(listFiles(path.join(cwd, "app")).includes("genezio.yaml"));
});


test("Ctrl-C during the install (whole process group) keeps the project and prints how to finish", async (t) => {
  const cwd = makeTmp(t);
  const bin = path.join(cwd, "fakebin");
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, "npm"), "#!/bin/sh\necho INSTALLING\nsleep 30\n", { mode: 0o755 });
  ensureBuilt();
  const child = spawn(process.execPath, [binPath, "app", ...OK_FLAGS], {
    cwd, detached: true, stdio: ["ignore", "pipe", "pipe"],
    env: cliEnv({ PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`, CREATE_GENEZIO_RUST_SKIP_INSTALL: undefined }),
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve) => child.stdout.on("data", (d: Buffer) => d.toString().includes("INSTALLING") && resolve()));
  process.kill(-(child.pid as number), "SIGINT");
  const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
  assert.equal(code, 130);
  assert.match(stderr, /Stopped by SIGINT\. The project is in .*app; finish with:\n {2}cd app && npm install/);
  assert.ok(fs.existsSync(path.join(cwd, "app", "genezio.yaml")));
});

test("without git on PATH the project is written and git is skipped with the reason", (t) => {
  const cwd = makeTmp(t);
  const empty = path.join(cwd, "emptybin");
  fs.mkdirSync(empty);
  const r = runCli(["app", "--template", "axum"], { cwd, env: { PATH: empty } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /git: skipped: git is not installed/);
  assert.ok(!fs.existsSync(path.join(cwd, "app", ".git")));
  assert.ok(fs.existsSync(path.join(cwd, "app", "genezio.yaml")));
});
