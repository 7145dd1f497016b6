/** The comparison package for P1/P2, installed from npm into bench/.cache (git-ignored). */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cacheDir, ensureDir } from "./paths.js";
import { runOk } from "./proc.js";

export const CREATE_VITE_VERSION = "9.3.0";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Install create-vite@CREATE_VITE_VERSION once; returns the path of its bin script. */
export async function installCreateVite(): Promise<string> {
  const dir = ensureDir(join(cacheDir, "create-vite"));
  const pkgJson = join(dir, "node_modules", "create-vite", "package.json");
  const installed = existsSync(pkgJson)
    ? (JSON.parse(readFileSync(pkgJson, "utf8")) as { version?: string }).version
    : undefined;
  if (installed !== CREATE_VITE_VERSION) {
    writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true }) + "\n");
    await runOk(npm, ["install", "-E", `create-vite@${CREATE_VITE_VERSION}`, "--no-audit", "--no-fund"], {
      cwd: dir,
    });
  }
  const pkg = JSON.parse(readFileSync(pkgJson, "utf8")) as { bin: Record<string, string> };
  const bin = pkg.bin["create-vite"];
  if (bin === undefined) throw new Error("create-vite's package.json has no create-vite bin");
  return join(dir, "node_modules", "create-vite", bin);
}

export { npm };
