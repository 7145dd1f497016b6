/**
 * Child processes for the conformance suite. Every child gets its own process group
 * (detached) so that stopping it also stops what it spawned (genezio local's worker, the
 * Rust binary under aws-lambda-ric or the bridge); we only ever signal groups we started.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** The environment without npm's per-run variables (an outer `npm run` must not leak in). */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    const key = k.toLowerCase();
    if (key.startsWith("npm_") || key === "init_cwd" || key === "force_color") continue;
    env[k] = v;
  }
  env["NO_COLOR"] = "1";
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** A started child whose stdout+stderr are collected. */
export class Proc {
  private chunks: Buffer[] = [];
  private exited: Promise<RunResult>;
  private done = false;

  constructor(readonly child: ChildProcess) {
    child.stdout?.on("data", (c: Buffer) => this.chunks.push(c));
    child.stderr?.on("data", (c: Buffer) => this.chunks.push(c));
    this.exited = new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code, signal) => {
        this.done = true;
        resolve({ code, signal, output: this.output });
      });
    });
  }

  get output(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }

  get running(): boolean {
    return !this.done;
  }

  wait(): Promise<RunResult> {
    return this.exited;
  }

  /** Resolves when `pattern` appears in the output; rejects if the process ends first or after `limitMs`. */
  async waitFor(pattern: RegExp, limitMs: number): Promise<void> {
    const started = Date.now();
    while (!pattern.test(this.output)) {
      if (!this.running) throw new Error(`process ended before ${pattern}; output:\n${tailLines(this.output, 40)}`);
      if (Date.now() - started > limitMs) throw new Error(`no ${pattern} after ${limitMs} ms; output:\n${tailLines(this.output, 40)}`);
      await sleep(100);
    }
  }

  /** SIGTERM the whole group, SIGKILL it if still there after a grace period. */
  async stop(graceMs = 3000): Promise<RunResult> {
    if (this.running) {
      killGroup(this.child, "SIGTERM");
      const timer = setTimeout(() => killGroup(this.child, "SIGKILL"), graceMs);
      try {
        await this.exited;
      } finally {
        clearTimeout(timer);
      }
    }
    // the leader may be gone while group members linger
    killGroup(this.child, "SIGKILL");
    return this.exited;
  }
}

export interface StartOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export function start(command: string, args: readonly string[], opts: StartOptions): Proc {
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: opts.env ?? cleanEnv(),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  return new Proc(child);
}

/** Run to completion; a hung command is stopped after `limitMs` (a safety net, not a measurement). */
export async function run(command: string, args: readonly string[], opts: StartOptions & { limitMs?: number }): Promise<RunResult> {
  const p = start(command, args, opts);
  const limit = opts.limitMs ?? 10 * 60_000;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void p.stop();
  }, limit);
  try {
    const r = await p.wait();
    if (timedOut) return { ...r, output: `${r.output}\n[stopped after ${limit} ms]` };
    return r;
  } finally {
    clearTimeout(timer);
    await p.stop(); // reap anything the command left behind in its group
  }
}

/** Throws with the command line and the output tail unless the command exits 0. */
export async function runOk(command: string, args: readonly string[], opts: StartOptions & { limitMs?: number }): Promise<string> {
  const r = await run(command, args, opts);
  if (r.code !== 0) {
    throw new Error(`\`${[command, ...args].join(" ")}\` exited ${r.code ?? r.signal}:\n${tailLines(r.output, 30)}`);
  }
  return r.output;
}

export function tailLines(text: string, n: number): string {
  return text.trimEnd().split("\n").slice(-n).join("\n");
}

/** Strip ANSI colour codes (genezio colours its output even without a TTY). */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "");
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
