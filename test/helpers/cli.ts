/** Spawns the BUILT bin (dist/index.mjs) as users run it; builds it first when missing or stale. */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const binPath = path.join(repoRoot, "dist", "index.mjs");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

let built = false;
export function ensureBuilt(): string {
  if (built) return binPath;
  // The bundle carries a snapshot of template/ too (src/template-source.ts): rebuild when either changed.
  const newest = Math.max(newestMtime(path.join(repoRoot, "src")), newestMtime(path.join(repoRoot, "template")));
  const stale = !fs.existsSync(binPath) || fs.statSync(binPath).mtimeMs < newest;
  if (stale) {
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(repoRoot, "scripts", "build.ts")], { cwd: repoRoot, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  }
  built = true;
  return binPath;
}

/** An environment for the CLI: no colours, no CI, no installs, a git identity, no package manager user agent. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("npm_") || k === "CI" || k === "FORCE_COLOR") delete env[k];
  Object.assign(env, {
    NO_COLOR: "1",
    CREATE_GENEZIO_RUST_SKIP_INSTALL: "1",
    GIT_AUTHOR_NAME: "Test", GIT_AUTHOR_EMAIL: "test@example.com",
    GIT_COMMITTER_NAME: "Test", GIT_COMMITTER_EMAIL: "test@example.com",
    GIT_CONFIG_NOSYSTEM: "1",
  });
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], opts: { cwd: string; env?: Record<string, string | undefined>; spawn?: SpawnSyncOptions; prefix?: readonly string[] }): CliResult {
  ensureBuilt();
  const [cmd, ...pre] = opts.prefix ?? [process.execPath];
  const r = spawnSync(cmd as string, [...pre, ...(opts.prefix ? [process.execPath] : []), binPath, ...args], {
    cwd: opts.cwd,
    env: cliEnv(opts.env),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    ...opts.spawn,
  });
  return { code: r.status, signal: r.signal, stdout: String(r.stdout ?? ""), stderr: String(r.stderr ?? "") };
}
