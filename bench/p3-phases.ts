/**
 * P3 profile: where the cold start goes. Each phase of the loader with the sidecar (parse
 * the embedded module, access check, read + sha256 in 256 KiB chunks), of the embedded-only
 * fallback (parse, the data getter, base64, decompress, sha256, write) and of Plan C (parse +
 * base64, write, shell exec) timed in fresh Node processes; medians.
 */
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { benchDir } from "./lib/paths.js";
import { bundle } from "./lib/modules.js";
import { renderPlanCDataModule } from "./lib/plan-c.js";
import { run } from "./lib/proc.js";
import { formatMs, median } from "./lib/stats.js";

export const PHASE_RUNS = 9;

export async function profilePhases(workDir: string, embeddedTs: string, binary: Uint8Array, sidecar: string): Promise<string> {
  const emb = await bundle(embeddedTs, join(workDir, "phases-embedded.mjs"));
  const planCData = join(workDir, "phases-planc-data.mjs");
  writeFileSync(planCData, renderPlanCDataModule(binary));
  const child = await bundle(join(benchDir, "lib", "phases-child.ts"), join(workDir, "phases-child.mjs"));
  const samples = new Map<string, number[]>();
  for (let i = 0; i < PHASE_RUNS; i++) {
    for (const which of ["sidecar", "ours", "planC"]) {
      const r = await run(process.execPath, [child, emb, planCData, which, sidecar]);
      if (r.code !== 0) throw new Error(`phase profile (${which}) failed: ${r.stderr.trim().slice(-300)}`);
      const phases = JSON.parse(r.stdout.trim().split("\n").pop()!) as Record<string, number>;
      for (const [k, v] of Object.entries(phases)) {
        const key = `${which}.${k}`;
        samples.set(key, [...(samples.get(key) ?? []), v]);
      }
    }
  }
  const m = (k: string) => median(samples.get(k) ?? [Number.NaN]);
  const sideKeys = ["parse", "access", "readAndSha256"];
  const sideSum = sideKeys.reduce((s, k) => s + m(`sidecar.${k}`), 0);
  const oursKeys = ["parse", "getter", "base64", "decompress", "sha256", "write"];
  const oursSum = oursKeys.reduce((s, k) => s + m(`ours.${k}`), 0);
  const planKeys = ["parseAndBase64", "write", "execSyncShell"];
  const planSum = planKeys.reduce((s, k) => s + m(`planC.${k}`), 0);
  return (
    `- P3 phases (medians of ${PHASE_RUNS} fresh processes): ours with the sidecar ` +
    sideKeys.map((k) => `${k} ${formatMs(m(`sidecar.${k}`))}`).join(", ") +
    ` (sum ${formatMs(sideSum)}); embedded only ` +
    oursKeys.map((k) => `${k} ${formatMs(m(`ours.${k}`))}`).join(", ") +
    ` (sum ${formatMs(oursSum)}); Plan C parse+base64 ${formatMs(m("planC.parseAndBase64"))}, write ${formatMs(m("planC.write"))}, ` +
    `execSync through a shell ${formatMs(m("planC.execSyncShell"))} vs execFileSync ${formatMs(m("planC.execFileSync"))} (sum ${formatMs(planSum)}).`
  );
}
