/**
 * The project the scripts work on: the root package.json's "genezioRust" object, plus the
 * documented test/override seams (GENEZIO_RUST_CRATE_DIR, GENEZIO_RUST_BIN, CARGO_TARGET_DIR).
 */

import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { type Arch, TRIPLE, isArch } from "./arch.js";
import type { Env } from "./exec.js";

export type ToolchainName = "zig" | "cross" | "cargo";
export const TOOLCHAINS: readonly ToolchainName[] = ["zig", "cross", "cargo"];

export interface Project {
  /** Folder holding the package.json with "genezioRust". */
  readonly root: string;
  /** Arches to build and embed, from "genezioRust.arch". */
  readonly arches: readonly Arch[];
  /** Preferred toolchain, from "genezioRust.toolchain". */
  readonly toolchain: ToolchainName;
  /** The Rust crate's folder (absolute). */
  readonly crateDir: string;
  /** The binary's name (cargo `--bin`). */
  readonly bin: string;
  readonly className: string;
  /** Cargo's target folder: $CARGO_TARGET_DIR, else `target/` beside the workspace's Cargo.toml. */
  readonly targetDir: string;
  /** Where `embed` writes the module the trap loads. */
  readonly embeddedModule: string;
  /** genezio.yaml in the root. */
  readonly genezioYaml: string;
}

export class ProjectError extends Error {
  override name = "ProjectError";
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }
}

/** The nearest folder at or above `start` whose package.json has a "genezioRust" object. */
export function findProjectRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      try {
        const json = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
        if (json["genezioRust"] && typeof json["genezioRust"] === "object") return dir;
      } catch {
        // not valid JSON: keep looking upwards
      }
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new ProjectError(
        `no package.json with a "genezioRust" section at or above ${start}`,
        "run the script from inside the generated project (e.g. `npm run build` in its folder)",
      );
    }
    dir = parent;
  }
}

/** Validate the raw "genezioRust" object; pure. */
export function parseConfig(raw: unknown): {
  arches: Arch[];
  toolchain: ToolchainName;
  crate: string;
  bin: string;
  className: string;
} {
  const fix = 'fix the "genezioRust" section of package.json (see README: Scripts)';
  if (!raw || typeof raw !== "object") throw new ProjectError('package.json has no "genezioRust" object', fix);
  const c = raw as Record<string, unknown>;
  const arch = c["arch"];
  const arches = Array.isArray(arch) ? arch : typeof arch === "string" ? [arch] : [];
  if (arches.length === 0 || !arches.every((a): a is Arch => typeof a === "string" && isArch(a))) {
    throw new ProjectError(`"genezioRust.arch" must list "arm64" and/or "x86_64" (got ${JSON.stringify(arch)})`, fix);
  }
  const toolchain = c["toolchain"] ?? "zig";
  if (typeof toolchain !== "string" || !(TOOLCHAINS as readonly string[]).includes(toolchain)) {
    throw new ProjectError(`"genezioRust.toolchain" must be one of ${TOOLCHAINS.join(", ")} (got ${JSON.stringify(toolchain)})`, fix);
  }
  const str = (key: string): string => {
    const v = c[key];
    if (typeof v !== "string" || v === "") throw new ProjectError(`"genezioRust.${key}" must be a non-empty string`, fix);
    return v;
  };
  return {
    arches: (["arm64", "x86_64"] as const).filter((a) => arches.includes(a)),
    toolchain: toolchain as ToolchainName,
    crate: str("crate"),
    bin: str("bin"),
    className: str("className"),
  };
}

/** The folder holding the Cargo.toml that has `[workspace]`, walking up from the crate; else the crate. */
export function workspaceRoot(crateDir: string): string {
  let dir = crateDir;
  for (;;) {
    const manifest = join(dir, "Cargo.toml");
    if (existsSync(manifest) && /^\s*\[workspace\]/m.test(readFileSync(manifest, "utf8"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return crateDir;
    dir = parent;
  }
}

export function loadProject(cwd: string = process.cwd(), env: Env = process.env): Project {
  const root = findProjectRoot(cwd);
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown>;
  const config = parseConfig(pkg["genezioRust"]);
  const crateOverride = env["GENEZIO_RUST_CRATE_DIR"];
  const crateDir = resolve(root, crateOverride || config.crate);
  if (!existsSync(join(crateDir, "Cargo.toml"))) {
    throw new ProjectError(
      `no Cargo.toml in ${crateDir}${crateOverride ? " (from GENEZIO_RUST_CRATE_DIR)" : ""}`,
      crateOverride ? "point GENEZIO_RUST_CRATE_DIR at a Rust crate folder" : 'set "genezioRust.crate" in package.json to the Rust crate folder',
    );
  }
  const targetOverride = env["CARGO_TARGET_DIR"];
  const targetDir = targetOverride
    ? isAbsolute(targetOverride) ? targetOverride : resolve(crateDir, targetOverride)
    : join(workspaceRoot(crateDir), "target");
  return {
    root,
    arches: config.arches,
    toolchain: config.toolchain,
    crateDir,
    bin: env["GENEZIO_RUST_BIN"] || config.bin,
    className: config.className,
    targetDir,
    embeddedModule: embeddedModulePath(root),
    genezioYaml: join(root, "genezio.yaml"),
  };
}

/** server/trap/embedded.ts: the module the trap loads (backend.path is `server`). */
export function embeddedModulePath(root: string): string {
  return join(root, "server", "trap", "embedded.ts");
}

export type Profile = "release" | "debug";

/** Where cargo puts the binary for an arch: target/<triple>/<profile>/<bin>. */
export function binaryPath(project: Project, arch: Arch, profile: Profile): string {
  return join(project.targetDir, TRIPLE[arch], profile, project.bin);
}
