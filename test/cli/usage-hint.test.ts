/** A usage error names the help command the way the user invoked the CLI (npm create needs "--"). */
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { runCli } from "../helpers/cli.ts";
import { makeTmp } from "../helpers/tmp.ts";
import { helpCommand } from "../../src/ui.ts";

test("helpCommand: npm puts -- before the flag, the others and the bare bin do not", () => {
  assert.equal(helpCommand({ prefix: "npm create genezio-rust@latest", flagSeparator: true }), "npm create genezio-rust@latest -- --help");
  assert.equal(helpCommand({ prefix: "pnpm create genezio-rust", flagSeparator: false }), "pnpm create genezio-rust --help");
  assert.equal(helpCommand({ prefix: "create-genezio-rust", flagSeparator: false }), "create-genezio-rust --help");
});

test("a bad flag under npm create points at `npm create genezio-rust@latest -- --help`", (t) => {
  const cwd = makeTmp(t);
  const viaNpm = runCli(["--bogus"], { cwd, env: { npm_config_user_agent: "npm/11.0.0 node/v20.20.0" } });
  assert.equal(viaNpm.code, 1);
  assert.match(viaNpm.stderr, /Unknown option "--bogus"\. Valid options: /);
  assert.match(viaNpm.stderr, /\n {2}Run npm create genezio-rust@latest -- --help for usage\.\n/);
  const viaYarn = runCli(["--template", "vue"], { cwd, env: { npm_config_user_agent: "yarn/1.22.22 npm/? node/v20.20.0" } });
  assert.equal(viaYarn.code, 1);
  assert.match(viaYarn.stderr, /Invalid value for --template: "vue"\. Valid values: axum, lambda-runtime/);
  assert.match(viaYarn.stderr, /\n {2}Run yarn create genezio-rust --help for usage\.\n/);
  const bare = runCli(["--arch", "arm"], { cwd, env: { npm_config_user_agent: undefined } });
  assert.equal(bare.code, 1);
  assert.match(bare.stderr, /\n {2}Run create-genezio-rust --help for usage\.\n/);
  assert.deepEqual(fs.readdirSync(cwd), []);
});
