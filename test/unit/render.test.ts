import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { isBinary, readTemplateDir, renderText, RenderError } from "../../src/render.ts";
import { makeTmp } from "../helpers/tmp.ts";

const ctx = { tokens: { name: "my-app", "v.axum": "0.8" }, flags: { on: true, off: false } };

test("tokens are substituted; GitHub expressions with spaces are untouched", () => {
  assert.equal(renderText("n={{name}} v={{v.axum}}", ctx), "n=my-app v=0.8");
  assert.equal(renderText("${{ matrix.target }} {{ name }}", ctx), "${{ matrix.target }} {{ name }}");
});

test("if/else/unless blocks, inline and on their own lines", () => {
  assert.equal(renderText("a{{#if on}}Y{{else}}N{{/if}}b", ctx), "aYb");
  assert.equal(renderText("a{{#if off}}Y{{else}}N{{/if}}b", ctx), "aNb");
  assert.equal(renderText("a{{#unless off}}U{{/unless}}b", ctx), "aUb");
  assert.equal(renderText("a{{#if off}}Y{{/if}}b", ctx), "ab");
  assert.equal(renderText("x\n  {{#if on}}\nyes {{name}}\n  {{else}}\nno\n  {{/if}}\ny\n", ctx), "x\nyes my-app\ny\n");
  assert.equal(renderText("x\n{{#if off}}\nyes\n{{/if}}\ny\n", ctx), "x\ny\n");
  assert.equal(renderText("x\r\n{{#if on}}\r\nyes\r\n{{/if}}\r\ny\r\n", ctx), "x\r\nyes\r\ny\r\n");
});

test("unknown token or flag, unbalanced or nested blocks are errors", () => {
  assert.throws(() => renderText("{{nope}}", ctx, "f.txt"), (e: unknown) => e instanceof RenderError && /f\.txt: unknown token \{\{nope\}\}/.test(e.message));
  assert.throws(() => renderText("{{#if nope}}x{{/if}}", ctx), /unknown flag "nope"/);
  assert.throws(() => renderText("{{#if on}}x", ctx), /unbalanced or nested/);
  assert.throws(() => renderText("x{{/unless}}", ctx), /unbalanced or nested/);
  assert.throws(() => renderText("{{#if on}}{{#if off}}a{{/if}}{{/if}}", ctx), /unbalanced or nested/);
});

test("readTemplateDir reads files sorted with / paths and modes; binary detection", (t) => {
  const dir = makeTmp(t);
  fs.mkdirSync(path.join(dir, "b", "c"), { recursive: true });
  fs.writeFileSync(path.join(dir, "b", "c", "x.sh"), "#!/bin/sh\n", { mode: 0o755 });
  fs.writeFileSync(path.join(dir, "a.txt"), "A");
  fs.writeFileSync(path.join(dir, "bin.dat"), Buffer.from([1, 0, 2]));
  const files = readTemplateDir(dir);
  assert.deepEqual(files.map((f) => f.path), ["a.txt", "b/c/x.sh", "bin.dat"]);
  assert.equal(files[1]?.mode, 0o755);
  assert.equal(isBinary(files[2]!.contents), true);
  assert.equal(isBinary(files[0]!.contents), false);
  assert.deepEqual(readTemplateDir(path.join(dir, "missing")), []);
});
