/**
 * The bridge: an in-process Lambda Runtime API host (127.0.0.1, ephemeral port, secret
 * base path) plus a supervisor that runs the Rust binary against it. Used by the trap
 * class outside AWS Lambda and by `npm run dev`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
// node:http is imported when the host starts (start()): takeover never loads it
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  genezioRequestToEvent,
  plainRequestToEvent,
  resultToGenezioResponse,
  resultToPlainResponse,
  type PlainHttpRequest,
  type PlainHttpResponse,
} from "./mapping.js";
import type { CronEvent, GenezioHttpRequest, GenezioHttpResponse, InvokeResult } from "./types.js";

/** Lambda's synchronous payload limit (requests and answers). */
export const LAMBDA_PAYLOAD_LIMIT = 6 * 1024 * 1024;
/** Default per-request deadline (override with GENEZIO_RUST_TIMEOUT_MS or `deadlineMs`). */
export const DEFAULT_DEADLINE_MS = 30_000;

/** Options of a Bridge. */
export interface BridgeOptions {
  /** path of the binary to run, or a function resolving it on first start (e.g. the loader) */
  binary: string | (() => string);
  /** the environment the binary inherits (default: process.env) */
  env?: NodeJS.ProcessEnv;
  /** AWS_LAMBDA_FUNCTION_NAME when the environment has none (default "genezio-rust") */
  functionName?: string;
  /** per-request deadline in ms (default: GENEZIO_RUST_TIMEOUT_MS, else 30000) */
  deadlineMs?: number;
  /** payload limit in bytes for requests and answers (default 6 MB, Lambda's) */
  payloadLimit?: number;
  /** where the binary's stdout/stderr go (default "inherit") */
  stdio?: "inherit" | "ignore";
  /** diagnostics (default: console.error with a prefix) */
  log?: (message: string) => void;
}

interface Pending {
  id: string;
  payload: Buffer;
  deadlineAt: number;
  resolve: (r: InvokeResult) => void;
  timer: NodeJS.Timeout;
  dispatched: boolean;
}

const RUNTIME = "/2018-06-01/runtime/";
const MAX_BACKOFF_MS = 5_000;

/** Read the configured deadline from the environment (GENEZIO_RUST_TIMEOUT_MS). */
export function deadlineFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env["GENEZIO_RUST_TIMEOUT_MS"];
  if (raw === undefined || raw === "") return DEFAULT_DEADLINE_MS;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    throw new Error(`GENEZIO_RUST_TIMEOUT_MS must be a positive number of milliseconds, got ${JSON.stringify(raw)}`);
  }
  return n;
}

/**
 * Runtime API host + binary supervisor. `invoke` queues an event (FIFO), hands it to
 * the binary's next `GET /next`, and resolves with what the binary posts to
 * `/response` or `/error` for that id, or with a fault (413 too large, 502 crash or
 * oversized answer, 504 deadline → binary restarted). Several `/next` polls in
 * parallel (AWS_LAMBDA_MAX_CONCURRENCY) are served in parallel.
 */
export class Bridge {
  readonly deadlineMs: number;
  readonly payloadLimit: number;
  private readonly opts: BridgeOptions;
  private readonly secret = randomBytes(16).toString("hex");
  private server: Server | undefined;
  private listening: Promise<void> | undefined;
  private port = 0;
  private child: ChildProcess | undefined;
  private childPolled = false;
  private killedByUs = false;
  private crashes = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly queue: Pending[] = [];
  private readonly waiters: ServerResponse[] = [];
  private readonly inFlight = new Map<string, Pending>();
  private closed = false;
  private binaryPath: string | undefined;
  private traceCounter = 0;
  private readonly functionArn: string;
  private readonly onProcessExit = (): void => {
    this.child?.kill("SIGKILL");
  };

  constructor(opts: BridgeOptions) {
    this.opts = opts;
    this.deadlineMs = opts.deadlineMs ?? deadlineFromEnv(opts.env ?? process.env);
    this.payloadLimit = opts.payloadLimit ?? LAMBDA_PAYLOAD_LIMIT;
    const env = opts.env ?? process.env;
    const name = env["AWS_LAMBDA_FUNCTION_NAME"] || opts.functionName || "genezio-rust";
    this.functionArn = `arn:aws:lambda:${env["AWS_REGION"] || "us-east-1"}:000000000000:function:${name}`;
  }

  /** The value the binary gets as AWS_LAMBDA_RUNTIME_API (undefined before start). */
  get runtimeApi(): string | undefined {
    return this.port ? `http://127.0.0.1:${this.port}/${this.secret}` : undefined;
  }

  /** The running binary's pid, if any (for tests and diagnostics). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Forward one Genezio http request; never throws (faults become 4xx/5xx responses). */
  async http(req: GenezioHttpRequest, method: string): Promise<GenezioHttpResponse> {
    const requestId = randomUUID();
    let event;
    try {
      event = genezioRequestToEvent(req, method, { requestId });
    } catch (err) {
      return resultToGenezioResponse({ kind: "fault", status: 502, errorType: "BadRequest", errorMessage: (err as Error).message });
    }
    return resultToGenezioResponse(await this.invoke(event, requestId));
  }

  /** Forward one plain Node HTTP request (for `npm run dev`); never throws. */
  async plain(req: PlainHttpRequest): Promise<PlainHttpResponse> {
    const requestId = randomUUID();
    return resultToPlainResponse(await this.invoke(plainRequestToEvent(req, { requestId }), requestId));
  }

  /** Deliver Genezio's cron event `{genezioEventType:"cron", methodName, cronString}`. */
  cron(methodName: string, cronString: string): Promise<InvokeResult> {
    const event: CronEvent = { genezioEventType: "cron", methodName, cronString };
    return this.invoke(event);
  }

  /** Queue any JSON event for the binary and wait for its outcome. */
  async invoke(event: unknown, requestId: string = randomUUID()): Promise<InvokeResult> {
    if (this.closed) return fault(502, "BridgeClosed", "the bridge was closed");
    const payload = Buffer.from(JSON.stringify(event), "utf8");
    if (payload.byteLength > this.payloadLimit) {
      return fault(
        413,
        "RequestTooLarge",
        `the request payload is ${payload.byteLength} bytes; Lambda's limit is ${this.payloadLimit} bytes`,
      );
    }
    try {
      await this.start();
    } catch (err) {
      return fault(502, "BridgeStartFailed", (err as Error).message);
    }
    return new Promise<InvokeResult>((resolve) => {
      const p: Pending = {
        id: requestId,
        payload,
        deadlineAt: Date.now() + this.deadlineMs,
        resolve,
        timer: setTimeout(() => this.onDeadline(p), this.deadlineMs),
        dispatched: false,
      };
      const waiter = this.takeWaiter();
      if (waiter) this.dispatch(waiter, p);
      else this.queue.push(p);
      this.ensureChild();
    });
  }

  /** Start the host (idempotent); the binary is spawned once the host listens. */
  start(): Promise<void> {
    this.listening ??= import("node:http").then(
      ({ createServer }) =>
        new Promise<void>((resolve, reject) => {
          const server = createServer({ keepAlive: true, requestTimeout: 0 }, (req, res) => this.route(req, res));
          server.keepAliveTimeout = 0;
          server.headersTimeout = 0;
          this.server = server;
          server.once("error", reject);
          server.listen(0, "127.0.0.1", () => {
            this.port = (server.address() as AddressInfo).port;
            process.on("exit", this.onProcessExit);
            resolve();
          });
        }),
    );
    return this.listening;
  }

  /** Stop the binary and the host; pending requests get 502. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.restartTimer);
    for (const p of [...this.queue, ...this.inFlight.values()]) this.finish(p, fault(502, "BridgeClosed", "the bridge was closed"));
    this.queue.length = 0;
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGKILL");
      await exited;
    }
    await this.listening?.catch(() => undefined); // a host still starting is closed too
    process.off("exit", this.onProcessExit);
    const server = this.server;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  }

  // ---- supervisor -------------------------------------------------------------------

  private ensureChild(): void {
    if (this.closed || this.child || this.restartTimer) return;
    this.spawnChild();
  }

  private childEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...(this.opts.env ?? process.env) };
    const name = env["AWS_LAMBDA_FUNCTION_NAME"] || this.opts.functionName || "genezio-rust";
    delete env["GENEZIO_RUST_PATH_PREFIX"];
    env["AWS_LAMBDA_RUNTIME_API"] = this.runtimeApi;
    env["AWS_LAMBDA_FUNCTION_NAME"] = name;
    if (!/^\d+$/.test(env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] ?? "")) env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "1024";
    env["AWS_LAMBDA_FUNCTION_VERSION"] ||= "$LATEST";
    env["AWS_LAMBDA_LOG_GROUP_NAME"] ||= `/aws/lambda/${name}`;
    env["AWS_LAMBDA_LOG_STREAM_NAME"] ||= "genezio-rust-bridge";
    return env;
  }

  private spawnChild(): void {
    let path: string;
    try {
      path = this.binaryPath ??= typeof this.opts.binary === "function" ? this.opts.binary() : this.opts.binary;
    } catch (err) {
      this.failQueued(502, "BinaryUnavailable", (err as Error).message);
      return;
    }
    const stdio = this.opts.stdio ?? "inherit";
    const child = spawn(path, [], { env: this.childEnv(), stdio: ["ignore", stdio, stdio] });
    this.child = child;
    this.childPolled = false;
    this.killedByUs = false;
    child.once("error", (err) => {
      // spawn failure (ENOENT, EACCES): no "exit" follows
      if (this.child !== child) return;
      this.child = undefined;
      this.failQueued(502, "SpawnFailed", `cannot start the Rust binary ${path}: ${err.message}`);
    });
    child.once("exit", (code, signal) => this.onChildExit(child, code, signal));
  }

  private onChildExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = undefined;
    for (const w of this.waiters.splice(0)) w.destroy();
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    for (const p of [...this.inFlight.values()]) {
      this.finish(p, fault(502, "BinaryCrashed", `the Rust binary ${how} while handling this request`));
    }
    if (this.closed) return;
    if (!this.childPolled && !this.killedByUs) {
      this.failQueued(
        502,
        "BinaryExited",
        `the Rust binary ${how} before polling the Runtime API (see its output above); ` +
          "check that it is a lambda_runtime/lambda_http program built for this machine",
      );
    }
    if (!this.killedByUs) this.log(`the Rust binary ${how}; restarting`);
    const delay = this.killedByUs ? 0 : Math.min(MAX_BACKOFF_MS, 50 * 2 ** this.crashes);
    if (!this.killedByUs) this.crashes++;
    if (this.queue.length > 0 || this.childPolled || this.killedByUs) {
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        this.ensureChild();
      }, delay);
    }
  }

  private failQueued(status: 502, errorType: string, message: string): void {
    for (const p of this.queue.splice(0)) this.finish(p, fault(status, errorType, message));
  }

  private onDeadline(p: Pending): void {
    if (!p.dispatched) {
      const i = this.queue.indexOf(p);
      if (i >= 0) this.queue.splice(i, 1);
      this.finish(p, fault(504, "Timeout", `no answer within ${this.deadlineMs} ms (raise GENEZIO_RUST_TIMEOUT_MS)`));
      return;
    }
    this.finish(
      p,
      fault(504, "Timeout", `the Rust binary did not answer within ${this.deadlineMs} ms; it was restarted (raise GENEZIO_RUST_TIMEOUT_MS)`),
    );
    this.killChild();
  }

  private killChild(): void {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      this.killedByUs = true;
      child.kill("SIGKILL");
    }
  }

  private finish(p: Pending, result: InvokeResult): boolean {
    if (p.resolve === noop) return false;
    clearTimeout(p.timer);
    this.inFlight.delete(p.id);
    const resolve = p.resolve;
    p.resolve = noop;
    if (result.kind === "response") this.crashes = 0;
    resolve(result);
    return true;
  }

  private log(message: string): void {
    (this.opts.log ?? ((m: string) => console.error(`[genezio-rust] ${m}`)))(message);
  }

  // ---- Runtime API host ---------------------------------------------------------------

  private takeWaiter(): ServerResponse | undefined {
    let w: ServerResponse | undefined;
    while ((w = this.waiters.shift())) {
      if (!w.destroyed && !w.writableEnded) return w;
    }
    return undefined;
  }

  private dispatch(res: ServerResponse, p: Pending): void {
    p.dispatched = true;
    this.inFlight.set(p.id, p);
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": p.payload.byteLength,
      "lambda-runtime-aws-request-id": p.id,
      "lambda-runtime-deadline-ms": String(p.deadlineAt),
      "lambda-runtime-invoked-function-arn": this.functionArn,
      "lambda-runtime-trace-id": this.traceId(),
    });
    res.end(p.payload);
  }

  private traceId(): string {
    const t = Math.floor(Date.now() / 1000).toString(16).padStart(8, "0");
    const n = (++this.traceCounter).toString(16).padStart(24, "0");
    return `Root=1-${t}-${n};Sampled=0`;
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? "";
    const base = `/${this.secret}${RUNTIME}`;
    if (!url.startsWith(base)) {
      reply(res, 403, { errorType: "Forbidden", errorMessage: "not this bridge's Runtime API" });
      req.resume();
      return;
    }
    const rest = url.slice(base.length);
    if (req.method === "GET" && rest === "invocation/next") {
      this.childPolled = true;
      const p = this.queue.shift();
      if (p) this.dispatch(res, p);
      else {
        this.waiters.push(res);
        res.once("close", () => {
          const i = this.waiters.indexOf(res);
          if (i >= 0) this.waiters.splice(i, 1);
        });
      }
      return;
    }
    const m = /^invocation\/([^/]+)\/(response|error)$/.exec(rest);
    if (req.method === "POST" && m) {
      const p = this.inFlight.get(decodeURIComponent(m[1]!));
      if (!p) {
        reply(res, 400, { errorType: "InvalidRequestID", errorMessage: "unknown or already answered request id" });
        req.resume();
        return;
      }
      const kind = m[2]!;
      readBody(req, this.payloadLimit, (body) => {
        if (body === undefined) {
          this.finish(p, fault(502, "ResponseTooLarge", `the Rust binary's answer exceeds Lambda's ${this.payloadLimit}-byte limit`));
          reply(res, 413, { errorType: "RequestEntityTooLarge", errorMessage: "payload too large" }, true);
          return;
        }
        if (kind === "response") this.finish(p, { kind: "response", payload: body });
        else this.finish(p, parseErrorBody(body));
        reply(res, 202, { status: "OK" });
      });
      return;
    }
    if (req.method === "POST" && rest === "init/error") {
      readBody(req, this.payloadLimit, (body) => {
        this.log(`the Rust binary reported an init error: ${body?.toString("utf8") ?? "(too large)"}`);
        reply(res, 202, { status: "OK" });
      });
      return;
    }
    reply(res, 404, { errorType: "NotFound", errorMessage: `no such Runtime API call: ${req.method} ${rest}` });
    req.resume();
  }
}

function noop(): void {}

function fault(status: 413 | 502 | 504, errorType: string, errorMessage: string): InvokeResult {
  return { kind: "fault", status, errorType, errorMessage };
}

function parseErrorBody(body: Buffer): InvokeResult {
  try {
    const v = JSON.parse(body.toString("utf8")) as { errorType?: unknown; errorMessage?: unknown };
    return {
      kind: "error",
      errorType: typeof v.errorType === "string" ? v.errorType : "Unhandled",
      errorMessage: typeof v.errorMessage === "string" ? v.errorMessage : body.toString("utf8"),
    };
  } catch {
    return { kind: "error", errorType: "Unhandled", errorMessage: body.toString("utf8") };
  }
}

function reply(res: ServerResponse, status: number, json: unknown, close = false): void {
  const body = JSON.stringify(json);
  const headers: Record<string, string | number> = { "content-type": "application/json", "content-length": Buffer.byteLength(body) };
  if (close) headers["connection"] = "close";
  res.writeHead(status, headers);
  res.end(body);
}

/** Read a request body up to `limit` bytes; `undefined` when it is larger (the socket is then closed). */
function readBody(req: IncomingMessage, limit: number, done: (body: Buffer | undefined) => void): void {
  const declared = Number(req.headers["content-length"] ?? "NaN");
  if (declared > limit) {
    done(undefined);
    req.destroy();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  req.on("data", (c: Buffer) => {
    if (over) return;
    size += c.byteLength;
    if (size > limit) {
      over = true;
      done(undefined);
      req.destroy();
      return;
    }
    chunks.push(c);
  });
  req.on("end", () => {
    if (!over) done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
  });
}
