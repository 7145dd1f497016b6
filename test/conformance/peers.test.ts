import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { checkBuildTools, ensurePeers, GENEZIO_VERSION, peersLockFile, peersManifest, RIC_VERSION } from "../helpers/peers.js";

test("a missing build tool fails with the exact apt-get command", () => {
  assert.throws(
    () => checkBuildTools((cmd) => cmd !== "autoreconf" && cmd !== "libtoolize"),
    (e: Error) => e.message.includes("apt-get update && apt-get install -y autoconf libtool"),
  );
  assert.doesNotThrow(() => checkBuildTools(() => true));
});

test("the peers manifest pins genezio and aws-lambda-ric 3.x and allows the addon's install scripts", () => {
  const m = peersManifest() as { dependencies: Record<string, string>; allowScripts: Record<string, boolean> };
  assert.equal(m.dependencies["genezio"], GENEZIO_VERSION);
  assert.match(RIC_VERSION, /^3\.\d+\.\d+$/);
  assert.equal(m.allowScripts["aws-lambda-ric"], true);
});

test("the committed peers lockfile matches the manifest (npm ci would refuse otherwise)", () => {
  const lock = JSON.parse(readFileSync(peersLockFile, "utf8")) as {
    packages: Record<string, { version?: string; dependencies?: Record<string, string> }>;
  };
  const m = peersManifest() as { dependencies: Record<string, string> };
  assert.deepEqual(lock.packages[""]?.dependencies, m.dependencies);
  assert.equal(lock.packages["node_modules/genezio"]?.version, GENEZIO_VERSION);
  assert.equal(lock.packages["node_modules/aws-lambda-ric"]?.version, RIC_VERSION);
});

test("ensurePeers installs working peers, and a second call reuses them", async () => {
  const first = await ensurePeers();
  const again = await ensurePeers();
  assert.deepEqual(again, first);
  const version = spawnSync(process.execPath, [first.genezioBin, "--version"], { encoding: "utf8" });
  assert.equal(version.status, 0, version.stderr);
  assert.ok(version.stdout.includes("3.2.10"), version.stdout);
  const addon = spawnSync(
    process.execPath,
    ["-e", `const m = require(${JSON.stringify(join(first.ricDir, "dist", "rapid-client.node"))}); process.stdout.write(typeof m.next)`],
    { env: { ...process.env, AWS_LAMBDA_RUNTIME_API: "127.0.0.1:9" }, encoding: "utf8" },
  );
  assert.equal(addon.stdout, "function", addon.stderr);
});
