/**
 * The generated project's side of the suite: pack the CLI as npm would publish it, scaffold
 * with the packed bin, install, check the workspace layout Genezio's bundler needs, embed a
 * binary with the project's own `npm run embed`.
 */
import fs from "node:fs";
import { join } from "node:path";
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
 * imports (docs/genezio-findings.md §1), so `server/node_modules/@genezio/types` must be a
 * real install there; a symlinked `server/node_modules` is refused too: the next
 * `npm install` follows it and deletes the root's packages.
 */
export function backendLayoutProblem(dir: string): string | undefined {
  const nm = join(dir, "server", "node_modules");
  const st = fs.lstatSync(nm, { throwIfNoEntry: false });
  if (st?.isSymbolicLink()) {
    return "server/node_modules is a symlink: the next npm install follows it and deletes the root node_modules' packages";
  }
  if (!fs.existsSync(join(nm, "@genezio", "types", "package.json"))) {
    return (
      "server/node_modules/@genezio/types is missing after npm install (npm workspaces hoisted it to the root " +
      "node_modules); genezio bundleClass/deploy then fail with \"ENOENT ... lstat 'server/node_modules/@genezio'\" " +
      "(docs/genezio-findings.md §1; fix: a root .npmrc with install-strategy=nested)"
    );
  }
  return undefined;
}

/** The fix from docs/genezio-findings.md §1: `install-strategy=nested` in the root .npmrc, then install again. */
export async function installNested(dir: string): Promise<void> {
  // an install with a linked server/node_modules would delete the root's packages through the
  // link, and an existing package-lock.json / node_modules keeps the hoisted layout: start over
  const nm = join(dir, "server", "node_modules");
  if (fs.lstatSync(nm, { throwIfNoEntry: false })?.isSymbolicLink()) fs.unlinkSync(nm);
  for (const p of [nm, join(dir, "node_modules"), join(dir, "package-lock.json")]) fs.rmSync(p, { recursive: true, force: true });
  const npmrc = join(dir, ".npmrc");
  const text = fs.existsSync(npmrc) ? fs.readFileSync(npmrc, "utf8") : "";
  if (!/^install-strategy\s*=\s*nested\s*$/m.test(text)) {
    fs.writeFileSync(npmrc, `${text}${text === "" || text.endsWith("\n") ? "" : "\n"}install-strategy=nested\n`);
  }
  await installDeps(dir);
  if (!fs.existsSync(join(dir, "server", "node_modules", "@genezio", "types", "package.json"))) {
    throw new Error("install-strategy=nested did not put @genezio/types into server/node_modules");
  }
}

/** Packages a generated project needs after any install (root and server side). */
export const REQUIRED_MODULES = [
  "node_modules/typescript/package.json",
  "node_modules/tsx/package.json",
  "node_modules/@types/node/package.json",
  "server/node_modules/@genezio/types/package.json",
] as const;

/** Which of REQUIRED_MODULES are missing (resolved through any links). */
export function missingModules(dir: string): string[] {
  return REQUIRED_MODULES.filter((p) => !fs.existsSync(join(dir, p)));
}

/**
 * Install again, then add a package without saving it (npm reifies the tree and prunes
 * what it thinks is extraneous): nothing the project needs may disappear.
 */
export async function reinstallKeepsModules(dir: string): Promise<void> {
  await installDeps(dir);
  let missing = missingModules(dir);
  if (missing.length > 0) throw new Error(`a second \`npm install\` removed ${missing.join(", ")}`);
  await runOk("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefer-offline", "is-number@7.0.0"], {
    cwd: dir,
    env: cleanEnv(),
    limitMs: 300_000,
  });
  missing = missingModules(dir);
  if (missing.length > 0) throw new Error(`\`npm install --no-save is-number@7.0.0\` removed ${missing.join(", ")}`);
}

/** `npm run embed -- --bin <arch>=<path> ...` in the generated project. */
export async function embed(dir: string, bins: Partial<Record<Arch, string>>): Promise<string> {
  const args = ["run", "embed", "--"];
  for (const [arch, path] of Object.entries(bins)) args.push("--bin", `${arch}=${path}`);
  return runOk("npm", args, { cwd: dir, env: cleanEnv(), limitMs: 300_000 });
}

/** One record of server/trap/embedded.ts, as far as the suite looks at it. */
export interface EmbeddedRecord {
  arch: Arch;
  sha256: string;
  size: number;
  /** the sidecar, relative to server/trap/, when the record names one */
  file?: string;
}

/** The records of server/trap/embedded.ts (one generated line each), by arch. */
export function embeddedRecords(dir: string): Map<Arch, EmbeddedRecord> {
  const text = fs.readFileSync(join(dir, "server", "trap", "embedded.ts"), "utf8");
  const out = new Map<Arch, EmbeddedRecord>();
  for (const line of text.split("\n")) {
    const m = /arch:\s*"(arm64|x86_64)",\s*sha256:\s*"([0-9a-f]{64})",\s*size:\s*(\d+)/.exec(line);
    if (!m) continue;
    const file = /file:\s*"([^"]+)"/.exec(line)?.[1];
    out.set(m[1] as Arch, { arch: m[1] as Arch, sha256: m[2]!, size: Number(m[3]), ...(file ? { file } : {}) });
  }
  return out;
}
