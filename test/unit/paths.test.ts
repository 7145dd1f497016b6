import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { cdCommand, missingAncestors, parentDirs, planPathToNative, quoteArg, tempDirBeside } from "../../src/paths.ts";
import { nextSteps } from "../../src/post.ts";

test("quoteArg quotes only when needed", () => {
  assert.equal(quoteArg("my-app", "linux"), "my-app");
  assert.equal(quoteArg("My Projects/api", "linux"), "'My Projects/api'");
  assert.equal(quoteArg("it's", "linux"), "'it'\\''s'");
  assert.equal(quoteArg("C:\\Users\\me\\api", "win32"), "C:\\Users\\me\\api");
  assert.equal(quoteArg("C:\\Users\\me\\My Projects\\api", "win32"), '"C:\\Users\\me\\My Projects\\api"');
});

test("cdCommand: relative inside cwd, absolute outside (posix)", () => {
  assert.equal(cdCommand("/home/me", "/home/me/my-app", path.posix, "linux"), "cd my-app");
  assert.equal(cdCommand("/home/me", "/home/me/My Stuff/my-app", path.posix, "linux"), "cd 'My Stuff/my-app'");
  assert.equal(cdCommand("/home/me/x", "/srv/my-app", path.posix, "linux"), "cd /srv/my-app");
});

test("cdCommand with path.win32: backslashes, drive letters, spaces", () => {
  assert.equal(cdCommand("C:\\Users\\me", "C:\\Users\\me\\My Projects\\api", path.win32, "win32"), 'cd "My Projects\\api"');
  assert.equal(cdCommand("C:\\Users\\me", "C:\\Users\\me\\api", path.win32, "win32"), "cd api");
  assert.equal(cdCommand("C:\\Users\\me", "D:\\work\\api", path.win32, "win32"), "cd D:\\work\\api");
  assert.equal(cdCommand("C:\\Users\\me\\x", "C:\\Users\\me\\My Projects\\api", path.win32, "win32"), 'cd "C:\\Users\\me\\My Projects\\api"');
});

test("tempDirBeside stays in the target's parent (posix and win32)", () => {
  assert.equal(tempDirBeside("/a/b/my-app", "ff00", path.posix), "/a/b/.my-app.create-genezio-rust-ff00");
  assert.equal(tempDirBeside("C:\\Users\\me\\My Projects\\api", "ff00", path.win32), "C:\\Users\\me\\My Projects\\.api.create-genezio-rust-ff00");
});

test("plan paths map to native paths (win32)", () => {
  assert.equal(planPathToNative("C:\\p", "server/trap/index.ts", path.win32), "C:\\p\\server\\trap\\index.ts");
  assert.deepEqual(parentDirs("C:\\p", "server/trap/index.ts", path.win32), ["C:\\p\\server", "C:\\p\\server\\trap"]);
  assert.deepEqual(parentDirs("/p", "a.txt", path.posix), []);
});

test("missingAncestors walks up to the first existing folder (win32 and posix)", () => {
  const existing = new Set(["C:\\", "C:\\Users"]);
  assert.deepEqual(missingAncestors("C:\\Users\\me\\My Projects\\api", (p) => existing.has(p), path.win32), ["C:\\Users\\me", "C:\\Users\\me\\My Projects"]);
  assert.deepEqual(missingAncestors("/tmp/x", (p) => p === "/tmp" || p === "/", path.posix), []);
});

test("next steps for each package manager, cd quoted on Windows", () => {
  const win = nextSteps({ cwd: "C:\\Users\\me", target: "C:\\Users\\me\\My Projects\\api", pm: "pnpm", installed: false, pathImpl: path.win32, platform: "win32" });
  assert.equal(win[0], 'cd "My Projects\\api"');
  assert.equal(win[1], "pnpm install");
  assert.ok(win.some((s) => s.startsWith("pnpm run dev")));
  const npm = nextSteps({ cwd: "/w", target: "/w/app", pm: "npm", installed: true, pathImpl: path.posix, platform: "linux" });
  assert.equal(npm[0], "cd app");
  assert.ok(!npm.includes("npm install"));
  assert.ok(npm.some((s) => s.startsWith("npm run dev")));
  const bun = nextSteps({ cwd: "/w", target: "/w/app", pm: "bun", installed: true, pathImpl: path.posix, platform: "linux" });
  assert.ok(bun.some((s) => s.startsWith("bun run deploy")));
  const yarn = nextSteps({ cwd: "/w", target: "/w/app", pm: "yarn", installed: true, pathImpl: path.posix, platform: "linux" });
  assert.ok(yarn.some((s) => s.startsWith("yarn dev")));
});
