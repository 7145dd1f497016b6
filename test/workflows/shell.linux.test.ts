// The bash in the workflows, run for real where it can be (Linux: bash, `file`, and fake `npm`
// and `gh` on PATH): every run block parses, the static-ELF check accepts and refuses the
// right binaries, and the release steps refuse a wrong tag and pick the right dist-tag.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test, type TestContext } from "node:test";
import { parse } from "yaml";
import { deriveNames } from "../../src/names.ts";
import { renderContext } from "../../src/plan.ts";
import { renderText } from "../../src/render.ts";
import { repoRoot } from "./lib/renovate-package.ts";

interface Step {
  name?: string;
  run?: string;
  env?: Record<string, string>;
}
type Workflow = { jobs: Record<string, { steps?: Step[] }> };

const read = (rel: string) => readFileSync(path.join(repoRoot, rel), "utf8");
const load = (text: string) => parse(text) as Workflow;
const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps ?? []);
const ci = load(read(".github/workflows/ci.yml"));
const release = load(read(".github/workflows/release.yml"));
const templateWorkflows = readdirSync(path.join(repoRoot, "template/base/_github/workflows")).map((f) => {
  const ctx = renderContext({ names: deriveNames("my-app"), template: "axum", arch: "both", toolchain: "zig", region: "us-east-1" });
  return load(renderText(read(`template/base/_github/workflows/${f}`), ctx, f));
});

function stepRun(wf: Workflow, name: RegExp): string {
  const step = steps(wf).find((s) => name.test(s.name ?? ""));
  assert.ok(step?.run, `no step named ${name}`);
  return step.run;
}

function tmp(t: TestContext): string {
  const dir = mkdtempSync(path.join(tmpdir(), "wf-shell-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs a step's script the way GitHub does (`bash -e {0}` with pipefail). */
function bash(script: string, cwd: string, env: Record<string, string> = {}) {
  return spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
    cwd,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
}

/** A minimal ELF64 executable header + one PT_LOAD: what `file` calls "statically linked". */
function tinyElf(machine: number): Buffer {
  const b = Buffer.alloc(120);
  b.write("\x7fELF", 0, "latin1");
  b.set([2, 1, 1], 4); // 64-bit, little-endian, version 1
  b.writeUInt16LE(2, 16); // ET_EXEC
  b.writeUInt16LE(machine, 18);
  b.writeUInt32LE(1, 20);
  b.writeBigUInt64LE(0x400078n, 24); // entry
  b.writeBigUInt64LE(64n, 32); // program headers right after this header
  b.writeUInt16LE(64, 52);
  b.writeUInt16LE(56, 54);
  b.writeUInt16LE(1, 56);
  b.writeUInt32LE(1, 64); // PT_LOAD
  b.writeUInt32LE(5, 68);
  b.writeBigUInt64LE(0x400000n, 80);
  b.writeBigUInt64LE(0x400000n, 88);
  b.writeBigUInt64LE(120n, 96);
  b.writeBigUInt64LE(120n, 104);
  b.writeBigUInt64LE(0x1000n, 112);
  return b;
}

test("every run block of every workflow is valid bash", () => {
  const all = [...steps(ci), ...steps(release), ...templateWorkflows.flatMap(steps)];
  assert.ok(all.length > 20);
  for (const step of all.filter((s) => s.run)) {
    const script = step.run!.replace(/\$\{\{[^}]*\}\}/g, "x");
    const res = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
    assert.equal(res.status, 0, `${step.name ?? step.run}: ${res.stderr}`);
  }
});

describe("ci.yml: the static-ELF check of the generated project's binaries", () => {
  const script = stepRun(ci, /static ELF/);
  const project = (t: TestContext, arm: Buffer, x86: Buffer) => {
    const dir = tmp(t);
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ genezioRust: { bin: "my_app" } }));
    for (const [triple, bytes] of [["aarch64", arm], ["x86_64", x86]] as const) {
      mkdirSync(path.join(dir, `target/${triple}-unknown-linux-musl/release`), { recursive: true });
      writeFileSync(path.join(dir, `target/${triple}-unknown-linux-musl/release/my_app`), bytes);
    }
    return dir;
  };

  test("passes for a static aarch64 and a static x86-64 binary", (t) => {
    const res = bash(script, project(t, tinyElf(183), tinyElf(62)));
    assert.equal(res.status, 0, res.stdout + res.stderr);
    assert.match(res.stdout, /aarch64-unknown-linux-musl\/release\/my_app: ELF 64-bit LSB executable, ARM aarch64/);
  });

  test("fails when the binaries are swapped", (t) => {
    const res = bash(script, project(t, tinyElf(62), tinyElf(183)));
    assert.equal(res.status, 1);
    assert.match(res.stdout, /::error::target\/aarch64-unknown-linux-musl\/release\/my_app is not an ARM aarch64 binary/);
  });

  test("fails for a dynamically linked binary", (t) => {
    const dynamic = readFileSync(process.execPath); // node itself: dynamically linked
    const res = bash(script, project(t, tinyElf(183), dynamic));
    assert.equal(res.status, 1, res.stdout);
    assert.match(res.stdout, /x86_64-unknown-linux-musl\/release\/my_app is not (statically linked|an x86-64 binary)/);
  });
});

describe("release.yml steps", () => {
  const check = stepRun(release, /tag, package\.json and CHANGELOG/);
  const publish = stepRun(release, /Publish to npm/);
  const ghRelease = stepRun(release, /GitHub release/);

  /** A checkout with package.json, CHANGELOG.md, the notes script, and recording npm/gh on PATH. */
  function checkout(t: TestContext, pkg: Record<string, unknown>) {
    const dir = tmp(t);
    writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg));
    writeFileSync(path.join(dir, "CHANGELOG.md"), "# Changelog\n\n## [1.2.0] - 2026-12-24\n- shiny\n\n## [1.1.0]\n- old\n");
    mkdirSync(path.join(dir, ".github/scripts"), { recursive: true });
    copyFileSync(path.join(repoRoot, ".github/scripts/changelog-section.mjs"), path.join(dir, ".github/scripts/changelog-section.mjs"));
    const bin = path.join(dir, "bin");
    mkdirSync(bin);
    for (const tool of ["npm", "gh"]) {
      writeFileSync(path.join(bin, tool), `#!/bin/sh\necho "${tool} $*" >> "${path.join(dir, "calls.log")}"\n`);
      chmodSync(path.join(bin, tool), 0o755);
    }
    const runnerTemp = path.join(dir, "runner-temp");
    mkdirSync(runnerTemp);
    const env = (tag: string) => ({
      GITHUB_REF_NAME: tag,
      RUNNER_TEMP: runnerTemp,
      GITHUB_ENV: path.join(dir, "github-env"),
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    });
    const calls = () => readFileSync(path.join(dir, "calls.log"), "utf8");
    return { dir, env, runnerTemp, calls };
  }
  const good = { version: "1.2.0", repository: { type: "git", url: "git+https://github.com/o/create-genezio-rust.git" } };

  test("a matching tag: VERSION exported and the CHANGELOG section written as the notes", (t) => {
    const c = checkout(t, good);
    const res = bash(check, c.dir, c.env("v1.2.0"));
    assert.equal(res.status, 0, res.stdout + res.stderr);
    assert.equal(readFileSync(path.join(c.dir, "github-env"), "utf8"), "VERSION=1.2.0\n");
    assert.equal(readFileSync(path.join(c.runnerTemp, "notes.md"), "utf8"), "- shiny\n");
  });

  test("a tag that is not v<package.json version> stops the release", (t) => {
    const c = checkout(t, good);
    const res = bash(check, c.dir, c.env("v1.2.1"));
    assert.equal(res.status, 1);
    assert.match(res.stdout, /::error::tag v1\.2\.1 does not match package\.json version 1\.2\.0/);
  });

  test("no repository field (needed by --provenance) or no CHANGELOG section stops it too", (t) => {
    const noRepo = checkout(t, { version: "1.2.0" });
    const a = bash(check, noRepo.dir, noRepo.env("v1.2.0"));
    assert.equal(a.status, 1);
    assert.match(a.stdout, /package\.json has no repository\.url/);
    const noNotes = checkout(t, { ...good, version: "1.3.0" });
    const b = bash(check, noNotes.dir, noNotes.env("v1.3.0"));
    assert.equal(b.status, 1);
    assert.match(b.stderr, /no section for 1\.3\.0/);
  });

  test("latest for a release, next + --prerelease for a pre-release", (t) => {
    for (const [version, distTag, pre] of [["1.2.0", "latest", ""], ["1.3.0-rc.1", "next", " --prerelease"]] as const) {
      const c = checkout(t, good);
      const env = { ...c.env(`v${version}`), VERSION: version };
      assert.equal(bash(publish, c.dir, env).status, 0);
      assert.equal(bash(ghRelease, c.dir, env).status, 0);
      assert.equal(
        c.calls(),
        `npm publish --provenance --access public --tag ${distTag}\n` +
          `gh release create v${version} --verify-tag --title v${version} --notes-file ${c.runnerTemp}/notes.md${pre}\n`,
      );
    }
  });
});
