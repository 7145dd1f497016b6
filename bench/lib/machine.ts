/** Describe the machine at the top of the results. */
import { availableParallelism, cpus, loadavg, release } from "node:os";
import type { Machine } from "./table.js";

export function describeMachine(now: Date = new Date()): Machine {
  const model = cpus()[0]?.model.replace(/\s+/g, " ").trim() ?? "unknown CPU";
  const [l1] = loadavg();
  return {
    cores: availableParallelism(),
    cpuModel: model,
    node: process.version,
    platform: `${process.platform}-${process.arch} (kernel ${release()}), load avg at start ${(l1 ?? 0).toFixed(2)}`,
    date: now.toISOString().replace(/\.\d+Z$/, "Z"),
  };
}
