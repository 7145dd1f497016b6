/**
 * Import the scripts' modules for unit tests. tsx cannot import them from template/base
 * directly (template/base/package.json holds {{tokens}}, so it is not JSON), so they are
 * imported from a copy (scripts/lib + server/trap, with a plain package.json), made once per
 * process and removed when it exits. Types come from the originals: `typeof import(...)`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "../helpers/cli.ts";

let copy: string | undefined;

function ensureCopy(): string {
  if (copy) return copy;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cgr-scripts-lib-"));
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
  fs.cpSync(path.join(repoRoot, "template", "base", "scripts"), path.join(dir, "scripts"), { recursive: true });
  fs.cpSync(path.join(repoRoot, "template", "base", "server"), path.join(dir, "server"), { recursive: true });
  copy = dir;
  return dir;
}

/** `await lib<typeof import("../../template/base/scripts/lib/x.ts")>("x")` */
export async function lib<T>(name: string): Promise<T> {
  return (await import(pathToFileURL(path.join(ensureCopy(), "scripts", "lib", `${name}.ts`)).href)) as T;
}
