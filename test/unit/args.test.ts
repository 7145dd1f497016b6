import { test } from "node:test";
import assert from "node:assert/strict";
import { parseArgs, UsageError } from "../../src/cli/args.ts";

test("defaults", () => {
  assert.deepEqual(parseArgs([]), { yes: false, overwrite: false, install: true, git: true, help: false, version: false });
});

test("all flags, short and long, = and space forms", () => {
  const a = parseArgs(["my-app", "-t", "lambda-runtime", "--arch=arm64", "--toolchain", "cross", "--region", "eu-central-1", "-y", "--overwrite", "--no-install", "--no-git"]);
  assert.deepEqual(a, {
    dir: "my-app", template: "lambda-runtime", arch: "arm64", toolchain: "cross", region: "eu-central-1",
    yes: true, overwrite: true, install: false, git: false, help: false, version: false,
  });
  assert.equal(parseArgs(["--template=axum"]).template, "axum");
  assert.equal(parseArgs(["-h"]).help, true);
  assert.equal(parseArgs(["-v"]).version, true);
  assert.equal(parseArgs(["--", "-odd"]).dir, "-odd");
});

const invalid: Array<[string[], RegExp]> = [
  [["--template", "vue"], /Invalid value for --template: "vue"\. Valid values: axum, lambda-runtime/],
  [["--arch", "x64"], /Valid values: both, arm64, x86_64/],
  [["--toolchain", "docker"], /Valid values: zig, cross/],
  [["--region", "mars-1"], /Valid values: us-east-1, .*eu-central-1/],
  [["--region", "af-south-1"], /Invalid value for --region/],
  [["--template"], /--template needs a value: one of axum, lambda-runtime/],
  [["-t", "--yes"], /-t needs a value/],
  [["--frobnicate"], /Unknown option "--frobnicate"\. Valid options: .*--template/],
  [["-x"], /Unknown option "-x"/],
  [["a", "b"], /Unexpected extra argument "b"/],
  [["--yes=1"], /takes no value/],
  [["--arch", "arm64", "--arch", "x86_64"], /given twice/],
];
for (const [argv, message] of invalid) {
  test(`refuses ${argv.join(" ")}`, () => {
    assert.throws(() => parseArgs(argv), (e: unknown) => e instanceof UsageError && message.test(e.message));
  });
}
