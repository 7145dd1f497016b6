import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { parseArgs } from "../../src/cli/args.ts";
import { CancelError, type Prompter } from "../../src/cli/prompts.ts";
import { MissingAnswerError, resolveOptions, TargetRefusedError, type ResolveContext } from "../../src/options.ts";

const cli = { prefix: "create-genezio-rust", flagSeparator: false };

test("Windows target resolution with path.win32: drive letters, backslashes, spaces", async () => {
  const ctx: ResolveContext = { interactive: false, cwd: "C:\\Users\\me", invocation: cli, pathImpl: path.win32, platform: "win32" };
  const abs = await resolveOptions(parseArgs(["C:\\Users\\me\\My Projects\\api", "-t", "axum"]), ctx);
  assert.equal(abs.targetDir, "C:\\Users\\me\\My Projects\\api");
  assert.equal(abs.names.crateName, "api");
  const rel = await resolveOptions(parseArgs(["apps\\my-svc", "-t", "lambda-runtime"]), ctx);
  assert.equal(rel.targetDir, "C:\\Users\\me\\apps\\my-svc");
  assert.equal(rel.names.className, "MySvc");
  await assert.rejects(resolveOptions(parseArgs(["..\\up", "-t", "axum"]), ctx), /"\.\." segments/);
  await assert.rejects(resolveOptions(parseArgs(["-t", "axum"]), ctx), (e: unknown) =>
    e instanceof MissingAnswerError && e.command === "create-genezio-rust genezio-rust-app --template axum --arch both");
  await assert.rejects(resolveOptions(parseArgs(["My Projects\\api"]), ctx), (e: unknown) =>
    e instanceof MissingAnswerError && e.command.includes('"My Projects\\api" --template axum'));
});

test("--yes takes every default without asking", async () => {
  const o = await resolveOptions(parseArgs(["-y"]), { interactive: true, cwd: "/w", invocation: cli, pathImpl: path.posix, prompter: undefined });
  assert.deepEqual(
    { dir: o.dir, target: o.targetDir, t: o.template, a: o.arch, tc: o.toolchain, r: o.region, i: o.install, g: o.git },
    { dir: "genezio-rust-app", target: "/w/genezio-rust-app", t: "axum", a: "both", tc: "zig", r: "us-east-1", i: true, g: true },
  );
});

/** A scripted prompter: answers in order; "CANCEL" throws CancelError. Records what was asked. */
function scripted(answers: string[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const next = (message: string): string => {
    asked.push(message);
    const a = answers.shift();
    if (a === undefined) throw new Error(`unexpected prompt ${message}`);
    if (a === "CANCEL") throw new CancelError();
    return a;
  };
  return {
    asked,
    async text({ message, validate }) {
      for (;;) {
        const a = next(message);
        if (validate(a) === undefined) return a;
      }
    },
    async select<T extends string>({ message }: { message: string }) {
      return next(message) as T;
    },
    async confirm({ message }) {
      return next(message) === "y";
    },
  };
}

test("interactive: asks only what flags did not answer; re-asks a refused name", async () => {
  const p = scripted(["Bad", "busy", "good-one", "lambda-runtime", "x86_64", "n"]);
  const o = await resolveOptions(parseArgs([]), {
    interactive: true, prompter: p, cwd: "/w", invocation: cli, pathImpl: path.posix,
    checkTarget: (t) => (t === "/w/busy" ? "busy is not empty" : undefined),
  });
  assert.deepEqual(p.asked, ["Project name:", "Project name:", "Project name:", "Template:", "Architecture:", "Install dependencies now?"]);
  assert.equal(o.targetDir, "/w/good-one");
  assert.deepEqual([o.template, o.arch, o.install], ["lambda-runtime", "x86_64", false]);

  const q = scripted([]);
  await resolveOptions(parseArgs(["x", "-t", "axum", "--arch", "arm64", "--no-install"]), { interactive: true, prompter: q, cwd: "/w", invocation: cli, pathImpl: path.posix });
  assert.deepEqual(q.asked, []);
});

test("interactive: a refused target given as an argument fails before any question; cancel propagates", async () => {
  const p = scripted([]);
  await assert.rejects(
    resolveOptions(parseArgs(["busy"]), { interactive: true, prompter: p, cwd: "/w", invocation: cli, pathImpl: path.posix, checkTarget: () => "not empty" }),
    TargetRefusedError,
  );
  assert.deepEqual(p.asked, []);
  await assert.rejects(resolveOptions(parseArgs(["ok"]), { interactive: true, prompter: scripted(["CANCEL"]), cwd: "/w", invocation: cli, pathImpl: path.posix }), CancelError);
});

test("a bad folder name is reported before missing answers", async () => {
  await assert.rejects(
    resolveOptions(parseArgs(["Bad Name"]), { interactive: false, cwd: "/w", invocation: cli, pathImpl: path.posix }),
    /Invalid project name "Bad Name"/,
  );
});

test("prompt hints are cut to the terminal width", async () => {
  const { fit } = await import("../../src/cli/prompts.ts");
  assert.equal(fit("short", 10), "short");
  assert.equal(fit("0123456789abc", 10), "012345678…");
  assert.equal(fit("0123456789abc", 10).length, 10);
});
