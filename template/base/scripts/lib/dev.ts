/**
 * `dev`: a local HTTP server that feeds every request through the trap's Runtime API bridge
 * (server/trap/bridge.ts, the same code the deployed trap uses) to the crate built for this
 * machine with plain cargo. Rebuilds on .rs / Cargo.toml changes; a failed build keeps the
 * last good binary serving. Ctrl-C stops the server, the binary and any running cargo.
 */

import type { ChildProcess } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, rmSync } from "node:fs";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, relative } from "node:path";
import { Bridge } from "../../server/trap/bridge.js";
import { type FlagSpec, UsageError, parseArgs, usage, valueOf } from "./args.js";
import { reportError } from "./errors.js";
import { hostBuild } from "./host-build.js";
import { type Profile, type Project, loadProject, workspaceRoot } from "./project.js";
import { bold, dim, fail, green, step, yellow } from "./ui.js";
import { watchSources } from "./watch.js";

export const DEFAULT_PORT = 8787;
/** Request bodies above this are refused before reaching the bridge (Lambda's limit is 6 MB). */
const MAX_BODY = 8 * 1024 * 1024;

export const DEV_FLAGS: readonly FlagSpec[] = [
  { name: "port", value: true, help: `port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one)` },
  { name: "release", help: "run a release build instead of a debug build" },
  { name: "help", help: "show this help" },
];

export function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port ${JSON.stringify(text)} must be a number from 0 to 65535`);
  return port;
}

interface Generation {
  readonly n: number;
  readonly bridge: Bridge;
  readonly binary: string;
  active: number;
  retired: boolean;
}

class DevSession {
  private server: Server | undefined;
  private current: Generation | undefined;
  private readonly generations = new Set<Generation>();
  private builds = 0;
  private building = false;
  private again = false;
  private cargo: ChildProcess | undefined;
  private stopWatching: (() => void) | undefined;
  private stopped = false;
  private readonly devDir: string;

  constructor(
    private readonly project: Project,
    private readonly profile: Profile,
  ) {
    this.devDir = join(project.targetDir, "genezio-rust-dev");
  }

  listen(port: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const server = createServer((req, res) => void this.handle(req, res));
      this.server = server;
      server.once("error", (error: NodeJS.ErrnoException) => {
        reject(
          error.code === "EADDRINUSE"
            ? new UsageError(`port ${port} is already in use: pass another one with --port <n> (or --port 0 for any free port)`)
            : error,
        );
      });
      server.listen(port, "127.0.0.1", () => {
        resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      });
    });
  }

  watch(): void {
    const root = workspaceRoot(this.project.crateDir);
    this.stopWatching = watchSources([this.project.crateDir], root === this.project.crateDir ? [] : [root], (file) => {
      step("dev", `${relative(this.project.root, file) || file} changed: rebuilding`);
      void this.rebuild();
    });
  }

  /** Build; on success serve the new binary. Builds requested meanwhile run once afterwards. */
  async rebuild(): Promise<void> {
    if (this.building) {
      this.again = true;
      return;
    }
    this.building = true;
    do {
      this.again = false;
      const result = await hostBuild(this.project.crateDir, this.project.bin, this.profile, (c) => (this.cargo = c));
      if (this.stopped) break;
      if (result.ok && result.executable) this.install(result.executable);
      else if (this.current) console.error(yellow(`dev: the build failed (see above); still serving build #${this.current.n}`));
      else console.error(yellow("dev: the build failed (see above); fix it and save a .rs or Cargo.toml file: dev rebuilds on every change"));
    } while (this.again && !this.stopped);
    this.building = false;
  }

  private install(executable: string): void {
    const n = ++this.builds;
    mkdirSync(this.devDir, { recursive: true });
    // Run a private copy: cargo may replace or remove its output while this one serves.
    const binary = join(this.devDir, `${this.project.bin}-${process.pid}-${n}`);
    copyFileSync(executable, binary);
    chmodSync(binary, 0o755);
    const generation: Generation = {
      n,
      bridge: new Bridge({ binary, functionName: this.project.bin }),
      binary,
      active: 0,
      retired: false,
    };
    const previous = this.current;
    this.current = generation;
    this.generations.add(generation);
    if (previous) this.retire(previous);
    step("dev", green(`serving build #${n}`) + dim(` (${relative(this.project.root, executable) || executable})`));
  }

  /** Stop an old generation once its in-flight requests are answered. */
  private retire(g: Generation): void {
    g.retired = true;
    if (g.active === 0) void this.dispose(g);
  }

  private async dispose(g: Generation): Promise<void> {
    this.generations.delete(g);
    await g.bridge.close();
    rmSync(g.binary, { force: true });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const body = await readBody(req);
    if (body === undefined) {
      sendJson(res, 413, { error: `request body larger than ${MAX_BODY} bytes` });
      return;
    }
    const g = this.current;
    if (!g) {
      sendJson(res, 503, { error: "no successful build yet: the dev terminal shows why the build failed (fix it and save to rebuild)" });
      return;
    }
    g.active++;
    try {
      const out = await g.bridge.plain({
        method: req.method ?? "GET",
        url: req.url ?? "/",
        headers: req.headers,
        body,
        ...(req.socket.remoteAddress ? { remoteAddress: req.socket.remoteAddress } : {}),
      });
      res.writeHead(out.status, out.headers);
      res.end(out.body);
      console.log(dim(`${req.method} ${req.url} → ${out.status} (${Date.now() - started} ms)`));
    } catch (error) {
      sendJson(res, 500, { error: String(error) });
    } finally {
      g.active--;
      if (g.retired && g.active === 0 && this.generations.has(g)) void this.dispose(g);
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.stopWatching?.();
    if (this.cargo && this.cargo.exitCode === null) {
      const cargo = this.cargo;
      const exited = new Promise<void>((r) => cargo.once("close", () => r()));
      cargo.kill("SIGTERM");
      await exited;
    }
    await Promise.all([...this.generations].map((g) => this.dispose(g)));
    const server = this.server;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
    rmSync(this.devDir, { recursive: true, force: true });
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.byteLength;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks)));
    req.on("error", () => resolve(undefined));
  });
}

function sendJson(res: ServerResponse, status: number, json: unknown): void {
  const text = JSON.stringify(json);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export async function runDev(argv: readonly string[]): Promise<number> {
  let session: DevSession | undefined;
  try {
    const args = parseArgs(argv, DEV_FLAGS);
    if (args.switches.has("help")) {
      console.log(`dev: run the crate locally behind the trap's bridge, rebuilding on changes\n${usage(DEV_FLAGS)}`);
      return 0;
    }
    const project = loadProject();
    const port = parsePort(valueOf(args, "port"));
    const profile: Profile = args.switches.has("release") ? "release" : "debug";
    session = new DevSession(project, profile);
    const stoppedBySignal = new Promise<void>((resolve) => {
      const onSignal = (): void => {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
        resolve();
      };
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
    });
    const url = await session.listen(port);
    step("dev", `${bold(url)}  (Ctrl-C to stop)`);
    session.watch();
    void session.rebuild();
    await stoppedBySignal;
    step("dev", "stopping");
    await session.stop();
    return 0;
  } catch (error) {
    if (session) await session.stop();
    if (error instanceof UsageError) {
      fail("dev", error.message);
      return 1;
    }
    return reportError("dev", error);
  }
}
