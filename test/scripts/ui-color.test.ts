/** The generated scripts' colour rule: NO_COLOR, FORCE_COLOR, terminal, TERM=dumb. */
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { scaffold } from "./harness.ts";

type ColorEnabled = (env: Readonly<Record<string, string | undefined>>, isTTY: boolean) => boolean;
let colorEnabled: ColorEnabled;

// template/base/package.json holds tokens, so the module is loaded from a scaffolded project.
const cleanups: (() => void | Promise<void>)[] = [];
test.after(async () => {
  for (const cleanup of cleanups) await cleanup();
});
test.before(async () => {
  const s = scaffold({ after: (fn) => void cleanups.push(fn) });
  const mod = (await import(pathToFileURL(path.join(s.project, "scripts", "lib", "ui.ts")).href)) as { colorEnabled: ColorEnabled };
  colorEnabled = mod.colorEnabled;
});

test("NO_COLOR with a value turns colour off, even with FORCE_COLOR or a terminal", () => {
  assert.equal(colorEnabled({ NO_COLOR: "1" }, true), false);
  assert.equal(colorEnabled({ NO_COLOR: "1", FORCE_COLOR: "1" }, true), false);
});

test("an empty NO_COLOR is ignored (no-color.org)", () => {
  assert.equal(colorEnabled({ NO_COLOR: "" }, true), true);
});

test("FORCE_COLOR turns colour on without a terminal, except FORCE_COLOR=0 or empty", () => {
  assert.equal(colorEnabled({ FORCE_COLOR: "1" }, false), true);
  assert.equal(colorEnabled({ FORCE_COLOR: "0" }, true), true);
  assert.equal(colorEnabled({ FORCE_COLOR: "0" }, false), false);
  assert.equal(colorEnabled({ FORCE_COLOR: "" }, false), false);
});

test("otherwise colour only on a terminal that is not TERM=dumb", () => {
  assert.equal(colorEnabled({}, true), true);
  assert.equal(colorEnabled({}, false), false);
  assert.equal(colorEnabled({ TERM: "dumb" }, true), false);
});
