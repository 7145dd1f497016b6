/**
 * A test Lambda Runtime API host "playing AWS": queue events, answer `GET /next` (held
 * open until an event exists) with the headers AWS sends, record every request
 * (incl. User-Agent), collect `/response`, `/error` and `/init/error` posts.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

/** One request the host received. */
export interface RecordedRequest {
  method: string;
  url: string;
  userAgent: string | undefined;
  headers: IncomingHttpHeaders;
  /** performance.now() at arrival */
  at: number;
}

/** What the runtime posted for one event. */
export interface Outcome {
  kind: "response" | "error";
  requestId: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Per-event options. */
export interface QueueOptions {
  requestId?: string;
  traceId?: string;
  deadlineMs?: number;
  /** header names (lower-case) to leave out of the /next answer */
  omitHeaders?: string[];
}

interface Queued {
  id: string;
  body: Buffer;
  opts: QueueOptions;
  resolve: (o: Outcome) => void;
}

const PREFIX = "/2018-06-01/runtime/";

export class FakeAws {
  readonly requests: RecordedRequest[] = [];
  readonly initErrors: Buffer[] = [];
  private server: Server | undefined;
  private port = 0;
  private readonly queue: Queued[] = [];
  private readonly waiting: ServerResponse[] = [];
  private readonly pending = new Map<string, Queued>();
  private nextListeners: Array<(r: RecordedRequest) => void> = [];

  /** Listen on 127.0.0.1 (ephemeral port). */
  async start(): Promise<this> {
    const server = createServer((req, res) => this.route(req, res));
    server.keepAliveTimeout = 60_000;
    this.server = server;
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  /** AWS_LAMBDA_RUNTIME_API as AWS sets it: `host:port`. */
  get runtimeApi(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Requests to GET /next so far. */
  get nextRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === "GET" && r.url.endsWith("/invocation/next"));
  }

  /** Resolves at the next (or an already received first) GET /next. */
  firstNext(): Promise<RecordedRequest> {
    const first = this.nextRequests[0];
    if (first) return Promise.resolve(first);
    return new Promise((r) => this.nextListeners.push(r));
  }

  /** Queue an event (JSON value or raw bytes); resolves with what the runtime posts for it. */
  invoke(event: unknown, opts: QueueOptions = {}): Promise<Outcome> {
    const body = Buffer.isBuffer(event) ? event : Buffer.from(JSON.stringify(event));
    return new Promise<Outcome>((resolve) => {
      const q: Queued = { id: opts.requestId ?? randomUUID(), body, opts, resolve };
      let w: ServerResponse | undefined;
      while ((w = this.waiting.shift())) {
        if (!w.destroyed) {
          this.send(w, q);
          return;
        }
      }
      this.queue.push(q);
    });
  }

  /** Stop listening and drop every connection. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }

  private send(res: ServerResponse, q: Queued): void {
    this.pending.set(q.id, q);
    const headers: Record<string, string | number> = {
      "content-type": "application/json",
      "content-length": q.body.byteLength,
      "lambda-runtime-aws-request-id": q.id,
      "lambda-runtime-deadline-ms": String(Date.now() + (q.opts.deadlineMs ?? 30_000)),
      "lambda-runtime-invoked-function-arn": "arn:aws:lambda:us-east-1:123456789012:function:test",
      "lambda-runtime-trace-id": q.opts.traceId ?? "Root=1-00000000-000000000000000000000000;Sampled=0",
    };
    for (const h of q.opts.omitHeaders ?? []) delete headers[h];
    res.writeHead(200, headers);
    res.end(q.body);
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const rec: RecordedRequest = {
      method: req.method ?? "",
      url: req.url ?? "",
      userAgent: req.headers["user-agent"],
      headers: req.headers,
      at: performance.now(),
    };
    this.requests.push(rec);
    const url = rec.url;
    if (!url.startsWith(PREFIX)) {
      res.writeHead(404).end();
      req.resume();
      return;
    }
    const rest = url.slice(PREFIX.length);
    if (rec.method === "GET" && rest === "invocation/next") {
      for (const l of this.nextListeners.splice(0)) l(rec);
      const q = this.queue.shift();
      if (q) this.send(res, q);
      else this.waiting.push(res);
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const m = /^invocation\/([^/]+)\/(response|error)$/.exec(rest);
      if (rec.method === "POST" && m) {
        const q = this.pending.get(m[1]!);
        if (!q) {
          res.writeHead(400, { "content-type": "application/json" }).end('{"errorType":"InvalidRequestID"}');
          return;
        }
        this.pending.delete(q.id);
        res.writeHead(202, { "content-type": "application/json" }).end('{"status":"OK"}');
        q.resolve({ kind: m[2] as "response" | "error", requestId: q.id, headers: req.headers, body });
        return;
      }
      if (rec.method === "POST" && rest === "init/error") {
        this.initErrors.push(body);
        res.writeHead(202).end();
        return;
      }
      res.writeHead(404).end();
    });
  }
}
