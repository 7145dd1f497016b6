// server/node_modules for genezio (scripts/lib/server-modules.ts, run by postinstall and deploy).
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { lib } from "./lib-copy.ts";

type M = typeof import("../../template/base/scripts/lib/server-modules.ts");

function project(t: { after: (fn: () => void) => void }): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "cgr-server-modules-"));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.mkdirSync(path.join(root, "server"));
  for (const pkg of ["@genezio/types", "@types/node", "tsx"]) {
    fs.mkdirSync(path.join(root, "node_modules", pkg), { recursive: true });
    fs.writeFileSync(path.join(root, "node_modules", pkg, "package.json"), `{"name":"${pkg}"}`);
  }
  return root;
}

test("hoisted install: server/node_modules becomes an ABSOLUTE link to the root node_modules", async (t) => {
  const { ensureServerModules } = await lib<M>("server-modules");
  const root = project(t);
  const r = ensureServerModules(root);
  assert.equal(r.action, "linked");
  const link = path.join(root, "server", "node_modules");
  assert.ok(fs.lstatSync(link).isSymbolicLink());
  assert.ok(path.isAbsolute(fs.readlinkSync(link)), "genezio local copies the folder: a relative link would dangle");
  assert.ok(fs.existsSync(path.join(link, "@genezio", "types", "package.json")));
  assert.equal(ensureServerModules(root).action, "none", "second run changes nothing");
});

test("a moved project is relinked; nothing installed yet is left alone", async (t) => {
  const { ensureServerModules } = await lib<M>("server-modules");
  const root = project(t);
  ensureServerModules(root);
  const moved = `${root}-moved`;
  fs.renameSync(root, moved);
  t.after(() => fs.rmSync(moved, { recursive: true, force: true }));
  assert.equal(ensureServerModules(moved).action, "linked");
  assert.equal(fs.readlinkSync(path.join(moved, "server", "node_modules")), path.join(moved, "node_modules"));

  const bare = fs.mkdtempSync(path.join(os.tmpdir(), "cgr-server-modules-bare-"));
  t.after(() => fs.rmSync(bare, { recursive: true, force: true }));
  fs.mkdirSync(path.join(bare, "server"));
  const r = ensureServerModules(bare);
  assert.equal(r.action, "none");
  assert.ok(!fs.existsSync(path.join(bare, "server", "node_modules")));
});

test("a real server/node_modules (pnpm, unhoisted packages) is kept; only missing scopes are linked", async (t) => {
  const { ensureServerModules } = await lib<M>("server-modules");
  const root = project(t);
  const own = path.join(root, "server", "node_modules", "left-pad");
  fs.mkdirSync(own, { recursive: true });
  fs.writeFileSync(path.join(own, "index.js"), "mine");
  const r = ensureServerModules(root);
  assert.equal(r.action, "linked-scopes");
  assert.equal(fs.readFileSync(path.join(own, "index.js"), "utf8"), "mine");
  assert.ok(fs.lstatSync(path.join(root, "server", "node_modules", "@genezio")).isSymbolicLink());
  assert.ok(fs.existsSync(path.join(root, "server", "node_modules", "@types", "node", "package.json")));
  assert.equal(ensureServerModules(root).action, "none");
});
