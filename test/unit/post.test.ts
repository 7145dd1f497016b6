import { test } from "node:test";
import assert from "node:assert/strict";
import { detectPackageManager, invocationFor, runScriptCommand } from "../../src/post.ts";
import { shouldUseColor, makeColors, helpText } from "../../src/ui.ts";
import { suggestedCommand } from "../../src/options.ts";
import { parseArgs } from "../../src/cli/args.ts";
import { NAME_RULE } from "../../src/names.ts";
import { REGION_NAMES } from "../../src/templates.ts";

test("package manager from npm_config_user_agent", () => {
  assert.equal(detectPackageManager("pnpm/9.12.0 npm/? node/v20.20.0 linux x64"), "pnpm");
  assert.equal(detectPackageManager("yarn/1.22.22 npm/? node/v20.20.0 linux x64"), "yarn");
  assert.equal(detectPackageManager("bun/1.1.0 npm/? node/v20 linux x64"), "bun");
  assert.equal(detectPackageManager("npm/11.0.0 node/v20.20.0 linux x64 workspaces/false"), "npm");
  assert.equal(detectPackageManager(undefined), "npm");
  assert.equal(detectPackageManager("deno/2"), "npm");
  assert.equal(runScriptCommand("pnpm", "dev"), "pnpm run dev");
  assert.equal(runScriptCommand("pnpm", "deploy"), "pnpm run deploy");
  assert.equal(runScriptCommand("yarn", "dev"), "yarn dev");
  assert.equal(runScriptCommand("npm", "dev"), "npm run dev");
});

test("suggested command for non-interactive runs, per invocation", () => {
  const npm = invocationFor("npm/11 node/v20");
  assert.equal(suggestedCommand(parseArgs(["my app", "--region", "eu-west-1", "--no-git"]), { invocation: npm, platform: "linux" }),
    "npm create genezio-rust@latest 'my app' -- --template axum --arch both --region eu-west-1 --no-git");
  assert.equal(suggestedCommand(parseArgs(["-t", "lambda-runtime"]), { invocation: invocationFor("pnpm/9"), platform: "linux" }),
    "pnpm create genezio-rust genezio-rust-app --template lambda-runtime --arch both");
  assert.equal(suggestedCommand(parseArgs([]), { invocation: invocationFor(undefined), platform: "linux" }),
    "create-genezio-rust genezio-rust-app --template axum --arch both");
});

test("colours honour NO_COLOR, FORCE_COLOR and non-terminals", () => {
  assert.equal(shouldUseColor(true, {}), true);
  assert.equal(shouldUseColor(false, {}), false);
  assert.equal(shouldUseColor(true, { NO_COLOR: "1" }), false);
  assert.equal(shouldUseColor(true, { NO_COLOR: "" }), true);
  assert.equal(shouldUseColor(false, { FORCE_COLOR: "1" }), true);
  assert.equal(shouldUseColor(true, { NO_COLOR: "1", FORCE_COLOR: "1" }), false);
  assert.equal(shouldUseColor(true, { TERM: "dumb" }), false);
  assert.equal(makeColors(false).red("x"), "x");
  assert.equal(makeColors(true).red("x"), "\u001b[31mx\u001b[39m");
});

test("help documents the name rule, every region and the defaults", () => {
  const help = helpText("1.2.3");
  assert.ok(help.includes(NAME_RULE));
  for (const r of REGION_NAMES) assert.ok(help.includes(r), r);
  assert.match(help, /--arch <arch>.*default both/);
  assert.match(help, /my-app -> my_app/);
});
