/** Temp folders for tests, removed when the test ends. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface HasAfter {
  after(fn: () => void | Promise<void>): void;
}

export function makeTmp(t: HasAfter, prefix = "cgr-test-"): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Lists every file (not folder) under dir, "/"-separated and sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string): void => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(abs, e.name), r);
      else out.push(r);
    }
  };
  walk(dir, "");
  return out.sort();
}

/** Snapshot of a tree: relative path → base64 contents, for before/after comparisons. */
export function snapshotTree(dir: string): Record<string, string> {
  const snap: Record<string, string> = {};
  for (const f of listFiles(dir)) snap[f] = fs.readFileSync(path.join(dir, f)).toString("base64");
  return snap;
}
