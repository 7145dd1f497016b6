import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { STUB_CRATE, actions, realCargoDirs, realRustEnv, runScript, scaffold, toolsDir } from "./harness.ts";

describe("test script", () => {
  test("cargo test in the crate folder, then both TypeScript projects type-check", (t) => {
    const s = scaffold(t);
    const r = runScript(s, "test", ["--", "--quiet"], [toolsDir(s, ["cargo"])]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(actions(s).map((c) => [c.tool, c.args, c.cwd]), [["cargo", ["test", "--quiet"], path.join(s.project, "rust")]]);
    assert.match(r.stdout, /tsc --noEmit -p tsconfig\.json\n/);
    assert.match(r.stdout, /tsc --noEmit -p server\/tsconfig\.json\n/);
    assert.match(r.stdout, /cargo test and the type check passed/);
  });

  test("a failing cargo test fails the script before the type check", (t) => {
    const s = scaffold(t);
    const r = runScript(s, "test", [], [toolsDir(s, ["cargo"])], { STANDIN_FAIL: "cargo test" });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cargo test failed \(exit 1\)/);
    assert.match(r.stderr, /fix: .*type check did not run \(\S+ run typecheck runs it alone\)/);
    assert.doesNotMatch(r.stdout, /tsc --noEmit/);
  });

  test("a type error fails the script and names the project", (t) => {
    const s = scaffold(t);
    fs.appendFileSync(path.join(s.project, "server", "service.ts"), '\nexport const broken: number = "text";\n');
    const r = runScript(s, "test", [], [toolsDir(s, ["cargo"])]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /service\.ts.*TS2322/);
    assert.match(r.stderr, /the TypeScript type check of tsconfig\.json failed/);
  });

  test("real cargo test on a crate picked with GENEZIO_RUST_CRATE_DIR", (t) => {
    const s = scaffold(t);
    const crate = path.join(s.root, "stub");
    fs.mkdirSync(crate);
    for (const entry of ["Cargo.toml", "Cargo.lock", "src"]) {
      if (fs.existsSync(path.join(STUB_CRATE, entry))) fs.cpSync(path.join(STUB_CRATE, entry), path.join(crate, entry), { recursive: true });
    }
    const r = runScript(s, "test", [], realCargoDirs(), { ...realRustEnv(), GENEZIO_RUST_CRATE_DIR: crate });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /test result: ok\./);
    assert.match(r.stdout, /cargo test and the type check passed/);
  });
});
