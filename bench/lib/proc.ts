/** Child-process helpers for the benchmarks (side effects live here). */
import { spawn, type SpawnOptions } from "node:child_process";

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** wall time from spawn() to exit, in milliseconds */
  ms: number;
}

/** Run a command to completion, capturing output and timing it from spawn to exit. */
export function run(cmd: string, args: readonly string[], options: SpawnOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      resolve({ code, signal, stdout, stderr, ms });
    });
  });
}

/** Like run(), but a non-zero exit is an error carrying the command's output. */
export async function runOk(cmd: string, args: readonly string[], options: SpawnOptions = {}): Promise<RunResult> {
  const r = await run(cmd, args, options);
  if (r.code !== 0) {
    const tail = (r.stderr || r.stdout).trim().split("\n").slice(-8).join("\n");
    throw new Error(`\`${cmd} ${args.join(" ")}\` exited ${r.code ?? r.signal}:\n${tail}`);
  }
  return r;
}
