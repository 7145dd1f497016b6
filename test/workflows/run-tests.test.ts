// The test runner behind `npm test`, `npm run test:portable`, `test:linux` and `test:conformance`.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, test } from "node:test";
import { listFiles, parseArgs, selectTestFiles } from "../../.github/scripts/run-tests.mjs";
import { repoRoot } from "./lib/renovate-package.ts";

const script = path.join(repoRoot, ".github", "scripts", "run-tests.mjs");
const files = [
  "test/unit/names.test.ts",
  "test/cli/args.test.ts",
  "test/cli/interactive.linux.test.ts",
  "test/trap/bridge.test.ts",
  "test/scripts/dev.test.ts",
  "test/conformance/suite.test.ts",
  "test/workflows/renovate.test.ts",
  "test/helpers/cli.ts",
  "test/workflows/lib/actionlint.ts",
  "test/fixtures/lambda-stub/src/main.rs",
  "README.md",
];

describe("selectTestFiles", () => {
  test("all: every *.test.ts under test/, sorted", () => {
    assert.deepEqual(selectTestFiles(files, "all"), [
      "test/cli/args.test.ts",
      "test/cli/interactive.linux.test.ts",
      "test/conformance/suite.test.ts",
      "test/scripts/dev.test.ts",
      "test/trap/bridge.test.ts",
      "test/unit/names.test.ts",
      "test/workflows/renovate.test.ts",
    ]);
  });

  test("portable: no Linux-only area or *.linux.test.ts file, no conformance", () => {
    assert.deepEqual(selectTestFiles(files, "portable"), [
      "test/cli/args.test.ts",
      "test/unit/names.test.ts",
      "test/workflows/renovate.test.ts",
    ]);
  });

  test("linux: exactly the Linux-only files, still without conformance", () => {
    assert.deepEqual(selectTestFiles(files, "linux"), [
      "test/cli/interactive.linux.test.ts",
      "test/scripts/dev.test.ts",
      "test/trap/bridge.test.ts",
    ]);
  });

  test("portable and linux together are all but the separate areas, with no overlap", () => {
    const portable = selectTestFiles(files, "portable");
    const linux = selectTestFiles(files, "linux");
    assert.equal(portable.filter((f) => linux.includes(f)).length, 0);
    assert.deepEqual(
      [...portable, ...linux].sort(),
      selectTestFiles(files, "all").filter((f) => !f.startsWith("test/conformance/")),
    );
  });

  test("--area restricts to named areas", () => {
    assert.deepEqual(selectTestFiles(files, "all", ["conformance"]), ["test/conformance/suite.test.ts"]);
    assert.deepEqual(selectTestFiles(files, "portable", ["cli", "trap"]), ["test/cli/args.test.ts"]);
  });
});

describe("parseArgs", () => {
  test("modes, areas, concurrency and --list", () => {
    assert.deepEqual(parseArgs([]), { mode: "all", list: false, concurrency: 2, areas: [] });
    assert.deepEqual(parseArgs(["--portable", "--list"]), { mode: "portable", list: true, concurrency: 2, areas: [] });
    assert.deepEqual(parseArgs(["--area", "conformance", "--concurrency=1", "--area=cli"]), {
      mode: "all",
      list: false,
      concurrency: 1,
      areas: ["conformance", "cli"],
    });
  });

  test("anything else is refused with the usage", () => {
    assert.throws(() => parseArgs(["--windows"]), /bad argument "--windows"; usage: run-tests\.mjs/);
    assert.throws(() => parseArgs(["--area"]), /bad argument "--area"/);
    assert.throws(() => parseArgs(["--concurrency", "0"]), /bad argument "--concurrency"/);
  });
});

describe("on this repository", () => {
  test("listFiles sees this file with forward slashes", () => {
    assert.ok(listFiles(repoRoot).includes("test/workflows/run-tests.test.ts"));
  });

  test("--list prints the portable selection, which includes this file and no trap test", () => {
    const res = spawnSync(process.execPath, [script, "--portable", "--list"], { cwd: repoRoot, encoding: "utf8" });
    assert.equal(res.status, 0, res.stderr);
    const listed = res.stdout.trim().split("\n");
    assert.ok(listed.includes("test/workflows/run-tests.test.ts"));
    assert.ok(listed.every((f) => !f.startsWith("test/trap/") && !f.startsWith("test/conformance/")));
  });

  test("an area with no tests is an error, not a silent pass", () => {
    const res = spawnSync(process.execPath, [script, "--area", "no-such-area"], { cwd: repoRoot, encoding: "utf8" });
    assert.equal(res.status, 1);
    assert.match(res.stderr, /no test files selected \(mode all, areas no-such-area\)/);
  });
});
