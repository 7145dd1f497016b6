/**
 * P3: takeover cold start. From the start of loading the class module (in a fresh Node
 * process with AWS_LAMBDA_RUNTIME_API set) to the binary's first `GET /next` seen by the
 * test Runtime API host. Ours (trap runtime, bundled like Genezio does, in Genezio's
 * deployment layout: module.mjs at the root, the sidecar `npm run embed` writes at
 * trap/bin/... beside it), the same module with no sidecar (the embedded payload is
 * decoded), the post's naive Plan C with the same payload, and a floor that execs the
 * payload already on disk.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { hostArch, loadEncodeEmbeddedModule, loadSidecarFile } from "./lib/deps.js";
import { startHost, type NextSeen } from "./lib/fake-aws.js";
import { bundle, writeServiceProject } from "./lib/modules.js";
import type { Payload } from "./lib/payload.js";
import { renderPlanCModule } from "./lib/plan-c.js";
import { tempDir } from "./lib/paths.js";
import { formatBytes, formatMs, formatRatio, median, ratio } from "./lib/stats.js";
import { verdict, type Row } from "./lib/table.js";
import { profilePhases } from "./p3-phases.js";

export const RUNS = 15;
export const TARGET = 0.4;
const RUN_TIMEOUT_MS = 30_000;

/** Started first in the child: takes the time, then imports the class module. */
export const CHILD_SOURCE = [
  "const t0 = process.hrtime.bigint();",
  "process.stderr.write(`BENCH_T0 ${t0}\\n`);",
  "await import(process.argv[2]);",
  "",
].join("\n");

/** The floor: the payload already on disk, exec'd synchronously from a tiny module. */
export const FLOOR_SOURCE = [
  'import { execFileSync } from "node:child_process";',
  'execFileSync(process.env.BENCH_PAYLOAD, [], { stdio: "inherit" });',
  "",
].join("\n");

/** The variables the Rust runtime needs; Lambda sets them. */
export function lambdaEnv(runtimeApi: string): NodeJS.ProcessEnv {
  return {
    AWS_LAMBDA_RUNTIME_API: runtimeApi,
    AWS_LAMBDA_FUNCTION_NAME: "bench",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "1024",
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_LOG_GROUP_NAME: "/aws/lambda/bench",
    AWS_LAMBDA_LOG_STREAM_NAME: "bench",
    AWS_REGION: "us-east-1",
  };
}

export interface ColdRun {
  /** class-module load start → first GET /next, ms */
  fromLoad: number;
  /** node spawn → first GET /next, ms */
  fromSpawn: number;
  userAgent: string;
}

/** One cold start of `moduleFile` in a fresh process, with a fresh writable dir. */
export async function coldStart(childJs: string, moduleFile: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<ColdRun> {
  const host = await startHost();
  const scratch = mkdtempSync(join(tmpdir(), "cgr-bench-p3run-"));
  const spawnedAt = process.hrtime.bigint();
  const child = spawn(process.execPath, [childJs, moduleFile], {
    detached: true, // own process group: the binary it execs is killed with it
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      PATH: process.env["PATH"],
      HOME: process.env["HOME"],
      TMPDIR: scratch,
      GENEZIO_RUST_TMPDIR: scratch,
      BENCH_TRAP_PATH: join(scratch, "trap"),
      ...lambdaEnv(host.runtimeApi),
      ...extraEnv,
    },
  });
  let stderr = "";
  let t0: bigint | undefined;
  child.stderr!.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
    const m = /BENCH_T0 (\d+)/.exec(stderr);
    if (m && t0 === undefined) t0 = BigInt(m[1]!);
  });
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  let timer: NodeJS.Timeout | undefined;
  try {
    const seen = await Promise.race<NextSeen>([
      host.firstNext,
      exited.then(() => {
        throw new Error(`the class module's process exited before any GET /next: ${stderr.trim().slice(-600)}`);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no GET /next within ${RUN_TIMEOUT_MS} ms: ${stderr.trim().slice(-600)}`)), RUN_TIMEOUT_MS);
      }),
    ]);
    if (t0 === undefined) {
      // stderr is a pipe: the child wrote T0 before importing; give the data event a turn
      await new Promise((r) => setImmediate(r));
      if (t0 === undefined) throw new Error(`the child never reported its start time: ${stderr.slice(-300)}`);
    }
    return {
      fromLoad: Number(seen.at - t0) / 1e6,
      fromSpawn: Number(seen.at - spawnedAt) / 1e6,
      userAgent: seen.userAgent,
    };
  } finally {
    clearTimeout(timer);
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
    await exited;
    await host.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Lay out a bundled module as Genezio's deployment holds it: `<dir>/module.mjs` and, when
 * `sidecar` is given, the raw binary at `<dir>/trap/<sidecar>` (0755). Returns the module path.
 */
export function layOut(dir: string, moduleFile: string, sidecar?: { file: string; from: string }): string {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, "module.mjs");
  copyFileSync(moduleFile, target);
  if (sidecar) {
    const path = join(dir, "trap", sidecar.file);
    mkdirSync(dirname(path), { recursive: true });
    copyFileSync(sidecar.from, path);
    chmodSync(path, 0o755);
  }
  return target;
}

export async function measure(payload: Payload, detail: (line: string) => void): Promise<Row[]> {
  const encode = await loadEncodeEmbeddedModule();
  const sidecarFile = await loadSidecarFile();
  const binary = readFileSync(payload.path);
  const arch = hostArch();
  const file = sidecarFile(arch, createHash("sha256").update(binary).digest("hex"));
  const work = tempDir("p3");
  try {
    // what `npm run embed` writes: the module (record names its sidecar) + the sidecar
    const oursService = await writeServiceProject(join(work.path, "ours"), encode([{ arch, bytes: binary }], { sidecar: true }));
    const built = await bundle(oursService, join(work.path, "ours-bundle.mjs"));
    const ours = layOut(join(work.path, "task"), built, { file, from: payload.path });
    const embeddedOnly = layOut(join(work.path, "task-embedded-only"), built);
    const planC = join(work.path, "plan-c.mjs");
    writeFileSync(planC, renderPlanCModule(binary));
    const floor = join(work.path, "floor.mjs");
    writeFileSync(floor, FLOOR_SOURCE);
    const childJs = join(work.path, "child.mjs");
    writeFileSync(childJs, CHILD_SOURCE);

    const contenders = [
      { name: "ours", file: ours, env: {} },
      { name: "embeddedOnly", file: embeddedOnly, env: {} },
      { name: "planC", file: planC, env: {} },
      { name: "floor", file: floor, env: { BENCH_PAYLOAD: payload.path } },
    ];
    const runs = new Map<string, ColdRun[]>(contenders.map((c) => [c.name, []]));
    for (const c of contenders) await coldStart(childJs, c.file, c.env); // warm-up
    for (let i = 0; i < RUNS; i++) {
      for (const c of contenders) runs.get(c.name)!.push(await coldStart(childJs, c.file, c.env));
    }
    const med = (name: string, key: "fromLoad" | "fromSpawn") => median(runs.get(name)!.map((r) => r[key]));
    const o = med("ours", "fromLoad");
    const e = med("embeddedOnly", "fromLoad");
    const p = med("planC", "fromLoad");
    const f = med("floor", "fromLoad");
    const r = ratio(o, p);
    try {
      detail(await profilePhases(work.path, join(work.path, "ours", "trap", "embedded.ts"), binary, join(work.path, "task", "trap", file)));
    } catch (err) {
      detail(`- P3 phases: not profiled (${(err as Error).message})`);
    }
    const uas = new Set([...runs.values()].flat().map((x) => x.userAgent));
    detail(
      `- P3: ${RUNS} cold runs each after a warm-up, interleaved; each run a fresh Node process, a fresh Runtime API host and a fresh empty /tmp stand-in. ` +
        `Medians from process spawn: ours ${formatMs(med("ours", "fromSpawn"))}, embedded only ${formatMs(med("embeddedOnly", "fromSpawn"))}, ` +
        `Plan C ${formatMs(med("planC", "fromSpawn"))}, floor ${formatMs(med("floor", "fromSpawn"))}. ` +
        `Above the floor (the cost of carrying the binary): ours ${formatMs(o - f)}, embedded only ${formatMs(e - f)}, Plan C ${formatMs(p - f)} ` +
        `(ours ${formatRatio(ratio(o - f, p - f))}). ` +
        `User-Agent of the first GET /next: ${[...uas].join(", ")}.`,
    );
    return [
      {
        id: "P3",
        measure: `takeover cold start, module load → first GET /next (median of ${RUNS}; payload ${formatBytes(payload.bytes)}; module + sidecar at trap/bin/, Genezio's layout)`,
        ours: formatMs(o),
        baseline: `Plan C ${formatMs(p)}; payload already on disk ${formatMs(f)}`,
        ratio: formatRatio(r),
        target: `≤ ${TARGET}× Plan C`,
        verdict: verdict(r <= TARGET),
      },
      {
        id: "P3",
        measure: "ours, embedded payload only (no sidecar: the fallback decodes the module's copy): module load → first GET /next",
        ours: formatMs(e),
        baseline: `Plan C ${formatMs(p)}`,
        ratio: formatRatio(ratio(e, p)),
        target: "(fallback; no target)",
        verdict: "info",
      },
    ];
  } finally {
    work.dispose();
  }
}
