/**
 * Harness for the generated project's script tests: scaffold a project with the built CLI,
 * give it the repo's node_modules, put recording stand-ins on PATH, run a script, read what
 * the stand-ins recorded.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot, runCli } from "../helpers/cli.ts";
import { type HasAfter, makeTmp } from "../helpers/tmp.ts";

export const STANDIN = path.join(repoRoot, "test", "fixtures", "bin", "standin.mjs");
export const STUB_CRATE = path.join(repoRoot, "test", "fixtures", "lambda-stub");

/** Every tool a stand-in exists for. */
export const ALL_TOOLS = ["cargo", "cargo-zigbuild", "zig", "cross", "docker", "podman", "rustup", "genezio"] as const;
export type Tool = (typeof ALL_TOOLS)[number] | "python3";

export interface Sandbox {
  /** Temp root holding everything below (removed after the test). */
  readonly root: string;
  /** The scaffolded project. */
  readonly project: string;
  /** HOME for the scripts (empty: no ~/.geneziorc, no ~/.cargo/config.toml). */
  readonly home: string;
  /** Where the stand-ins append their JSON lines. */
  readonly log: string;
  /** The crate name = binary name of the scaffolded project. */
  readonly bin: string;
}

export interface ScaffoldOptions {
  readonly arch?: "both" | "arm64" | "x86_64";
  readonly toolchain?: "zig" | "cross";
  readonly template?: "axum" | "lambda-runtime";
  readonly name?: string;
}

/** Scaffold with the built CLI (`--yes --no-install --no-git`) and link the repo's node_modules. */
export function scaffold(t: HasAfter, options: ScaffoldOptions = {}): Sandbox {
  const root = makeTmp(t, "cgr-scripts-");
  const name = options.name ?? "demo-app";
  const args = [name, "--yes", "--no-install", "--no-git", "--arch", options.arch ?? "both", "--toolchain", options.toolchain ?? "zig"];
  if (options.template) args.push("--template", options.template);
  const r = runCli(args, { cwd: root });
  if (r.code !== 0) throw new Error(`scaffold failed (${r.code}): ${r.stderr}${r.stdout}`);
  const project = path.join(root, name);
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(project, "node_modules"), "dir");
  // What a nested npm install leaves in server/ (the project's .npmrc): @genezio/types there.
  // No npm install ever runs in these sandboxes, so a scope link is safe here.
  fs.mkdirSync(path.join(project, "server", "node_modules"), { recursive: true });
  fs.symlinkSync(path.join(repoRoot, "node_modules", "@genezio"), path.join(project, "server", "node_modules", "@genezio"), "dir");
  const home = path.join(root, "home");
  fs.mkdirSync(home);
  const pkg = JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8")) as { genezioRust: { bin: string } };
  return { root, project, home, log: path.join(root, "tools.jsonl"), bin: pkg.genezioRust.bin };
}

/** A folder with `node` and the named stand-ins (symlinks), to be the whole PATH. */
export function toolsDir(sandbox: Sandbox, tools: readonly Tool[], name = "bin"): string {
  const dir = path.join(sandbox.root, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  fs.symlinkSync(process.execPath, path.join(dir, "node"));
  for (const tool of tools) fs.symlinkSync(STANDIN, path.join(dir, tool));
  return dir;
}

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment the scripts run in: only `pathDirs` on PATH, HOME = sandbox.home, no colours. */
export function scriptEnv(sandbox: Sandbox, pathDirs: readonly string[], extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith("npm_") || /^(CI|FORCE_COLOR|GENEZIO_|CARGO_|CROSS_|STANDIN_)/.test(k)) continue;
    env[k] = v;
  }
  Object.assign(env, {
    PATH: pathDirs.join(path.delimiter),
    HOME: sandbox.home,
    CARGO_HOME: path.join(sandbox.home, ".cargo"),
    NO_COLOR: "1",
    STANDIN_LOG: sandbox.log,
  });
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Run `scripts/<name>.ts` the way `tsx scripts/<name>.ts` does, in the project. */
export function runScript(
  sandbox: Sandbox,
  name: string,
  args: readonly string[],
  pathDirs: readonly string[],
  extra: Record<string, string | undefined> = {},
): Run {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join("scripts", `${name}.ts`), ...args], {
    cwd: sandbox.project,
    env: scriptEnv(sandbox, pathDirs, extra),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface Call {
  readonly tool: string;
  readonly args: string[];
  readonly cwd: string;
  readonly env: Record<string, string>;
}

/** What the stand-ins recorded, in order. */
export function calls(sandbox: Sandbox): Call[] {
  if (!fs.existsSync(sandbox.log)) return [];
  return fs
    .readFileSync(sandbox.log, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Call);
}

/** Calls other than probes (--version, version, info, target list). */
export function actions(sandbox: Sandbox): Call[] {
  return calls(sandbox).filter(
    (c) => !["--version", "version", "info"].includes(c.args[0] ?? "") && !(c.tool === "rustup" && c.args[0] === "target") && !(c.tool === "python3"),
  );
}

/** The directory holding the real cargo (for tests that compile the std-only stub). */
export function realCargoDirs(): string[] {
  const dirs = (process.env["PATH"] ?? "").split(path.delimiter);
  const cargo = dirs.find((d) => d !== "" && fs.existsSync(path.join(d, "cargo")));
  if (!cargo) throw new Error("cargo is not on PATH: the script tests need Rust (rustup) installed");
  return [...new Set([cargo, ...dirs.filter((d) => d !== "")])];
}

/** Real rustup/cargo homes, for running the real cargo with a sandboxed HOME. */
export function realRustEnv(): Record<string, string> {
  const home = os.homedir();
  return {
    RUSTUP_HOME: process.env["RUSTUP_HOME"] ?? path.join(home, ".rustup"),
    CARGO_HOME: process.env["CARGO_HOME"] ?? path.join(home, ".cargo"),
  };
}
