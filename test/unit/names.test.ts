import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { deriveNames, GENEZIO_NAME_PATTERN, nameFromDir, NameError, NAME_RULE, suggestName } from "../../src/names.ts";

test("derives every name from one project name", () => {
  assert.deepEqual(deriveNames("my-app"), { projectName: "my-app", packageName: "my-app", crateName: "my_app", genezioName: "my-app", className: "MyApp" });
  assert.deepEqual(deriveNames("api2-v3"), { projectName: "api2-v3", packageName: "api2-v3", crateName: "api2_v3", genezioName: "api2-v3", className: "Api2V3" });
  assert.equal(deriveNames("a").className, "A");
});

test("derived names satisfy their own rules", () => {
  for (const name of ["x", "hello-world", "a1-b2-c3", "z".repeat(64)]) {
    const n = deriveNames(name);
    assert.match(n.genezioName, GENEZIO_NAME_PATTERN);
    assert.match(n.crateName, /^[a-z][a-z0-9_]*$/);
    assert.match(n.className, /^[A-Z][A-Za-z0-9]*$/);
    assert.match(n.packageName, /^[a-z][a-z0-9-]*$/);
  }
});

const bad: Array<[string, RegExp]> = [
  ["", /empty/],
  ["My-App", /uppercase/],
  ["my app", /space/],
  ["café", /"é"/],
  ["日本", /"日"/],
  ["1app", /start with a lowercase letter/],
  ["-app", /start with a lowercase letter/],
  ["app-", /hyphens/],
  ["my--app", /hyphens/],
  ["my_app", /"_"/],
  ["my.app", /"\."/],
  ["fn", /Rust keyword/],
  ["self", /Rust keyword/],
  ["async", /Rust keyword/],
  ["std", /reserved/],
  ["core", /reserved/],
  ["test", /reserved/],
  ["proc-macro", /reserved/],
  ["build", /reserved/],
  ["con", /reserved/],
  ["rust-trap", /class name RustTrap/],
  ["promise", /class name Promise/],
  ["a".repeat(65), /65 characters/],
];
for (const [name, why] of bad) {
  test(`refuses ${JSON.stringify(name.length > 20 ? `${name.slice(0, 8)}…(${name.length})` : name)} naming the rule`, () => {
    assert.throws(() => deriveNames(name), (e: unknown) => {
      assert.ok(e instanceof NameError);
      assert.match(e.message, why);
      assert.ok(e.message.includes(NAME_RULE));
      return true;
    });
  });
}

test("nameFromDir takes the last segment (posix)", () => {
  assert.equal(nameFromDir("my-app", path.posix), "my-app");
  assert.equal(nameFromDir("./apps/my-app/", path.posix), "my-app");
  assert.equal(nameFromDir("/abs/path/my-app", path.posix), "my-app");
  // a backslash is not a separator on POSIX: it stays in the name (and the name rule refuses it)
  assert.equal(nameFromDir("a\\b", path.posix), "a\\b");
});

test("nameFromDir handles Windows paths (path.win32)", () => {
  assert.equal(nameFromDir("C:\\Users\\me\\My Projects\\api", path.win32), "api");
  assert.equal(nameFromDir("apps\\my-app\\", path.win32), "my-app");
  assert.equal(nameFromDir("D:/work/svc", path.win32), "svc");
  assert.equal(nameFromDir(".\\svc", path.win32), "svc");
  assert.throws(() => nameFromDir("C:\\", path.win32), /names no new folder/);
  assert.throws(() => nameFromDir("C:", path.win32), /names no new folder/);
  assert.throws(() => nameFromDir("..\\evil", path.win32), /"\.\." segments/);
});

test("nameFromDir refuses ., .., empty and traversal", () => {
  assert.throws(() => nameFromDir(".", path.posix), /names no new folder/);
  assert.throws(() => nameFromDir("..", path.posix), /"\.\." segments/);
  assert.throws(() => nameFromDir("../x", path.posix), /"\.\." segments/);
  assert.throws(() => nameFromDir("a/../../etc", path.posix), /"\.\." segments/);
  assert.throws(() => nameFromDir("  ", path.posix), /empty/);
  assert.throws(() => nameFromDir("/", path.posix), /names no new folder/);
});

test("a refused name comes with a valid suggestion, never applied silently", () => {
  assert.equal(suggestName("Bad_Name"), "bad-name");
  assert.equal(suggestName("My App"), "my-app");
  assert.equal(suggestName("2fast"), "app-2fast");
  assert.equal(suggestName("café--api"), "cafe-api");
  assert.equal(suggestName("Self"), undefined, "a suggestion that is itself reserved is not offered");
  assert.equal(suggestName("???"), undefined);
  assert.throws(() => deriveNames("Bad_Name"), (e: unknown) => {
    assert.ok(e instanceof NameError);
    assert.match(e.message, /Fix: use "bad-name" instead/);
    return true;
  });
  assert.throws(() => deriveNames("???"), (e: unknown) => e instanceof NameError && !/Fix: use/.test(e.message));
});
