/** P5: embedded module bytes ÷ binary bytes for the P3 payload, vs Plan C's raw base64. */
import { readFileSync } from "node:fs";
import { hostArch, loadEncodeEmbeddedModule } from "./lib/deps.js";
import type { Payload } from "./lib/payload.js";
import { renderPlanCModule } from "./lib/plan-c.js";
import { formatBytes, formatRatio, ratio } from "./lib/stats.js";
import { verdict, type Row } from "./lib/table.js";

export const TARGET = 0.45;

export async function measure(payload: Payload): Promise<Row[]> {
  const encode = await loadEncodeEmbeddedModule();
  const bytes = readFileSync(payload.path);
  const ours = Buffer.byteLength(encode([{ arch: hostArch(), bytes }]), "utf8");
  const planC = Buffer.byteLength(renderPlanCModule(bytes), "utf8");
  const oursRatio = ours / bytes.byteLength;
  const planCRatio = planC / bytes.byteLength;
  return [
    {
      id: "P5",
      measure: `embedded module bytes ÷ binary bytes (payload ${formatBytes(bytes.byteLength)})`,
      ours: `${oursRatio.toFixed(3)} (${formatBytes(ours)})`,
      baseline: `Plan C raw base64: ${planCRatio.toFixed(3)} (${formatBytes(planC)})`,
      ratio: formatRatio(ratio(oursRatio, planCRatio)),
      target: `≤ ${TARGET}`,
      verdict: verdict(oursRatio <= TARGET),
    },
  ];
}
