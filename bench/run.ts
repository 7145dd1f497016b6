/**
 * `npm run bench`: runs every measure (P1..P5) in one process, prints a Markdown table and
 * writes it into bench/RESULTS.md (between markers, keeping the hand-written notes).
 * A measure whose dependency is missing prints "not run: <reason>", never a number.
 *
 *   npm run bench [-- --only P1,P3] [--no-write]
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { describeMachine } from "./lib/machine.js";
import { MissingDependency } from "./lib/deps.js";
import { benchDir, repoRoot } from "./lib/paths.js";
import { run } from "./lib/proc.js";
import { notRun, renderTable, spliceResults, type Row } from "./lib/table.js";
import type { Payload } from "./lib/payload.js";

interface Args {
  only: Set<string> | undefined;
  write: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { only: undefined, write: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--only") args.only = new Set((argv[++i] ?? "").toUpperCase().split(",").filter(Boolean));
    else if (a === "--no-write") args.write = false;
    else throw new Error(`unknown argument ${a}: use --only P1,P2,... and/or --no-write`);
  }
  return args;
}

function reason(err: unknown): string {
  if (err instanceof MissingDependency) return err.message;
  return `failed: ${(err as Error).message ?? String(err)}`.split("\n").slice(0, 3).join(" ");
}

async function guarded(id: string, measure: string, target: string, fn: () => Promise<Row[]>): Promise<Row[]> {
  process.stderr.write(`bench: ${id} …\n`);
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof MissingDependency)) process.stderr.write(`bench: ${id} error: ${(err as Error).stack}\n`);
    return [notRun(id, measure, target, reason(err))];
  }
}

async function buildCli(): Promise<string | undefined> {
  if (!existsSync(join(repoRoot, "scripts", "build.ts"))) return "scripts/build.ts missing";
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = await run(npm, ["run", "build"], { cwd: repoRoot });
  return r.code === 0 ? undefined : `npm run build failed: ${(r.stderr || r.stdout).trim().split("\n").slice(-2).join(" ")}`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const want = (id: string) => args.only === undefined || args.only.has(id);
  const machine = describeMachine();
  const rows: Row[] = [];
  const details: string[] = [];
  const detail = (line: string) => details.push(line);

  if (want("P1") || want("P2")) {
    const buildError = await buildCli();
    if (buildError) detail(`- CLI build: ${buildError} (P1/P2 use dist/index.mjs as it is, if present)`);
  }
  if (want("P1")) {
    rows.push(...(await guarded("P1", "scaffold speed", "≤ 1.0× create-vite", async () => (await import("./p1-scaffold.js")).measure(detail))));
  }
  if (want("P2")) {
    rows.push(...(await guarded("P2", "npm pack footprint", "1 package; unpacked ≤ create-vite's", async () => (await import("./p2-footprint.js")).measure())));
  }

  let payload: Payload | undefined;
  let payloadError: string | undefined;
  if (want("P3") || want("P5")) {
    try {
      const { buildStub } = await import("./lib/stub.js");
      const { buildPayload } = await import("./lib/payload.js");
      payload = buildPayload(await buildStub());
      detail(
        `- P3/P5 payload: ${payload.bytes} bytes = stripped stub (${payload.stubBytes} B, what runs) + ` +
          `${payload.paddingBytes} B of real Rust machine code appended after the ELF image (${payload.paddingSource}); see "Method".`,
      );
    } catch (err) {
      payloadError = reason(err);
    }
  }
  if (want("P3")) {
    rows.push(
      ...(await guarded("P3", "takeover cold start", "≤ 0.4× Plan C", async () => {
        if (!payload) throw new MissingDependency(payloadError ?? "no payload");
        return (await import("./p3-cold-start.js")).measure(payload, detail);
      })),
    );
  }
  if (want("P4")) {
    rows.push(...(await guarded("P4", "bridge overhead", "p50 ≤ 0.3 ms, p99 ≤ 1 ms added; 0 lost/dup", async () => (await import("./p4-bridge.js")).measure(detail))));
  }
  if (want("P5")) {
    rows.push(
      ...(await guarded("P5", "embedded bytes ÷ binary bytes", "≤ 0.45", async () => {
        if (!payload) throw new MissingDependency(payloadError ?? "no payload");
        return (await import("./p5-embed-size.js")).measure(payload);
      })),
    );
  }

  detail(`- Load average (1 min) at the end of the run: ${loadavg()[0]!.toFixed(2)} on ${machine.cores} cores (the machine is shared: compare ratios, not absolute times).`);
  const table = renderTable(machine, rows);
  const generated = details.length > 0 ? `${table}\nRun details:\n\n${details.join("\n")}\n` : table;
  process.stdout.write(`\n${generated}`);
  if (args.write) {
    const file = join(benchDir, "RESULTS.md");
    const existing = existsSync(file) ? readFileSync(file, "utf8") : undefined;
    writeFileSync(file, spliceResults(existing, generated));
    process.stderr.write(`bench: wrote ${file}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
