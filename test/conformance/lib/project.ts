/**
 * The generated project's side of the suite: pack the CLI as npm would publish it, scaffold
 * with the packed bin, install, check the workspace layout Genezio's bundler needs, embed a
 * binary with the project's own `npm run embed`.
 */
import fs from "node:fs";
import { isAbsolute, join } from "node:path";
import { repoRoot } from "../../helpers/peers.js";
import { cleanEnv, runOk } from "./proc.js";

export type Template = "axum" | "lambda-runtime";
export type ArchChoice = "arm64" | "x86_64" | "both";
export type Arch = "arm64" | "x86_64";

export const TEMPLATES: readonly Template[] = ["axum", "lambda-runtime"];
export const ARCH_CHOICES: readonly ArchChoice[] = ["arm64", "x86_64", "both"];

export function archesOf(choice: ArchChoice): Arch[] {
  return choice === "both" ? ["arm64", "x86_64"] : [choice];
}

/** Lambda's name for this machine's CPU, or undefined where Lambda has none. */
export function hostArch(arch: string = process.arch): Arch | undefined {
  if (arch === "x64") return "x86_64";
  if (arch === "arm64") return "arm64";
  return undefined;
}

export function otherArch(a: Arch): Arch {
  return a === "arm64" ? "x86_64" : "arm64";
}

/** Project folder name for a cell: a valid project name; the class is its PascalCase. */
export function cellName(template: Template, arch: ArchChoice): string {
  return `cf-${template === "axum" ? "axum" : "lrt"}-${arch === "x86_64" ? "x64" : arch}`;
}

/** PascalCase of a project name (my-app → MyApp), as the CLI names the class. */
export function classNameOf(projectName: string): string {
  return projectName
    .split("-")
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join("");
}

/** `npm run build`, `npm pack`, extract: returns the packed `dist/index.mjs`. */
export async function packCli(workDir: string): Promise<string> {
  const env = cleanEnv();
  await runOk("npm", ["run", "build"], { cwd: repoRoot, env, limitMs: 300_000 });
  const packDir = join(workDir, "pack");
  fs.mkdirSync(packDir, { recursive: true });
  const out = await runOk("npm", ["pack", "--pack-destination", packDir, "--silent"], { cwd: repoRoot, env, limitMs: 300_000 });
  const tgz = out.trim().split("\n").pop()!.trim();
  await runOk("tar", ["-xzf", join(packDir, tgz), "-C", packDir], { cwd: packDir, limitMs: 120_000 });
  const bin = join(packDir, "package", "dist", "index.mjs");
  if (!fs.existsSync(bin)) throw new Error(`the packed tarball ${tgz} has no dist/index.mjs`);
  if (!fs.existsSync(join(packDir, "package", "template", "base"))) throw new Error(`the packed tarball ${tgz} has no template/base`);
  return bin;
}

/** `node <bin> <name> --yes --no-install --no-git -t <template> --arch <arch>` in `parent`. */
export async function scaffold(bin: string, parent: string, name: string, template: Template, arch: ArchChoice): Promise<string> {
  await runOk(process.execPath, [bin, name, "--yes", "--no-install", "--no-git", "-t", template, "--arch", arch], {
    cwd: parent,
    env: cleanEnv({ CI: "1" }),
    limitMs: 120_000,
  });
  return join(parent, name);
}

/** A real `npm install` of the generated project (the npm cache makes repeats fast). */
export async function installDeps(dir: string): Promise<void> {
  await runOk("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: dir, env: cleanEnv(), limitMs: 600_000 });
}

/**
 * Why Genezio's bundler cannot use this project's backend folder as installed, or undefined.
 * genezio 3.2.10 copies `<backend.path>/node_modules/<pkg>` for every package the class
 * imports, and checks `<backend.path>/node_modules/@types/node` (else runs npm install there);
 * `genezio local` copies `server/node_modules` itself, so a relative symlink dangles.
 */
export function backendLayoutProblem(dir: string): string | undefined {
  const nm = join(dir, "server", "node_modules");
  const need = ["@genezio/types/package.json", "@types/node/package.json"].filter((p) => !fs.existsSync(join(nm, p)));
  if (need.length > 0) {
    return (
      `server/node_modules lacks ${need.map((p) => p.replace("/package.json", "")).join(" and ")} after npm install ` +
      "(npm workspaces hoist them to the root node_modules); genezio bundleClass/deploy then fail with " +
      "\"ENOENT ... lstat 'server/node_modules/@genezio'\" (docs/genezio-findings.md §1)"
    );
  }
  const st = fs.lstatSync(nm);
  if (st.isSymbolicLink() && !isAbsolute(fs.readlinkSync(nm))) {
    return "server/node_modules is a relative symlink: genezio local copies it into its temp folder, where it dangles";
  }
  return undefined;
}

/** The workaround from docs/genezio-findings.md §1: server/node_modules → <dir>/node_modules (absolute). */
export function linkBackendNodeModules(dir: string): void {
  const nm = join(dir, "server", "node_modules");
  const st = fs.lstatSync(nm, { throwIfNoEntry: false });
  if (st?.isSymbolicLink()) fs.unlinkSync(nm);
  else if (st) return; // a real folder: leave it
  fs.symlinkSync(join(dir, "node_modules"), nm, "dir");
}

/** `npm run embed -- --bin <arch>=<path> ...` in the generated project. */
export async function embed(dir: string, bins: Partial<Record<Arch, string>>): Promise<string> {
  const args = ["run", "embed", "--"];
  for (const [arch, path] of Object.entries(bins)) args.push("--bin", `${arch}=${path}`);
  return runOk("npm", args, { cwd: dir, env: cleanEnv(), limitMs: 300_000 });
}

/** The `data` strings in server/trap/embedded.ts, by arch (to find them again in module.mjs). */
export function embeddedData(dir: string): Map<string, string> {
  const text = fs.readFileSync(join(dir, "server", "trap", "embedded.ts"), "utf8");
  const out = new Map<string, string>();
  const re = /arch:\s*"(arm64|x86_64)"[\s\S]*?data:\s*"([A-Za-z0-9+/=]*)"/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.set(m[1]!, m[2]!);
  return out;
}
