/**
 * What deploy and doctor need to know about Genezio, offline: is the CLI there, is there a
 * login token, and does genezio.yaml's `architecture` agree with the binaries we embed.
 */

import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { type Arch, isArch } from "./arch.js";
import { type Env, capture, findOnPath } from "./exec.js";

export const GENEZIO_INSTALL_FIX = "npm install -g genezio";
export const GENEZIO_LOGIN_FIX = "genezio login   (or set GENEZIO_TOKEN in CI)";

/** `genezio --version` output, or undefined when the CLI is not on PATH or fails. */
export async function genezioVersion(env: Env, cwd: string): Promise<string | undefined> {
  if (!findOnPath("genezio", env)) return undefined;
  const r = await capture("genezio", ["--version"], { env, cwd, timeoutMs: 60_000 });
  if (r.code !== 0) return undefined;
  return r.stdout.trim().split("\n").pop() || "genezio";
}

/**
 * Where the genezio CLI would find its token: GENEZIO_TOKEN, else ~/.geneziorc (written by
 * `genezio login`). Only presence is checked offline; `genezio deploy` checks validity.
 */
export function loginSource(env: Env): string | undefined {
  if ((env["GENEZIO_TOKEN"] ?? "").trim() !== "") return "GENEZIO_TOKEN";
  const file = join(env["HOME"] || homedir(), ".geneziorc");
  try {
    if (existsSync(file) && readFileSync(file, "utf8").trim() !== "") return file;
  } catch {
    // unreadable: treat as not logged in
  }
  return undefined;
}

export type YamlArch = { kind: "absent" } | { kind: "set"; arch: Arch } | { kind: "invalid"; value: string };

/** The `architecture:` value in a genezio.yaml text (backend.language.architecture). Pure. */
export function yamlArchitecture(text: string): YamlArch {
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*architecture\s*:\s*(.*?)\s*$/.exec(raw.replace(/\s#.*$/, ""));
    if (!m) continue;
    const value = m[1]!.replace(/^["']|["']$/g, "");
    return isArch(value) ? { kind: "set", arch: value } : { kind: "invalid", value };
  }
  return { kind: "absent" };
}

/**
 * Why genezio.yaml's architecture disagrees with the arches to embed, or undefined. Pure.
 * Both arches embedded: any (or no) architecture works, the trap picks at run time.
 * One arch: genezio.yaml must name that arch (Genezio's default is not promised).
 */
export function architectureMismatch(yaml: YamlArch, arches: readonly Arch[]): { reason: string; fix: string } | undefined {
  if (yaml.kind === "invalid") {
    return {
      reason: `genezio.yaml has architecture: ${yaml.value}, which Genezio does not accept`,
      fix: 'set backend.language.architecture to "arm64" or "x86_64"',
    };
  }
  if (arches.length !== 1) return undefined;
  const only = arches[0]!;
  if (yaml.kind === "absent") {
    return {
      reason: `only ${only} is embedded but genezio.yaml names no architecture, so Genezio may run another`,
      fix: `add \`architecture: ${only}\` under backend.language in genezio.yaml (or build both arches)`,
    };
  }
  if (yaml.arch !== only) {
    return {
      reason: `genezio.yaml says architecture: ${yaml.arch} but the embedded binary is ${only}`,
      fix: `set \`architecture: ${only}\` in genezio.yaml, or set "genezioRust.arch" in package.json to ["${yaml.arch}"]`,
    };
  }
  return undefined;
}
