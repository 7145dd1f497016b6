/**
 * Builds the class modules P3/P4 load, the way Genezio does: the service file plus the
 * trap runtime (copied from template/, with a generated embedded.ts) bundled by esbuild
 * into one ESM file.
 */
import { copyFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureDir, repoRoot } from "./paths.js";
import { importRepoFile, MissingDependency, type BinaryInput } from "./deps.js";

export const TRAP_DIR = "template/base/server/trap";
export const TRAP_INDEX = `${TRAP_DIR}/index.ts`;

/** The service file of a generated project, reduced to what the trap needs. Pure. */
export function renderService(className: string, extraOptions = ""): string {
  return [
    'import { RustTrap } from "./trap/index.js";',
    "",
    `export const rust = RustTrap.start({ className: ${JSON.stringify(className)}, method: "handle"${extraOptions ? `, ${extraOptions}` : ""} });`,
    "",
    `export class ${className} {`,
    "  async handle(req: Parameters<typeof rust.http>[0]) {",
    "    return rust.http(req);",
    "  }",
    "}",
    "",
  ].join("\n");
}

/** Copy the trap runtime into `dir/trap` with `embeddedSource` as its embedded.ts; write service.ts. */
export async function writeServiceProject(
  dir: string,
  embeddedSource: string,
  className = "Bench",
  extraOptions = "",
): Promise<string> {
  await importRepoFile(TRAP_INDEX, "the trap runtime's entry (RustTrap)");
  const trap = ensureDir(join(dir, "trap"));
  for (const f of readdirSync(join(repoRoot, TRAP_DIR))) {
    if (f.endsWith(".ts") && f !== "embedded.ts") copyFileSync(join(repoRoot, TRAP_DIR, f), join(trap, f));
  }
  writeFileSync(join(trap, "embedded.ts"), embeddedSource);
  const service = join(dir, "service.ts");
  writeFileSync(service, renderService(className, extraOptions));
  return service;
}

/** Bundle one entry into a single ESM file for Node 20 (as Genezio's bundler does). */
export async function bundle(entry: string, outfile: string): Promise<string> {
  let esbuild: typeof import("esbuild");
  try {
    esbuild = await import("esbuild");
  } catch {
    throw new MissingDependency("esbuild is not installed (run `npm ci`)");
  }
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "silent",
  });
  return outfile;
}

export type { BinaryInput };
