/**
 * Every template × arch, scaffolded by the built CLI: exact file list, names substituted, no
 * tokens left, TOML/YAML/JSON parse, genezio.yaml fields, rustfmt --check, tsc --strict
 * against @genezio/types (this repo's node_modules symlinked into the project).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import { repoRoot, runCli } from "../helpers/cli.ts";
import { listFiles, makeTmp } from "../helpers/tmp.ts";

const ARCH_CASES = { arm64: ["arm64"], x86_64: ["x86_64"], both: ["arm64", "x86_64"] } as const;
const TARGETS = { arm64: "aarch64-unknown-linux-musl", x86_64: "x86_64-unknown-linux-musl" } as const;
const REQUIRED = [
  "package.json", ".npmrc", "tsconfig.json", "genezio.yaml", "Cargo.toml", "rust-toolchain.toml", "Cross.toml",
  ".gitignore", "README.md", ".github/workflows/ci.yml", "rust/Cargo.toml", "rust/src/main.rs",
  "server/package.json", "server/tsconfig.json", "server/service.ts", "server/trap/embedded.ts",
  "scripts/build.ts", "scripts/embed.ts", "scripts/deploy.ts", "scripts/dev.ts", "scripts/doctor.ts", "scripts/test.ts", "scripts/postinstall.ts",
];

/** The file list the templates should produce, computed here independently of src/plan.ts. */
function expectedFiles(template: string): string[] {
  const files = new Set<string>(["server/trap/embedded.ts"]);
  for (const layer of ["base", template]) {
    for (const f of listFiles(path.join(repoRoot, "template", layer))) {
      files.add(f.split("/").map((s) => (s === "_gitignore" ? ".gitignore" : s === "_github" ? ".github" : s === "_npmrc" ? ".npmrc" : s)).join("/"));
    }
  }
  return [...files].sort();
}

const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");

for (const template of ["axum", "lambda-runtime"] as const) {
  for (const [arch, arches] of Object.entries(ARCH_CASES)) {
    describe(`${template} × ${arch}`, () => {
      const cwd = makeTmp({ after });
      let dir = "";
      let files: string[] = [];
      const read = (p: string): string => fs.readFileSync(path.join(dir, p), "utf8");

      before(() => {
        const name = `demo-${template}-${arch.replace("_", "")}`;
        const r = runCli([name, "--template", template, "--arch", arch, "--region", "eu-central-1", "--no-git"], { cwd });
        assert.equal(r.code, 0, r.stderr);
        dir = path.join(cwd, name);
        files = listFiles(dir);
      });

      test("exact file list, with every contract file", () => {
        assert.deepEqual(files, expectedFiles(template));
        for (const f of REQUIRED) assert.ok(files.includes(f), `missing ${f}`);
        assert.ok(!files.some((f) => f.includes("_gitignore") || f.startsWith("_github")));
      });

      test("names substituted everywhere; no template tokens left", () => {
        const name = `demo-${template}-${arch.replace("_", "")}`;
        const crate = name.replaceAll("-", "_");
        const className = name.split("-").map((s) => s[0]!.toUpperCase() + s.slice(1)).join("");
        for (const f of files) {
          const text = fs.readFileSync(path.join(dir, f), "utf8");
          assert.doesNotMatch(text, /\{\{[#/A-Za-z]/, `${f} still has a template tag`);
          assert.doesNotMatch(text, /\{\{else\}\}/, f);
        }
        assert.equal((JSON.parse(read("package.json")) as { name: string }).name, name);
        assert.equal((JSON.parse(read("server/package.json")) as { name: string }).name, `${name}-server`);
        const cargo = parseToml(read("rust/Cargo.toml")) as { package: { name: string }; bin?: Array<{ name: string }> };
        assert.equal(cargo.package.name, crate);
        if (cargo.bin) assert.ok(cargo.bin.some((b) => b.name === crate));
        assert.match(read("server/service.ts"), new RegExp(`export class ${className}\\b`));
        const pkg = JSON.parse(read("package.json")) as { genezioRust: { arch: string[]; bin: string; className: string } };
        assert.deepEqual(pkg.genezioRust.arch, arches);
        assert.equal(pkg.genezioRust.bin, crate);
        assert.equal(pkg.genezioRust.className, className);
      });

      test("every TOML, YAML and JSON file parses", () => {
        let checked = 0;
        for (const f of files) {
          const text = read(f);
          if (f.endsWith(".toml")) parseToml(text);
          else if (f.endsWith(".yaml") || f.endsWith(".yml")) parseYaml(text);
          else if (f.endsWith(".json")) JSON.parse(text);
          else continue;
          checked++;
        }
        assert.ok(checked >= 9, `only ${checked} config files`);
        const toolchain = parseToml(read("rust-toolchain.toml")) as { toolchain: { targets: string[]; channel: string } };
        assert.deepEqual([...toolchain.toolchain.targets].sort(), arches.map((a) => TARGETS[a]).sort());
        const workspace = parseToml(read("Cargo.toml")) as { workspace: { members: string[] }; profile: { release: object } };
        assert.deepEqual(workspace.workspace.members, ["rust"]);
        assert.ok(workspace.profile.release);
      });

      test("genezio.yaml: yamlVersion 2, name, region, backend, architecture only for a single arch, http class", () => {
        const y = parseYaml(read("genezio.yaml")) as {
          yamlVersion: number; name: string; region: string;
          backend: { path: string; language: { name: string; runtime: string; architecture?: string }; classes: Array<{ path: string; methods?: Array<{ name: string; type: string }> }> };
        };
        assert.equal(y.yamlVersion, 2);
        assert.equal(y.name, `demo-${template}-${arch.replace("_", "")}`);
        assert.match(y.name, /^[a-zA-Z][-a-zA-Z0-9]*$/);
        assert.equal(y.region, "eu-central-1");
        assert.equal(y.backend.path, "server");
        assert.equal(y.backend.language.name, "ts");
        assert.equal(y.backend.language.runtime, "nodejs20.x");
        if (arches.length === 1) assert.equal(y.backend.language.architecture, arches[0]);
        else assert.equal(y.backend.language.architecture, undefined);
        const cls = y.backend.classes.find((c) => c.path === "./service.ts");
        assert.ok(cls, "class ./service.ts declared");
        assert.ok(cls.methods?.some((m) => m.name === "handle" && m.type === "http"));
        if (template === "lambda-runtime") assert.ok(cls.methods?.some((m) => m.type === "cron"));
      });

      test("Rust passes rustfmt --check --edition 2021", () => {
        const rs = files.filter((f) => f.endsWith(".rs")).map((f) => path.join(dir, f));
        assert.ok(rs.length > 0);
        const r = spawnSync("rustfmt", ["--check", "--edition", "2021", ...rs], { encoding: "utf8" });
        assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
      });

      test("TypeScript type-checks with tsc --strict against @genezio/types; no experimentalDecorators", () => {
        for (const cfg of ["server/tsconfig.json", "tsconfig.json"]) {
          const json = JSON.parse(read(cfg)) as { compilerOptions: Record<string, unknown> };
          assert.equal(json.compilerOptions.experimentalDecorators, undefined, `${cfg} sets experimentalDecorators`);
          assert.equal(json.compilerOptions.strict, true, `${cfg} is not strict`);
        }
        assert.match(read("server/service.ts"), /from "@genezio\/types"/);
        fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), process.platform === "win32" ? "junction" : "dir");
        for (const cfg of ["server/tsconfig.json", "tsconfig.json"]) {
          const r = spawnSync(process.execPath, [tsc, "--noEmit", "--strict", "-p", cfg], { cwd: dir, encoding: "utf8" });
          assert.equal(r.status, 0, `${cfg}:\n${r.stdout}${r.stderr}`);
        }
      });
    });
  }
}
