// The GitHub Actions workflows cannot run here. What can be checked is checked: actionlint
// (syntax, events, expressions, job graph, action inputs), and the contracts with the rest of
// the repository — the npm scripts, CLI flags and generated-project flags they use exist and
// parse, permissions are minimal, and the release path is the one documented.
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { describe, test } from "node:test";
import { parse } from "yaml";
import { parseArgs as parseCliArgs } from "../../src/cli/args.ts";
import { deriveNames } from "../../src/names.ts";
import { renderContext } from "../../src/plan.ts";
import { renderText } from "../../src/render.ts";
import { actionlint, formatProblems, withKnownMajors } from "./lib/actionlint.ts";
import { repoRoot } from "./lib/renovate-package.ts";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
  "working-directory"?: string;
}
interface Job {
  "runs-on"?: string;
  uses?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown[]> };
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress": unknown };
  jobs: Record<string, Job>;
}

const read = (rel: string) => readFileSync(path.join(repoRoot, rel), "utf8");
const files = [".github/workflows/ci.yml", ".github/workflows/release.yml"];
const ci = parse(read(files[0]!)) as Workflow;
const release = parse(read(files[1]!)) as Workflow;
const rootScripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;

/** `npm run <name>` invocations in a run block. */
const npmRuns = (run: string) => [...run.matchAll(/\bnpm run ([\w:.-]+)/g)].map((m) => m[1]!);
const allSteps = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps ?? []);

describe("actionlint", () => {
  for (const file of files) {
    test(`${file} has no findings`, async () => {
      const problems = await actionlint(read(file), file);
      assert.equal(problems.length, 0, formatProblems(file, problems));
    });
    test(`${file}: every action input exists (checked against the newest metadata actionlint has)`, async () => {
      const problems = await actionlint(withKnownMajors(read(file)), file);
      assert.equal(problems.length, 0, formatProblems(file, problems));
    });
  }

  test("the linter really reports mistakes (unknown event, unknown input, undefined matrix key)", async () => {
    const broken = read(files[0]!)
      .replace("  pull_request:\n", "  pull_requests:\n")
      .replace("          cache: npm\n", "          cache: npm\n          node-versoin: 20\n")
      .replace("${{ matrix.node }}", "${{ matrix.nodes }}");
    const kinds = (await actionlint(withKnownMajors(broken), "broken.yml")).map((p) => p.message).join("\n");
    assert.match(kinds, /unknown Webhook event "pull_requests"/);
    assert.match(kinds, /input "node-versoin" is not defined/);
    assert.match(kinds, /property "nodes" is not defined/);
  });

  // The generated project's own workflows, rendered as the CLI renders them (one test per file
  // that exists: the templates engineer owns them).
  const templateDir = "template/base/_github/workflows";
  const templateFiles = existsSync(path.join(repoRoot, templateDir))
    ? readdirSync(path.join(repoRoot, templateDir)).filter((f) => /\.ya?ml$/.test(f))
    : [];
  for (const name of templateFiles) {
    const file = `${templateDir}/${name}`;
    for (const template of ["axum", "lambda-runtime"] as const) {
      for (const arch of ["both", "arm64"] as const) {
        test(`${file} rendered for ${template}/${arch} has no findings`, async () => {
          const ctx = renderContext({ names: deriveNames("my-app"), template, arch, toolchain: "zig", region: "us-east-1" });
          const source = renderText(read(file), ctx, file);
          const problems = await actionlint(withKnownMajors(source), file);
          assert.equal(problems.length, 0, formatProblems(file, problems));
        });
      }
    }
  }
});

describe("ci.yml", () => {
  test("runs on pushes to main, pull requests, and when release.yml calls it", () => {
    assert.deepEqual(Object.keys(ci.on).sort(), ["pull_request", "push", "workflow_call"]);
    assert.deepEqual((ci.on.push as { branches: string[] }).branches, ["main"]);
  });

  test("read-only token; a newer push to a pull request cancels the older run", () => {
    assert.deepEqual(ci.permissions, { contents: "read" });
    for (const job of Object.values(ci.jobs)) assert.equal(job.permissions, undefined, "no job widens permissions");
    assert.match(String(ci.concurrency?.["cancel-in-progress"]), /github\.event_name == 'pull_request'/);
    assert.match(ci.concurrency?.group ?? "", /pull_request\.number/);
  });

  test("unit + CLI tests on ubuntu, macOS and Windows × Node 20 and 22", () => {
    const matrix = ci.jobs.test?.strategy?.matrix ?? {};
    assert.deepEqual(matrix.os, ["ubuntu-latest", "macos-latest", "windows-latest"]);
    assert.deepEqual(matrix.node, [20, 22]);
    const runs = (ci.jobs.test?.steps ?? []).map((s) => s.run ?? "");
    for (const cmd of ["npm ci", "npm run build", "npm run test:portable"]) assert.ok(runs.includes(cmd), cmd);
    const linuxOnly = ci.jobs.test?.steps?.find((s) => s.run === "npm run test:linux");
    assert.equal(linuxOnly?.if, "runner.os == 'Linux'", "Linux-only tests run only on Linux");
  });

  test("every npm script the repository's steps run exists in package.json", () => {
    const used = allSteps(ci)
      .filter((s) => !s["working-directory"])
      .flatMap((s) => npmRuns(s.run ?? ""));
    assert.ok(used.length >= 5);
    for (const name of used) assert.ok(name in rootScripts, `package.json has no "${name}" script`);
  });

  test("every setup-node step caches npm; actions are pinned to a major version", () => {
    for (const wf of [ci, release]) {
      for (const step of allSteps(wf)) {
        if (step.uses?.startsWith("actions/setup-node@")) assert.equal(step.with?.cache, "npm");
        // dtolnay/rust-toolchain's ref names the Rust toolchain (stable), not a version of the action.
        if (step.uses && !step.uses.startsWith("dtolnay/rust-toolchain@")) {
          assert.match(step.uses, /^[\w.-]+\/[\w.-]+@(v\d+|[0-9a-f]{40})$/, step.uses);
        }
      }
    }
  });

  describe("the generated-project job", () => {
    const job = ci.jobs["generated-project"]!;
    const steps = job.steps ?? [];
    const templates = job.strategy?.matrix?.template as string[];

    test("covers both templates with the musl targets, zig and cargo-zigbuild", () => {
      assert.deepEqual(templates, ["axum", "lambda-runtime"]);
      const rust = steps.find((s) => s.uses?.startsWith("dtolnay/rust-toolchain@"));
      assert.equal(rust?.with?.targets, "aarch64-unknown-linux-musl,x86_64-unknown-linux-musl");
      const install = steps.map((s) => s.run ?? "").join("\n");
      assert.match(install, /pip install ziglang/);
      assert.match(install, /cargo install --locked cargo-zigbuild/);
    });

    test("scaffolds from the packed tarball with flags the CLI accepts", () => {
      const step = steps.find((s) => s.run?.includes("create-genezio-rust app"));
      assert.ok(step, "a step runs the packed CLI");
      assert.ok(steps.some((s) => s.run?.includes("npm pack")), "the CLI comes from npm pack");
      for (const template of templates) {
        const argv = step.run!.trim().replace("${{ matrix.template }}", template).split(/\s+/).slice(1);
        const args = parseCliArgs(argv);
        assert.equal(args.template, template);
        assert.equal(args.arch, "both");
        assert.equal(args.yes, true);
      }
    });

    test("in the generated project: cargo test, the type check, a build of both arches, scripts that exist", async () => {
      const inApp = steps.filter((s) => s["working-directory"] === "${{ runner.temp }}/app");
      const runs = inApp.map((s) => s.run ?? "");
      assert.ok(runs.includes("cargo test"));
      const pkg = read("template/base/package.json");
      for (const name of inApp.flatMap((s) => npmRuns(s.run ?? ""))) {
        assert.match(pkg, new RegExp(`"${name}":\\s*"`), `the generated package.json has no "${name}" script`);
      }
      const build = runs.find((r) => r.startsWith("npm run build"));
      assert.ok(build, "npm run build runs in the generated project");
      assert.match(read("template/base/scripts/lib/build.ts"), /\{ name: "arch", value: true,/, "build takes --arch <value>");
      // The generated scripts' own argv and arch parsers decide what `--arch ...` means. They are
      // imported from a copy: tsx cannot read template/base/package.json, which holds {{tokens}}.
      const dir = mkdtempSync(path.join(tmpdir(), "gen-scripts-"));
      try {
        for (const f of ["args.ts", "arch.ts"]) cpSync(path.join(repoRoot, "template/base/scripts/lib", f), path.join(dir, f));
        writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
        const { parseArgs } = (await import(pathToFileURL(path.join(dir, "args.ts")).href)) as {
          parseArgs: (argv: string[], specs: { name: string; value?: boolean; help: string }[]) => { values: Map<string, string[]> };
        };
        const { parseArchList } = (await import(pathToFileURL(path.join(dir, "arch.ts")).href)) as {
          parseArchList: (text: string) => string[];
        };
        const parsed = parseArgs(build.split(" -- ")[1]!.trim().split(/\s+/), [{ name: "arch", value: true, help: "" }]);
        assert.deepEqual(parseArchList(parsed.values.get("arch")?.[0] ?? ""), ["arm64", "x86_64"]);
        assert.throws(() => parseArchList("both"), /unknown arch/, "the generated build has no `both` keyword");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test("checks each binary with `file`: static, and the right machine for its target", () => {
      const check = steps.find((s) => s.run?.includes("file -b"))?.run ?? "";
      assert.match(check, /statically linked/);
      assert.match(check, /check "target\/aarch64-unknown-linux-musl\/release\/\$bin" "ARM aarch64"/);
      assert.match(check, /check "target\/x86_64-unknown-linux-musl\/release\/\$bin" "x86-64"/);
    });
  });

  test("the conformance job installs the Debian build deps and runs npm run test:conformance", () => {
    const runs = (ci.jobs.conformance?.steps ?? []).map((s) => s.run ?? "").join("\n");
    assert.match(runs, /apt-get install -y -q autoconf automake libtool cmake/);
    assert.match(runs, /npm run test:conformance/);
  });
});

describe("release.yml", () => {
  const publish = release.jobs.publish!;
  const steps = publish.steps ?? [];
  const runs = steps.map((s) => s.run ?? "").join("\n");

  test("runs only for v* tags, after the whole CI passed", () => {
    assert.deepEqual(release.on, { push: { tags: ["v*"] } });
    assert.equal(release.jobs.ci?.uses, "./.github/workflows/ci.yml");
    assert.equal(publish.needs, "ci");
  });

  test("write access only where needed: the publish job (release + provenance)", () => {
    assert.deepEqual(release.permissions, { contents: "read" });
    assert.deepEqual(publish.permissions, { contents: "write", "id-token": "write" });
    assert.deepEqual(release.jobs.ci?.permissions, { contents: "read" });
  });

  test("publishes with provenance using the NPM_TOKEN secret", () => {
    const step = steps.find((s) => /^\s*npm publish/m.test(s.run ?? ""));
    assert.match(step?.run ?? "", /npm publish --provenance --access public/);
    assert.equal(step?.env?.NODE_AUTH_TOKEN, "${{ secrets.NPM_TOKEN }}");
    const node = steps.find((s) => s.uses?.startsWith("actions/setup-node@"));
    assert.equal(node?.with?.["registry-url"], "https://registry.npmjs.org", "setup-node writes the .npmrc that reads NODE_AUTH_TOKEN");
  });

  test("checks tag = package.json version and takes the notes from CHANGELOG.md before publishing", () => {
    const notesAt = runs.indexOf(".github/scripts/changelog-section.mjs");
    assert.ok(notesAt >= 0);
    assert.ok(notesAt < runs.search(/^\s*npm publish/m), "notes are extracted (and can fail) before anything is published");
    assert.match(runs, /"\$GITHUB_REF_NAME" != "v\$version"/);
    assert.match(runs, /gh release create "\$GITHUB_REF_NAME" --verify-tag .*--notes-file "\$RUNNER_TEMP\/notes\.md"/);
    assert.ok(existsSync(path.join(repoRoot, ".github/scripts/changelog-section.mjs")));
  });
});
