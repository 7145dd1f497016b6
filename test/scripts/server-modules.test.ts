// server/node_modules as genezio needs it (scripts/lib/server-deps.ts, used by postinstall and deploy).
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { lib } from "./lib-copy.ts";

type M = typeof import("../../template/base/scripts/lib/server-deps.ts");

function project(t: { after: (fn: () => void) => void }): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "cgr-server-deps-"));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.mkdirSync(path.join(root, "server"));
  fs.mkdirSync(path.join(root, "node_modules", "@genezio", "types"), { recursive: true });
  fs.writeFileSync(path.join(root, "node_modules", "@genezio", "types", "package.json"), "{}");
  return root;
}

test("hoisted install (types only at the root): a problem naming the npm fix", async (t) => {
  const { serverDepsProblem } = await lib<M>("server-deps");
  const p = serverDepsProblem(project(t));
  assert.ok(p);
  assert.match(p.reason, /server\/node_modules\/@genezio\/types is missing/);
  assert.match(p.fix, /npm install/);
  assert.match(p.fix, /install-strategy=nested/);
});

test("a symlinked server/node_modules is refused (npm install would delete through it)", async (t) => {
  const { serverDepsProblem } = await lib<M>("server-deps");
  const root = project(t);
  fs.symlinkSync(path.join(root, "node_modules"), path.join(root, "server", "node_modules"), "dir");
  const p = serverDepsProblem(root);
  assert.ok(p);
  assert.match(p.reason, /symlink/);
  assert.match(p.fix, /rm server\/node_modules/);
});

test("a nested install (types inside server/node_modules) is fine", async (t) => {
  const { serverDepsProblem } = await lib<M>("server-deps");
  const root = project(t);
  fs.mkdirSync(path.join(root, "server", "node_modules", "@genezio", "types"), { recursive: true });
  fs.writeFileSync(path.join(root, "server", "node_modules", "@genezio", "types", "package.json"), "{}");
  assert.equal(serverDepsProblem(root), undefined);
});
