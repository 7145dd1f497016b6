/**
 * After the files are in place: package manager detection, install, git init + first commit,
 * next steps. Detection and command building are pure; running them is at the edge.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import nodePath from "node:path";
import type { PathImpl } from "./names.js";
import { cdCommand } from "./paths.js";

export type PackageManager = "npm" | "pnpm" | "yarn" | "bun";

/** From `npm_config_user_agent` ("pnpm/9.1.0 npm/? node/v20…"); npm when unknown or absent. */
export function detectPackageManager(userAgent: string | undefined): PackageManager {
  const name = (userAgent ?? "").split(" ")[0]?.split("/")[0];
  return name === "pnpm" || name === "yarn" || name === "bun" ? name : "npm";
}

/** How to invoke this CLI non-interactively with the detected package manager. */
export function invocationFor(userAgent: string | undefined): { prefix: string; flagSeparator: boolean } {
  if (userAgent === undefined || userAgent === "") return { prefix: "create-genezio-rust", flagSeparator: false };
  const pm = detectPackageManager(userAgent);
  if (pm === "npm") return { prefix: "npm create genezio-rust@latest", flagSeparator: true };
  return { prefix: `${pm} create genezio-rust`, flagSeparator: false };
}

export function installCommand(pm: PackageManager): string {
  return `${pm} install`;
}

/**
 * The command that runs one of the project's scripts. pnpm gets `run` too: `pnpm deploy` and
 * `pnpm doctor` are pnpm's own commands, not the project's scripts. Yarn has no built-in
 * command of these names, so `yarn dev` runs the script.
 */
export function runScriptCommand(pm: PackageManager, script: string): string {
  return pm === "yarn" ? `yarn ${script}` : `${pm} run ${script}`;
}

export interface NextStepsInput {
  cwd: string;
  target: string;
  pm: PackageManager;
  installed: boolean;
  pathImpl?: PathImpl;
  platform?: NodeJS.Platform;
}

export function nextSteps(input: NextStepsInput): string[] {
  const steps: string[] = [];
  const pathImpl = input.pathImpl ?? nodePath;
  if (pathImpl.resolve(input.cwd) !== pathImpl.resolve(input.target)) steps.push(cdCommand(input.cwd, input.target, pathImpl, input.platform ?? process.platform));
  if (!input.installed) steps.push(installCommand(input.pm));
  steps.push(`${runScriptCommand(input.pm, "doctor")}   # check Rust, zig/cross and the musl targets`);
  steps.push(`${runScriptCommand(input.pm, "dev")}      # run locally`);
  steps.push(`${runScriptCommand(input.pm, "deploy")}   # build, embed and deploy to Genezio`);
  return steps;
}

/** Runs `<pm> install` in `cwd` with inherited stdio (its own progress output). Resolves true on success. */
export function runInstall(pm: PackageManager, cwd: string): Promise<{ ok: true } | { ok: false; reason: string; signal?: NodeJS.Signals }> {
  return new Promise((resolve) => {
    const child = spawn(pm, ["install"], { cwd, stdio: "inherit", shell: process.platform === "win32" });
    child.on("error", (err: NodeJS.ErrnoException) => {
      resolve({ ok: false, reason: err.code === "ENOENT" ? `${pm} was not found on PATH` : err.message });
    });
    child.on("close", (code, signal) => {
      if (code === 0) resolve({ ok: true });
      else if (signal) resolve({ ok: false, reason: `${pm} install was stopped by ${signal}`, signal });
      else resolve({ ok: false, reason: `${pm} install exited with code ${code}` });
    });
  });
}

function git(args: string[], cwd: string): { ok: boolean; out: string } {
  const r = spawnSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return { ok: r.status === 0 && r.error === undefined, out: `${r.stdout ?? ""}${r.stderr ?? ""}`.trim() };
}

export type GitResult =
  | { kind: "committed" }
  | { kind: "initialized"; reason: string }
  | { kind: "skipped"; reason: string };

/**
 * git init + first commit when git exists and the target is not already inside a work tree.
 * Never touches an existing .git (a `.git` entry in the target means: skip).
 */
export function initGit(target: string): GitResult {
  if (!git(["--version"], target).ok) return { kind: "skipped", reason: "git is not installed" };
  if (fs.existsSync(nodePath.join(target, ".git"))) return { kind: "skipped", reason: "the folder already has .git" };
  const inside = git(["rev-parse", "--is-inside-work-tree"], target);
  if (inside.ok && inside.out === "true") return { kind: "skipped", reason: "the folder is inside an existing git work tree" };
  const init = git(["init", "-q"], target);
  if (!init.ok) return { kind: "skipped", reason: `git init failed: ${init.out}` };
  const add = git(["add", "-A"], target);
  const commit = add.ok ? git(["commit", "-q", "--no-verify", "-m", "Initial commit from create-genezio-rust"], target) : add;
  if (!commit.ok) {
    return { kind: "initialized", reason: `the first commit failed (${commit.out.split("\n")[0] ?? ""}); set git user.name/user.email and commit yourself` };
  }
  return { kind: "committed" };
}
