import { test } from "node:test";
import assert from "node:assert/strict";
import { buildPlan, EMBEDDED_MODULE_PATH, outputPath, renderContext } from "../../src/plan.ts";
import { deriveNames } from "../../src/names.ts";
import { versions } from "../../src/versions.ts";
import type { TemplateFile } from "../../src/render.ts";

const file = (p: string, text: string, mode = 0o644): TemplateFile => ({ path: p, contents: Buffer.from(text), mode });
const opts = (arch: "both" | "arm64" | "x86_64" = "both") =>
  ({ names: deriveNames("my-app"), template: "axum", arch, toolchain: "zig", region: "eu-west-1" }) as const;

test("renames _gitignore, _npmrc and _github/", () => {
  assert.equal(outputPath("_npmrc"), ".npmrc");
  assert.equal(outputPath("_gitignore"), ".gitignore");
  assert.equal(outputPath("_github/workflows/ci.yml"), ".github/workflows/ci.yml");
  assert.equal(outputPath("server/_gitignore"), "server/.gitignore");
  assert.equal(outputPath("my_github/x"), "my_github/x");
});

test("render context: tokens and flags per arch", () => {
  const both = renderContext(opts("both"));
  assert.equal(both.tokens.archList, '["arm64","x86_64"]');
  assert.equal(both.tokens.rustTargetsToml, '"aarch64-unknown-linux-musl", "x86_64-unknown-linux-musl"');
  assert.equal(both.tokens["v.lambda_http"], versions.lambda_http);
  assert.equal(both.tokens.className, "MyApp");
  assert.equal(both.tokens.region, "eu-west-1");
  assert.deepEqual([both.flags.archBoth, both.flags.archSingle], [true, false]);
  const arm = renderContext(opts("arm64"));
  assert.equal(arm.tokens.rustTargetsToml, '"aarch64-unknown-linux-musl"');
  assert.deepEqual([arm.flags.archArm64, arm.flags.archX86_64, arm.flags.archSingle, arm.flags.templateAxum, arm.flags.toolchainZig], [true, false, true, true, true]);
});

test("overlay wins over base; files are rendered, sorted, modes kept; empty embedded module added", () => {
  const plan = buildPlan(
    opts(),
    [file("_gitignore", "target/\n"), file("README.md", "# {{projectName}}\n"), file("scripts/x.sh", "echo {{crateName}}", 0o755)],
    [file("README.md", "# {{className}} ({{#if archBoth}}both{{/if}})\n"), file("rust/bin.dat", "\u0000{{raw}}")],
  );
  assert.deepEqual(plan.map((f) => f.path), [".gitignore", "README.md", "rust/bin.dat", "scripts/x.sh", EMBEDDED_MODULE_PATH].sort());
  const get = (p: string) => plan.find((f) => f.path === p)!;
  assert.equal(get("README.md").contents.toString(), "# MyApp (both)\n");
  assert.equal(get("scripts/x.sh").contents.toString(), "echo my_app");
  assert.equal(get("scripts/x.sh").mode, 0o755);
  assert.equal(get("rust/bin.dat").contents.toString(), "\u0000{{raw}}");
  assert.match(get(EMBEDDED_MODULE_PATH).contents.toString(), /export const embedded: readonly EmbeddedBinary\[\] = \[\];/);
});

test("a template's own embedded module is kept", () => {
  const plan = buildPlan(opts(), [file(EMBEDDED_MODULE_PATH, "// mine\n")], []);
  assert.equal(plan.find((f) => f.path === EMBEDDED_MODULE_PATH)?.contents.toString(), "// mine\n");
});

test("an unknown token names the template file", () => {
  assert.throws(() => buildPlan(opts(), [], [file("a/b.txt", "{{nope}}")]), /template\/axum\/a\/b\.txt: unknown token \{\{nope\}\}/);
});
