/**
 * Which toolchain can cross-compile for which arch: probing the machine (gatherFacts, the only
 * side effects) and the pure decisions made from the facts. `build` and `doctor` share this.
 */

import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { type Arch, TRIPLE } from "./arch.js";
import { type Env, capture, findOnPath } from "./exec.js";
import type { Profile, ToolchainName } from "./project.js";
import { TOOLCHAINS } from "./project.js";

export type EngineState = "running" | "not running" | "absent";

export interface Facts {
  readonly rustup?: string;
  readonly cargo?: string;
  /** `rustup target list --installed`; undefined without rustup. */
  readonly installedTargets?: readonly string[];
  /** How zig was found (its version), undefined when it was not. */
  readonly zig?: string;
  readonly cargoZigbuild?: string;
  readonly cross?: string;
  readonly docker: EngineState;
  readonly podman: EngineState;
  /** CROSS_CONTAINER_ENGINE when the user set it. */
  readonly engineOverride?: string;
  /** A linker configured for each musl target (for plain cargo), with where it was found. */
  readonly linkers: Partial<Record<Arch, string>>;
}

export interface Need {
  /** What is missing, e.g. "zig". */
  readonly what: string;
  /** The command (or step) that fixes it. */
  readonly fix: string;
}

export const RUSTUP_FIX = "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh   (https://rustup.rs)";
export const ZIG_FIX = "pip3 install ziglang   (or: brew install zig; or https://ziglang.org/download/)";
export const ZIGBUILD_FIX = "cargo install --locked cargo-zigbuild   (or: pip3 install cargo-zigbuild)";
export const CROSS_FIX = "cargo install --locked cross";

/** The container engine cross would use, or undefined when none is running. */
export function runningEngine(facts: Facts): "docker" | "podman" | undefined {
  if (facts.engineOverride === "docker" || facts.engineOverride === "podman") {
    return facts[facts.engineOverride] === "running" ? facts.engineOverride : undefined;
  }
  if (facts.docker === "running") return "docker";
  if (facts.podman === "running") return "podman";
  return undefined;
}

/** What to do when no container engine is running (for cross). */
export function engineNeed(facts: Facts): Need {
  const which = facts.engineOverride === "podman" || facts.engineOverride === "docker" ? facts.engineOverride : undefined;
  if ((which ?? "docker") === "docker" && facts.docker === "not running") {
    return { what: "a running Docker (docker is installed but `docker info` fails)", fix: "start Docker (open Docker Desktop, or: sudo systemctl start docker)" };
  }
  if ((which ?? "podman") === "podman" && facts.podman === "not running") {
    return { what: "a running Podman (podman is installed but `podman info` fails)", fix: "podman machine start   (macOS/Windows; on Linux check `podman info`)" };
  }
  return {
    what: "a container engine (Docker or Podman)",
    fix: "install Docker (https://docs.docker.com/get-docker/) or Podman (https://podman.io/docs/installation) and start it",
  };
}

/** What toolchain `tc` still needs to build `arch`; empty when it can. Pure. */
export function missingFor(tc: ToolchainName, arch: Arch, facts: Facts): Need[] {
  const needs: Need[] = [];
  const cargo: Need = { what: "cargo (Rust)", fix: RUSTUP_FIX };
  if (tc === "zig") {
    if (!facts.cargo) needs.push(cargo);
    if (!facts.cargoZigbuild) needs.push({ what: "cargo-zigbuild", fix: ZIGBUILD_FIX });
    if (!facts.zig) needs.push({ what: "zig", fix: ZIG_FIX });
  } else if (tc === "cross") {
    if (!facts.cross) needs.push({ what: "cross", fix: CROSS_FIX });
    if (!runningEngine(facts)) needs.push(engineNeed(facts));
  } else {
    if (!facts.cargo) needs.push(cargo);
    if (!facts.linkers[arch]) {
      needs.push({
        what: `a linker configured for ${TRIPLE[arch]}`,
        fix: `add to .cargo/config.toml:  [target.${TRIPLE[arch]}] linker = "rust-lld"   (pure-Rust crates only)`,
      });
    }
  }
  return needs;
}

export type Choice =
  | { readonly ok: true; readonly toolchain: ToolchainName; readonly skipped: readonly { toolchain: ToolchainName; needs: Need[] }[] }
  | { readonly ok: false; readonly tried: readonly { toolchain: ToolchainName; needs: Need[] }[] };

/**
 * The toolchain to build `arch` with: the preferred one if it can, else (unless `strict`, i.e.
 * chosen with --toolchain) the first of zig, cross, cargo that can. Pure.
 */
export function chooseToolchain(arch: Arch, preferred: ToolchainName, strict: boolean, facts: Facts): Choice {
  const order = strict ? [preferred] : [preferred, ...TOOLCHAINS.filter((t) => t !== preferred)];
  const tried: { toolchain: ToolchainName; needs: Need[] }[] = [];
  for (const tc of order) {
    const needs = missingFor(tc, arch, facts);
    if (needs.length === 0) return { ok: true, toolchain: tc, skipped: tried };
    tried.push({ toolchain: tc, needs });
  }
  return { ok: false, tried };
}

export interface Command {
  readonly command: string;
  readonly args: readonly string[];
  /** Extra environment for the command. */
  readonly env: Readonly<Record<string, string>>;
}

/** The exact build command for a toolchain; pure. */
export function buildCommand(tc: ToolchainName, arch: Arch, bin: string, profile: Profile, facts: Facts): Command {
  const common = [...(profile === "release" ? ["--release"] : []), "--target", TRIPLE[arch], "--bin", bin];
  if (tc === "zig") return { command: "cargo", args: ["zigbuild", ...common], env: {} };
  if (tc === "cross") {
    const engine = runningEngine(facts);
    // cross uses docker unless told otherwise: point it at podman when that is the one running.
    const env: Record<string, string> = engine === "podman" && !facts.engineOverride ? { CROSS_CONTAINER_ENGINE: "podman" } : {};
    return { command: "cross", args: ["build", ...common], env };
  }
  return { command: "cargo", args: ["build", ...common], env: {} };
}

/** The `linker` set for a target in a cargo config file's text, or undefined. Pure. */
export function linkerFromToml(text: string, triple: string): string | undefined {
  let section = "";
  const tripleRe = triple.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, "").trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = header[1]!.replace(/\s+/g, "").replace(/"/g, "");
      continue;
    }
    const full = new RegExp(`^target\\.("${tripleRe}"|${tripleRe})\\.linker\\s*=\\s*["']([^"']+)["']`).exec(line);
    if (full && section === "") return full[2];
    const key = /^linker\s*=\s*["']([^"']+)["']/.exec(line);
    if (key && section === `target.${triple}`) return key[1];
  }
  return undefined;
}

/** The cargo config files that apply in `dir`: every .cargo/config(.toml) upwards, then CARGO_HOME's. */
export function cargoConfigFiles(dir: string, env: Env): string[] {
  const files: string[] = [];
  let at = dir;
  for (;;) {
    for (const name of ["config.toml", "config"]) {
      const file = join(at, ".cargo", name);
      if (existsSync(file)) files.push(file);
    }
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  const cargoHome = env["CARGO_HOME"] || join(env["HOME"] || homedir(), ".cargo");
  for (const name of ["config.toml", "config"]) {
    const file = join(cargoHome, name);
    if (existsSync(file) && !files.includes(file)) files.push(file);
  }
  return files;
}

function configuredLinker(arch: Arch, crateDir: string, env: Env): string | undefined {
  const triple = TRIPLE[arch];
  const envName = `CARGO_TARGET_${triple.toUpperCase().replace(/-/g, "_")}_LINKER`;
  if (env[envName]) return `${env[envName]} (from $${envName})`;
  for (const file of cargoConfigFiles(crateDir, env)) {
    const linker = linkerFromToml(readFileSync(file, "utf8"), triple);
    if (linker) return `${linker} (from ${file})`;
  }
  return undefined;
}

async function version(command: string, args: readonly string[], env: Env, cwd: string): Promise<string | undefined> {
  if (!findOnPath(command, env)) return undefined;
  const r = await capture(command, args, { env, cwd });
  if (r.code !== 0) return undefined;
  return (r.stdout.trim() || r.stderr.trim()).split("\n")[0] || command;
}

async function engineState(command: string, env: Env, cwd: string): Promise<EngineState> {
  if (!findOnPath(command, env)) return "absent";
  const r = await capture(command, ["info"], { env, cwd, timeoutMs: 20_000 });
  return r.code === 0 ? "running" : "not running";
}

async function zigVersion(env: Env, cwd: string): Promise<string | undefined> {
  const onPath = await version("zig", ["version"], env, cwd);
  if (onPath) return `zig ${onPath}`;
  const explicit = env["CARGO_ZIGBUILD_ZIG_PATH"];
  if (explicit && existsSync(explicit)) return `${explicit} (CARGO_ZIGBUILD_ZIG_PATH)`;
  // `pip3 install ziglang` puts zig in a Python package, which cargo-zigbuild also finds.
  const py = await version("python3", ["-m", "ziglang", "version"], env, cwd);
  return py ? `zig ${py} (python3 -m ziglang)` : undefined;
}

/** Probe the machine (in parallel). Run in the crate folder so rustup sees rust-toolchain.toml. */
export async function gatherFacts(crateDir: string, arches: readonly Arch[], env: Env = process.env): Promise<Facts> {
  const cwd = crateDir;
  const [rustup, cargo, zig, cargoZigbuild, cross, docker, podman, targets] = await Promise.all([
    version("rustup", ["--version"], env, cwd),
    version("cargo", ["--version"], env, cwd),
    zigVersion(env, cwd),
    version("cargo-zigbuild", ["--version"], env, cwd),
    version("cross", ["--version"], env, cwd),
    engineState("docker", env, cwd),
    engineState("podman", env, cwd),
    findOnPath("rustup", env)
      ? capture("rustup", ["target", "list", "--installed"], { env, cwd })
      : Promise.resolve(undefined),
  ]);
  const linkers: Partial<Record<Arch, string>> = {};
  for (const arch of arches) {
    const linker = configuredLinker(arch, crateDir, env);
    if (linker) linkers[arch] = linker;
  }
  const override = env["CROSS_CONTAINER_ENGINE"];
  return {
    ...(rustup ? { rustup } : {}),
    ...(cargo ? { cargo } : {}),
    ...(targets && targets.code === 0
      ? { installedTargets: targets.stdout.split(/\s+/).filter((t) => t !== "") }
      : {}),
    ...(zig ? { zig } : {}),
    ...(cargoZigbuild ? { cargoZigbuild } : {}),
    ...(cross ? { cross } : {}),
    docker,
    podman,
    ...(override ? { engineOverride: override } : {}),
    linkers,
  };
}
