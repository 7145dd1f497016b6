/** P1: non-interactive scaffold speed, ours vs create-vite vs `node -e 0`. */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { installCreateVite } from "./lib/baseline.js";
import { repoRoot, tempDir } from "./lib/paths.js";
import { run } from "./lib/proc.js";
import { formatMs, formatRatio, median, ratio } from "./lib/stats.js";
import { notRun, verdict, type Row } from "./lib/table.js";

const ID = "P1";
const MEASURE = "scaffold, no install, no git (median wall ms)";
const TARGET = "≤ 1.0× create-vite";
export const RUNS = 15;

interface Contender {
  name: string;
  args: (dirName: string) => string[];
  /** true when the command really scaffolded into dir */
  produced: (dir: string) => boolean;
}

async function timeOnce(c: Contender, root: string, label: string): Promise<number> {
  // relative to cwd, as users type it (create-vite 9.3 mishandles absolute paths); a valid
  // project name too, since our CLI derives every name from it
  const name = `${c.name}-${label}`;
  const dir = join(root, name);
  const r = await run(process.execPath, c.args(name), { cwd: root, env: { ...process.env, CI: "1" } });
  if (r.code !== 0 || !c.produced(dir)) {
    throw new Error(`${c.name} failed (exit ${r.code ?? r.signal}): ${(r.stderr || r.stdout).trim().slice(-400)}`);
  }
  return r.ms;
}

export async function measure(detail: (line: string) => void): Promise<Row[]> {
  const cli = join(repoRoot, "dist", "index.mjs");
  if (!existsSync(cli)) return [notRun(ID, MEASURE, TARGET, "dist/index.mjs missing (`npm run build` failed or the CLI is not there yet)")];
  const viteBin = await installCreateVite();
  const hasPkg = (dir: string) => existsSync(join(dir, "package.json"));
  const contenders: Contender[] = [
    { name: "ours", args: (d) => [cli, d, "--yes", "--no-install", "--no-git"], produced: hasPkg },
    { name: "vite", args: (d) => [viteBin, d, "--template", "vanilla-ts", "--no-interactive"], produced: hasPkg },
    { name: "floor", args: () => ["-e", "0"], produced: () => true },
  ];
  const tmp = tempDir("p1");
  try {
    const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
    for (const c of contenders) await timeOnce(c, tmp.path, "warmup"); // warm-up (page cache, compile cache)
    for (let i = 0; i < RUNS; i++) {
      // interleave so machine noise hits every contender alike
      for (const c of contenders) samples.get(c.name)!.push(await timeOnce(c, tmp.path, String(i)));
    }
    const written = readdirSync(join(tmp.path, "ours-0")).length;
    const ours = median(samples.get("ours")!);
    const vite = median(samples.get("vite")!);
    const floor = median(samples.get("floor")!);
    const r = ratio(ours, vite);
    const spread = (n: string) => { const s = samples.get(n)!; return `${formatMs(Math.min(...s))}..${formatMs(Math.max(...s))}`; };
    detail(`- P1 spread (min..max of ${RUNS}): ours ${spread("ours")}, create-vite ${spread("vite")}, node -e 0 ${spread("floor")}`);
    return [
      {
        id: ID,
        measure: `${MEASURE}, ${RUNS} runs after a warm-up`,
        ours: `${formatMs(ours)} (${written} top-level entries)`,
        baseline: `create-vite ${formatMs(vite)}; \`node -e 0\` ${formatMs(floor)}`,
        ratio: `${formatRatio(r, 3)} (above floor: ${formatRatio(ratio(ours - floor, vite - floor))})`,
        target: TARGET,
        verdict: verdict(r <= 1.0),
      },
    ];
  } finally {
    tmp.dispose();
  }
}
