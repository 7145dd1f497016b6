/** After a scaffold with pnpm/yarn/bun the CLI names the one npm install genezio's bundler needs; with npm it does not. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runCli } from "../helpers/cli.ts";
import { makeTmp } from "../helpers/tmp.ts";
import { serverInstallHint } from "../../src/ui.ts";

const HINT = /also run once: npm install --prefix server --install-strategy=nested\n/;

test("serverInstallHint: none for npm, the npm command for the others", () => {
  assert.equal(serverInstallHint("npm"), undefined);
  for (const pm of ["pnpm", "yarn", "bun"] as const) {
    const hint = serverInstallHint(pm);
    assert.ok(hint !== undefined);
    assert.match(`${hint}\n`, HINT);
    assert.match(hint, new RegExp(`^With ${pm},`));
  }
});

test("the scaffold's closing lines carry the hint under pnpm only", (t) => {
  const cwd = makeTmp(t);
  const env = { CREATE_GENEZIO_RUST_SKIP_INSTALL: "1" };
  const pnpm = runCli(["with-pnpm", "--yes", "--no-git"], { cwd, env: { ...env, npm_config_user_agent: "pnpm/9.1.0 npm/? node/v20.20.0" } });
  assert.equal(pnpm.code, 0, pnpm.stderr);
  assert.match(pnpm.stdout, /pnpm run deploy/);
  assert.match(pnpm.stdout, HINT);
  const npm = runCli(["with-npm", "--yes", "--no-git"], { cwd, env: { ...env, npm_config_user_agent: "npm/11.0.0 node/v20.20.0" } });
  assert.equal(npm.code, 0, npm.stderr);
  assert.match(npm.stdout, /npm run deploy/);
  assert.doesNotMatch(npm.stdout, /--install-strategy=nested/);
});
