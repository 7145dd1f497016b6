/**
 * The parts of the project the benchmarks measure, loaded lazily so that a missing part
 * makes its rows "not run: <reason>" instead of failing the whole run.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "./paths.js";

export class MissingDependency extends Error {
  override name = "MissingDependency";
}

/** Import a repository file (TypeScript is fine: the bench runs under tsx). */
export async function importRepoFile<T>(relPath: string, what: string): Promise<T> {
  const abs = join(repoRoot, relPath);
  if (!existsSync(abs)) throw new MissingDependency(`${relPath} missing (${what})`);
  try {
    return (await import(pathToFileURL(abs).href)) as T;
  } catch (err) {
    throw new MissingDependency(`${relPath} does not load: ${(err as Error).message.split("\n")[0]}`);
  }
}

export function requireExport<T>(mod: Record<string, unknown>, name: string, relPath: string): T {
  const value = mod[name];
  if (value === undefined) throw new MissingDependency(`${relPath} has no export \`${name}\``);
  return value as T;
}

export interface BinaryInput {
  arch: "arm64" | "x86_64";
  bytes: Uint8Array;
}

export const EMBED_FORMAT = "template/base/server/trap/embed-format.ts";

export async function loadEncodeEmbeddedModule(): Promise<(b: readonly BinaryInput[], options?: { sidecar?: boolean }) => string> {
  const mod = await importRepoFile<Record<string, unknown>>(EMBED_FORMAT, "the trap runtime's embed writer");
  return requireExport(mod, "encodeEmbeddedModule", EMBED_FORMAT);
}

export const SIDECAR = "template/base/server/trap/sidecar.ts";

/** The trap's sidecar naming: `bin/rust-<arch>-<first 16 hex of sha256>`, relative to trap/. */
export async function loadSidecarFile(): Promise<(arch: BinaryInput["arch"], sha256: string) => string> {
  const mod = await importRepoFile<Record<string, unknown>>(SIDECAR, "the trap runtime's sidecar naming");
  return requireExport(mod, "sidecarFile", SIDECAR);
}

/** Lambda's name for the architecture of this machine. */
export function hostArch(): "arm64" | "x86_64" {
  if (process.arch === "arm64") return "arm64";
  if (process.arch === "x64") return "x86_64";
  throw new MissingDependency(`no Lambda architecture for process.arch ${process.arch}`);
}
