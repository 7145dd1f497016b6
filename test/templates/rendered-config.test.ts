/**
 * The generated project's configuration files, rendered through the real plan for every
 * template × arch × toolchain: each parses, and says what the contract
 * (docs/ARCHITECTURE.md, "The generated project") requires.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import { deriveNames } from "../../src/names.js";
import { buildPlan } from "../../src/plan.js";
import { readTemplateDir } from "../../src/render.js";
import { ARCH_CHOICES, ARCHES, type ArchChoice, type TemplateName, type Toolchain } from "../../src/templates.js";
import { versions } from "../../src/versions.js";
import { actionlint, formatProblems } from "../workflows/lib/actionlint.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const base = readTemplateDir(path.join(ROOT, "template/base"));
const overlays = {
  axum: readTemplateDir(path.join(ROOT, "template/axum")),
  "lambda-runtime": readTemplateDir(path.join(ROOT, "template/lambda-runtime")),
};

const NAME = "my-rust-app";
const names = deriveNames(NAME);

type Doc = Record<string, any>;

function render(template: TemplateName, arch: ArchChoice, toolchain: Toolchain): Map<string, string> {
  const plan = buildPlan({ names, template, arch, toolchain, region: "eu-west-1" }, base, overlays[template]);
  return new Map(plan.map((f) => [f.path, f.contents.toString("utf8")]));
}

function file(files: Map<string, string>, p: string): string {
  const text = files.get(p);
  assert.ok(text !== undefined, `the plan has no ${p}`);
  return text;
}

const CASES: [TemplateName, ArchChoice, Toolchain][] = [];
for (const template of ["axum", "lambda-runtime"] as const) {
  for (const arch of ["both", "arm64", "x86_64"] as const) {
    for (const toolchain of ["zig", "cross"] as const) CASES.push([template, arch, toolchain]);
  }
}

for (const [template, arch, toolchain] of CASES) {
  const label = `${template} / ${arch} / ${toolchain}`;
  const arches = ARCH_CHOICES[arch].arches;
  const targets = arches.map((a) => ARCHES[a].rustTarget);

  test(`${label}: Cargo workspace, crate and release profile`, () => {
    const files = render(template, arch, toolchain);
    const root = parseToml(file(files, "Cargo.toml")) as Doc;
    assert.deepEqual(root.workspace, { members: ["rust"], resolver: "2" });
    const release = root.profile.release;
    assert.equal(release["opt-level"], "z");
    assert.equal(release.lto, true);
    assert.equal(release["codegen-units"], 1);
    assert.equal(release.strip, true);
    assert.equal(release.panic, undefined, "panic must stay unwind (per-request panic isolation)");

    const crate = parseToml(file(files, "rust/Cargo.toml")) as Doc;
    assert.equal(crate.package.name, names.crateName);
    assert.equal(crate.package["rust-version"], versions.rust_msrv);
    assert.deepEqual(crate.bin, [{ name: names.crateName, path: "src/main.rs" }]);
    const deps = crate.dependencies;
    assert.deepEqual(deps.tokio, { version: versions.tokio, features: ["macros", "rt-multi-thread"] });
    assert.equal(deps.serde_json, versions.serde_json);
    if (template === "axum") {
      assert.deepEqual(deps.lambda_http, {
        version: versions.lambda_http,
        "default-features": false,
        features: ["apigw_http", "tracing"],
      });
      assert.equal(deps.axum, versions.axum);
      assert.deepEqual(deps.tower, { version: versions.tower, features: ["util"] });
      assert.deepEqual(deps.serde, { version: versions.serde, features: ["derive"] });
      assert.equal(crate["dev-dependencies"]["http-body-util"], versions.http_body_util);
      assert.equal(deps.lambda_runtime, undefined);
    } else {
      assert.equal(deps.lambda_runtime, versions.lambda_runtime);
      assert.equal(deps.lambda_http, undefined);
      assert.equal(deps.axum, undefined);
    }
  });

  test(`${label}: rust-toolchain.toml, Cross.toml, .cargo/config.toml`, () => {
    const files = render(template, arch, toolchain);
    const toolchainToml = parseToml(file(files, "rust-toolchain.toml")) as Doc;
    assert.deepEqual(toolchainToml, { toolchain: { channel: "stable", profile: "minimal", targets } });

    const cross = parseToml(file(files, "Cross.toml")) as Doc;
    assert.deepEqual(Object.keys(cross.target).sort(), [...targets].sort());
    for (const triple of targets) {
      assert.deepEqual(cross.target[triple], { image: `ghcr.io/cross-rs/${triple}:${versions.cross_image_tag}` });
    }

    // Only comments: nothing that could override the zig or cross linkers.
    assert.deepEqual(parseToml(file(files, ".cargo/config.toml")), {});
  });

  test(`${label}: genezio.yaml`, () => {
    const files = render(template, arch, toolchain);
    const yaml = parseYaml(file(files, "genezio.yaml")) as Doc;
    assert.equal(yaml.name, names.genezioName);
    assert.match(yaml.name, /^[a-zA-Z][-a-zA-Z0-9]*$/);
    assert.equal(yaml.region, "eu-west-1");
    assert.equal(yaml.yamlVersion, 2);
    const language: Doc = { name: "ts", runtime: "nodejs20.x" };
    if (arch !== "both") language.architecture = arch;
    assert.deepEqual(yaml.backend.language, language);
    assert.equal(yaml.backend.path, "server");
    const methods: Doc[] = [{ name: "handle", type: "http" }];
    if (template === "lambda-runtime") methods.push({ name: "tick", type: "cron", cronString: "*/5 * * * *" });
    assert.deepEqual(yaml.backend.classes, [{ path: "./service.ts", type: "http", methods }]);
  });

  test(`${label}: package.json files and tsconfigs`, () => {
    const files = render(template, arch, toolchain);
    const pkg = JSON.parse(file(files, "package.json")) as Doc;
    assert.equal(pkg.name, names.packageName);
    assert.equal(pkg.private, true);
    assert.equal(pkg.type, "module");
    assert.deepEqual(pkg.workspaces, ["server"]);
    assert.deepEqual(pkg.scripts, {
      build: "tsx scripts/build.ts",
      embed: "tsx scripts/embed.ts",
      deploy: "tsx scripts/deploy.ts",
      dev: "tsx scripts/dev.ts",
      doctor: "tsx scripts/doctor.ts",
      test: "tsx scripts/test.ts",
      typecheck: "tsc --noEmit -p tsconfig.json && tsc --noEmit -p server/tsconfig.json",
      postinstall: "tsx scripts/postinstall.ts",
    });
    assert.deepEqual(pkg.devDependencies, {
      "@types/node": versions.types_node,
      tsx: versions.tsx,
      typescript: versions.typescript,
    });
    assert.deepEqual(pkg.genezioRust, {
      arch: [...arches],
      toolchain,
      crate: "rust",
      bin: names.crateName,
      className: names.className,
    });

    const server = JSON.parse(file(files, "server/package.json")) as Doc;
    assert.equal(server.name, `${names.packageName}-server`);
    assert.equal(server.private, true);
    assert.equal(server.type, "module");
    assert.deepEqual(server.dependencies, { "@genezio/types": versions.genezio_types });

    for (const p of ["tsconfig.json", "server/tsconfig.json"]) {
      const options = (JSON.parse(file(files, p)) as Doc).compilerOptions;
      assert.equal(options.strict, true, `${p}: strict`);
      assert.equal(options.module, "NodeNext", `${p}: module`);
      assert.equal(options.moduleResolution, "NodeNext", `${p}: moduleResolution`);
      assert.equal(options.noEmit, true, `${p}: noEmit`);
      assert.equal(options.experimentalDecorators, undefined, `${p}: Genezio's bundler needs 2023 decorators`);
    }
    assert.equal((JSON.parse(file(files, "server/tsconfig.json")) as Doc).compilerOptions.target, "ES2022");
    assert.deepEqual((JSON.parse(file(files, "tsconfig.json")) as Doc).include, ["scripts/**/*.ts", "server/**/*.ts"]);
    assert.deepEqual(parseYaml(file(files, "pnpm-workspace.yaml")), { packages: ["server"] });
  });

  test(`${label}: .gitignore, README and the CI workflow`, async () => {
    const files = render(template, arch, toolchain);
    const ignored = file(files, ".gitignore").split("\n");
    for (const entry of ["target/", "node_modules/", "server/trap/embedded.ts", ".genezio/"]) {
      assert.ok(ignored.includes(entry), `.gitignore lacks ${entry}`);
    }

    const readme = file(files, "README.md");
    assert.match(readme, new RegExp(`^# ${NAME}$`, "m"));
    for (const script of ["build", "embed", "deploy", "dev", "doctor"]) {
      assert.ok(readme.includes(`npm run ${script}`), `README lacks npm run ${script}`);
    }
    for (const flag of ["--arch", "--toolchain", "--debug", "--bin <arch>=<path>", "--port"]) {
      assert.ok(readme.includes(flag), `README lacks ${flag}`);
    }
    assert.ok(readme.includes(`GENEZIO_RUST_PATH_PREFIX=/${names.className}/handle`));
    assert.match(readme, /Not verified against the live cloud/);
    assert.equal(readme.includes("lambda_http"), template === "axum");

    const source = file(files, ".github/workflows/ci.yml");
    const problems = await actionlint(source, ".github/workflows/ci.yml");
    assert.deepEqual(problems, [], formatProblems(".github/workflows/ci.yml", problems));
    const ci = parseYaml(source) as Doc;
    const include = ci.jobs.build.strategy.matrix.include as Doc[];
    assert.deepEqual(
      include.map((m) => [m.arch, m.target]),
      arches.map((a) => [a, ARCHES[a].rustTarget]),
    );
    const steps = JSON.stringify(ci.jobs);
    assert.ok(steps.includes("cargo test --workspace"));
    assert.ok(steps.includes("npm run typecheck"));
    assert.ok(steps.includes("pip install ziglang"));
    assert.ok(steps.includes(`cargo install --locked cargo-zigbuild --version \\"^${versions.cargo_zigbuild}\\"`));
    assert.ok(steps.includes(`target/\${{ matrix.target }}/release/${names.crateName}`));
  });
}
