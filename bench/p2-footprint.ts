/** P2: package footprint: `npm pack` sizes and packages installed by `npm install <tarball>`. */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CREATE_VITE_VERSION, npm } from "./lib/baseline.js";
import { repoRoot, tempDir } from "./lib/paths.js";
import { runOk } from "./lib/proc.js";
import { formatBytes, formatRatio, ratio } from "./lib/stats.js";
import { notRun, verdict, type Row } from "./lib/table.js";

const ID = "P2";

interface Packed {
  tarball: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
}

/** Parse `npm pack --json` output (an array with one entry). */
export function parsePackJson(stdout: string, dest: string): Packed {
  const start = stdout.indexOf("[");
  if (start === -1) throw new Error(`npm pack printed no JSON: ${stdout.slice(0, 200)}`);
  const [entry] = JSON.parse(stdout.slice(start)) as Array<{
    filename: string;
    size: number;
    unpackedSize: number;
    entryCount: number;
  }>;
  if (entry === undefined) throw new Error("npm pack --json returned an empty list");
  return {
    tarball: join(dest, entry.filename),
    size: entry.size,
    unpackedSize: entry.unpackedSize,
    entryCount: entry.entryCount,
  };
}

async function pack(spec: string | undefined, dest: string): Promise<Packed> {
  const args = ["pack", ...(spec ? [spec] : []), "--json", "--ignore-scripts", "--pack-destination", dest];
  const r = await runOk(npm, args, { cwd: repoRoot });
  return parsePackJson(r.stdout, dest);
}

/** Install a tarball into an empty project; count the packages npm put in node_modules. */
async function installedPackages(tarball: string, dir: string): Promise<number> {
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "p2-probe", private: true }) + "\n");
  await runOk(npm, ["install", tarball, "--no-audit", "--no-fund", "--prefer-offline"], { cwd: dir });
  const ls = await runOk(npm, ["ls", "--all", "--parseable"], { cwd: dir });
  return ls.stdout.split("\n").filter((l) => l.trim() !== "").length - 1; // minus the probe itself
}

export async function measure(): Promise<Row[]> {
  const target = "1 package; unpacked ≤ create-vite's";
  if (!existsSync(join(repoRoot, "dist", "index.mjs"))) {
    return [notRun(ID, "npm pack footprint", target, "dist/index.mjs missing (`npm run build` failed or the CLI is not there yet)")];
  }
  const tmp = tempDir("p2");
  try {
    const oursDir = join(tmp.path, "ours");
    const viteDir = join(tmp.path, "vite");
    for (const d of [oursDir, viteDir]) mkdirSync(d);
    const ours = await pack(undefined, tmp.path);
    const vite = await pack(`create-vite@${CREATE_VITE_VERSION}`, tmp.path);
    const oursPkgs = await installedPackages(ours.tarball, oursDir);
    const vitePkgs = await installedPackages(vite.tarball, viteDir);
    const base = `create-vite ${CREATE_VITE_VERSION}`;
    return [
      {
        id: ID,
        measure: "npm pack: packed size (files)",
        ours: `${formatBytes(ours.size)} (${ours.entryCount} files)`,
        baseline: `${base}: ${formatBytes(vite.size)} (${vite.entryCount} files)`,
        ratio: formatRatio(ratio(ours.size, vite.size)),
        target: "(no target)",
        verdict: "info",
      },
      {
        id: ID,
        measure: "npm pack: unpacked size",
        ours: formatBytes(ours.unpackedSize),
        baseline: `${base}: ${formatBytes(vite.unpackedSize)}`,
        ratio: formatRatio(ratio(ours.unpackedSize, vite.unpackedSize)),
        target: "≤ 1.0× create-vite",
        verdict: verdict(ours.unpackedSize <= vite.unpackedSize),
      },
      {
        id: ID,
        measure: "packages installed by `npm install <tarball>`",
        ours: String(oursPkgs),
        baseline: `${base}: ${vitePkgs}`,
        ratio: formatRatio(ratio(oursPkgs, vitePkgs)),
        target: "1 package",
        verdict: verdict(oursPkgs === 1),
      },
    ];
  } finally {
    tmp.dispose();
  }
}
