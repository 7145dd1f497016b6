/**
 * Shared test peers: the genezio CLI (pinned in src/versions.ts) and AWS's Node runtime
 * interface client `aws-lambda-ric` 3.x (the last line that runs on Node 20).
 *
 * `ensurePeers()` installs them once per machine into `<repo>/.cache/peers/` (git-ignored),
 * under a lock directory so parallel test processes never install at the same time, and
 * verifies that aws-lambda-ric's native addon really loads. Later calls return at once.
 *
 * The full dependency tree is pinned by test/helpers/peers-lock.json (installed with `npm ci`).
 * To move to newer peers: change the versions, delete peers-lock.json, run any conformance
 * test (it installs with `npm install`), then copy .cache/peers/package-lock.json back.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { versions } from "../../src/versions.js";

export interface Peers {
  /** genezio's CLI entry (executable JS file with a node shebang): spawn `node <genezioBin> ...`. */
  genezioBin: string;
  /** node_modules/genezio: import `build/src/...` modules from here. */
  genezioPkgDir: string;
  /** node_modules/aws-lambda-ric */
  ricDir: string;
  /** aws-lambda-ric's CLI: `node <ricBin> <module>.<export>` in the task root. */
  ricBin: string;
}

/** aws-lambda-ric 3.x runs on Node 20 (4.x needs Node 22). Pinned exactly for reproducible installs. */
export const RIC_VERSION = "3.3.0";
export const GENEZIO_VERSION: string = versions.genezio_cli;

/** Debian packages aws-lambda-ric's install (curl + native addon built from source) needs. */
const BUILD_TOOLS: ReadonlyArray<{ command: string; aptPackage: string }> = [
  { command: "autoreconf", aptPackage: "autoconf" },
  { command: "automake", aptPackage: "automake" },
  { command: "libtoolize", aptPackage: "libtool" },
  { command: "make", aptPackage: "make" },
  { command: "g++", aptPackage: "g++" },
  { command: "cmake", aptPackage: "cmake" },
  { command: "python3", aptPackage: "python3" }, // node-gyp
];

const LOCK_STALE_AFTER_MS = 20 * 60 * 1000;
const WAIT_LIMIT_MS = 25 * 60 * 1000;

export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const peersDir: string = join(repoRoot, ".cache", "peers");
const lockDir = join(repoRoot, ".cache", "peers.lock");
const markerFile = join(peersDir, "ready.json");
/** The committed lockfile for the peers (see the module comment). */
export const peersLockFile: string = join(repoRoot, "test", "helpers", "peers-lock.json");
const logFile = join(peersDir, "install.log");

/** The package.json written into the peers folder. Pure. */
export function peersManifest(): Record<string, unknown> {
  return {
    name: "create-genezio-rust-test-peers",
    private: true,
    description: "Test peers installed by test/helpers/peers.ts; safe to delete.",
    dependencies: { genezio: GENEZIO_VERSION, "aws-lambda-ric": RIC_VERSION },
    // npm 11 skips dependency install scripts that are not approved here; aws-lambda-ric
    // must run its preinstall/postinstall (builds curl + rapid-client.node).
    allowScripts: { "aws-lambda-ric": true, esbuild: true, "@sentry/profiling-node": true },
  };
}

/** What a finished install records; an install is reused only when this matches exactly. */
function wantedMarker(): string {
  const lock = existsSync(peersLockFile) ? createHash("sha256").update(readFileSync(peersLockFile)).digest("hex") : "none";
  return JSON.stringify({ genezio: GENEZIO_VERSION, ric: RIC_VERSION, node: process.versions.modules, lock });
}

function pathsIn(dir: string): Peers {
  const genezioPkgDir = join(dir, "node_modules", "genezio");
  const ricDir = join(dir, "node_modules", "aws-lambda-ric");
  return {
    genezioBin: join(genezioPkgDir, "build", "src", "index.js"),
    genezioPkgDir,
    ricDir,
    ricBin: join(ricDir, "bin", "index.mjs"),
  };
}

function isReady(): boolean {
  if (!existsSync(markerFile)) return false;
  if (readFileSync(markerFile, "utf8") !== wantedMarker()) return false;
  const p = pathsIn(peersDir);
  return [p.genezioBin, p.ricBin, join(p.ricDir, "dist", "rapid-client.node")].every((f) => existsSync(f));
}

function onPath(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/** Throws with the exact apt-get command when a build tool is missing. */
export function checkBuildTools(has: (command: string) => boolean = onPath): void {
  const missing = BUILD_TOOLS.filter((t) => !has(t.command)).map((t) => t.aptPackage);
  if (missing.length > 0) {
    throw new Error(
      `aws-lambda-ric ${RIC_VERSION} builds curl and a native addon from source and needs: ` +
        `${missing.join(", ")}. Install them with:\n` +
        `  apt-get update && apt-get install -y ${[...new Set(missing)].join(" ")}`,
    );
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** mkdir is atomic: whoever creates the lock directory installs. Stale locks are broken. */
function tryLock(): boolean {
  mkdirSync(dirname(lockDir), { recursive: true });
  try {
    mkdirSync(lockDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    let owner: { pid: number; at: number } | undefined;
    try {
      owner = JSON.parse(readFileSync(join(lockDir, "owner.json"), "utf8")) as { pid: number; at: number };
    } catch {
      owner = undefined; // being written, or the owner died before writing it
    }
    const stale =
      owner === undefined
        ? lockAgeMs() > 60_000 // the owner died between mkdir and writing owner.json
        : !pidAlive(owner.pid) || Date.now() - owner.at > LOCK_STALE_AFTER_MS;
    if (stale) rmSync(lockDir, { recursive: true, force: true });
    return false;
  }
  writeFileSync(join(lockDir, "owner.json"), JSON.stringify({ pid: process.pid, at: Date.now() }));
  return true;
}

function lockAgeMs(): number {
  try {
    return Date.now() - statSync(lockDir).mtimeMs;
  } catch {
    return 0;
  }
}

function unlock(): void {
  rmSync(lockDir, { recursive: true, force: true });
}

/** npm settings inherited from a surrounding `npm run` must not leak into the peers install. */
function installEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    const key = k.toLowerCase();
    if (key.startsWith("npm_package_") || key.startsWith("npm_lifecycle_")) continue;
    if (key === "npm_config_ignore_scripts" || key === "npm_config_global" || key === "npm_config_prefix") continue;
    if (key === "npm_config_workspace" || key === "npm_config_workspaces" || key === "npm_config_dry_run") continue;
    env[k] = v;
  }
  return env;
}

function run(command: string, args: string[], cwd: string, log: number): Promise<number> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd, env: installEnv(), stdio: ["ignore", log, log] });
    child.on("error", reject);
    child.on("close", (code, signal) => resolveRun(code ?? (signal ? 128 : 1)));
  });
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** Loads the addon in a child (it aborts without AWS_LAMBDA_RUNTIME_API) and runs genezio --version. */
function verify(p: Peers): void {
  const addon = spawnSync(
    process.execPath,
    ["-e", `const m = require(${JSON.stringify(join(p.ricDir, "dist", "rapid-client.node"))});
            if (typeof m.next !== "function") throw new Error("rapid-client.node has no next()");`],
    { env: { ...process.env, AWS_LAMBDA_RUNTIME_API: "127.0.0.1:9" }, encoding: "utf8" },
  );
  if (addon.status !== 0) {
    throw new Error(
      `aws-lambda-ric's native addon does not load (${addon.stderr.trim()}). Delete ${peersDir} and ` +
        `check ${logFile}: its install scripts must run (allowScripts in ${join(peersDir, "package.json")}).`,
    );
  }
  const version = spawnSync(process.execPath, [p.genezioBin, "--version"], { encoding: "utf8" });
  if (version.status !== 0 || !version.stdout.includes(GENEZIO_VERSION)) {
    throw new Error(`genezio --version did not print ${GENEZIO_VERSION}: ${version.stdout}${version.stderr}`);
  }
}

async function install(): Promise<void> {
  checkBuildTools();
  rmSync(peersDir, { recursive: true, force: true });
  mkdirSync(peersDir, { recursive: true });
  writeFileSync(join(peersDir, "package.json"), JSON.stringify(peersManifest(), null, 2) + "\n");
  process.stderr.write(
    `[peers] installing genezio ${GENEZIO_VERSION} + aws-lambda-ric ${RIC_VERSION} into ${peersDir} ` +
      `(about 2 minutes; log: ${logFile})\n`,
  );
  const locked = existsSync(peersLockFile);
  if (locked) writeFileSync(join(peersDir, "package-lock.json"), readFileSync(peersLockFile));
  const log = openSync(logFile, "w");
  let code: number;
  try {
    code = await run("npm", [locked ? "ci" : "install", "--no-audit", "--no-fund", "--foreground-scripts"], peersDir, log);
  } finally {
    closeSync(log);
  }
  if (code !== 0) {
    throw new Error(`npm install of the test peers failed (exit ${code}); last lines of ${logFile}:\n${tail(logFile, 40)}`);
  }
  verify(pathsIn(peersDir));
  writeFileSync(markerFile, wantedMarker());
}

let inProcess: Promise<Peers> | undefined;

/** Installs (once per machine) and returns the peers' paths. Safe to call from parallel processes. */
export function ensurePeers(): Promise<Peers> {
  inProcess ??= ensurePeersUncached().catch((e: unknown) => {
    inProcess = undefined;
    throw e;
  });
  return inProcess;
}

async function ensurePeersUncached(): Promise<Peers> {
  const started = Date.now();
  while (!isReady()) {
    if (tryLock()) {
      try {
        if (!isReady()) await install();
      } finally {
        unlock();
      }
      break;
    }
    if (Date.now() - started > WAIT_LIMIT_MS) {
      throw new Error(`waited too long for another process installing the test peers; remove ${lockDir} if no install is running`);
    }
    await sleep(1000);
  }
  return pathsIn(peersDir);
}
