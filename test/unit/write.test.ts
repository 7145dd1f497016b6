import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { inspectTarget, targetRefusal, WriteTransaction } from "../../src/write.ts";
import type { PlanFile } from "../../src/plan.ts";
import { listFiles, makeTmp, snapshotTree } from "../helpers/tmp.ts";

const f = (p: string, text: string): PlanFile => ({ path: p, contents: Buffer.from(text), mode: 0o644 });

test("inspectTarget classifies folders; targetRefusal explains and names the fix", (t) => {
  const dir = makeTmp(t);
  assert.deepEqual(inspectTarget(path.join(dir, "new", "deeper")), { kind: "missing" });
  fs.mkdirSync(path.join(dir, "empty"));
  assert.deepEqual(inspectTarget(path.join(dir, "empty")), { kind: "empty" });
  fs.mkdirSync(path.join(dir, "git", ".git"), { recursive: true });
  assert.deepEqual(inspectTarget(path.join(dir, "git")), { kind: "gitOnly" });
  fs.mkdirSync(path.join(dir, "dot"));
  fs.writeFileSync(path.join(dir, "dot", ".env"), "");
  const dot = inspectTarget(path.join(dir, "dot"));
  assert.deepEqual(dot, { kind: "nonEmpty", entries: [".env"] });
  assert.match(targetRefusal(dot, "dot", false) ?? "", /not empty: it holds \.env\.\n {2}Fix: .*--overwrite/);
  assert.equal(targetRefusal(dot, "dot", true), undefined);
  fs.writeFileSync(path.join(dir, "file"), "");
  assert.deepEqual(inspectTarget(path.join(dir, "file")), { kind: "file" });
  assert.deepEqual(inspectTarget(path.join(dir, "file", "sub")), { kind: "parentIsFile", file: path.join(dir, "file") });
});

test("writes into a missing nested target, creating its parents; no temp folder left", async (t) => {
  const dir = makeTmp(t);
  const target = path.join(dir, "a", "b", "app");
  await new WriteTransaction(target).write([f("x/y.txt", "1"), f("z.txt", "2")]);
  assert.deepEqual(listFiles(dir), ["a/b/app/x/y.txt", "a/b/app/z.txt"]);
});

test("a failure while rendering removes the temp folder and the parents it created", async (t) => {
  const dir = makeTmp(t);
  const tx = new WriteTransaction(path.join(dir, "a", "app"));
  await assert.rejects(tx.write([f("x", "file"), f("x/y", "x is a file, so this fails")]));
  tx.rollback();
  assert.deepEqual(fs.readdirSync(dir), []);
});

test("a failure while moving into an existing folder restores replaced files and removes new ones", async (t) => {
  const dir = makeTmp(t);
  const target = path.join(dir, "app");
  fs.mkdirSync(target);
  fs.writeFileSync(path.join(target, "a.txt"), "old");
  fs.writeFileSync(path.join(target, "keep.txt"), "mine");
  const before = snapshotTree(dir);
  const tx = new WriteTransaction(target);
  await assert.rejects(
    tx.write([f("a.txt", "new"), f("new/b.txt", "b"), f("z.txt", "z")], {
      afterRender: async () => {
        // sabotage: the last file vanishes from the temp folder, so its move fails mid-way
        const temp = fs.readdirSync(dir).find((e) => e.startsWith(".app.create-genezio-rust-"));
        assert.ok(temp, "temp folder is beside the target");
        fs.rmSync(path.join(dir, temp, "project", "z.txt"));
      },
    }),
    /ENOENT/,
  );
  assert.equal(fs.readFileSync(path.join(target, "a.txt"), "utf8"), "new", "moved before the failure");
  tx.rollback();
  assert.deepEqual(snapshotTree(dir), before);
  assert.deepEqual(fs.readdirSync(dir), ["app"]);
  assert.deepEqual(fs.readdirSync(target).sort(), ["a.txt", "keep.txt"]);
});

test("rollback after success is a no-op", async (t) => {
  const dir = makeTmp(t);
  const tx = new WriteTransaction(path.join(dir, "app"));
  await tx.write([f("a.txt", "1")]);
  tx.rollback();
  assert.deepEqual(listFiles(dir), ["app/a.txt"]);
});
