/**
 * P4: bridge overhead. Latency of a request through the trap class's http method (bridge
 * mode: in-process Runtime API host → the std-only stub → back) vs an equivalent Node
 * handler called in-process; p50/p99 at 1 client, then 64 concurrent clients: throughput,
 * p99, and lost or duplicated answers (each request carries a unique token that its answer
 * must echo, and only its answer).
 */
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { PerformanceObserver } from "node:perf_hooks";
import { hostArch, loadEncodeEmbeddedModule } from "./lib/deps.js";
import { bundle, writeServiceProject } from "./lib/modules.js";
import { tempDir } from "./lib/paths.js";
import { buildStub } from "./lib/stub.js";
import { formatMs, formatRatio, quantile, ratio } from "./lib/stats.js";
import { verdict, type Row } from "./lib/table.js";

export const WARMUP = 200;
export const SEQUENTIAL = 2000;
export const CLIENTS = 64;
export const PER_CLIENT = 50;

/** The stub route that echoes the request back (see test/fixtures/lambda-stub). */
export const ECHO_PATH = "/echo";

interface HttpReq {
  headers: Record<string, string | undefined>;
  http: { method: string; path: string; protocol?: string; userAgent?: string; sourceIp?: string };
  queryStringParameters?: Record<string, string | undefined> | null;
  timeEpoch?: number;
  rawBody?: string;
  body?: unknown;
}
interface HttpRes {
  statusCode: string;
  headers?: Record<string, string>;
  body: string | Buffer;
}
type Handler = (req: HttpReq) => Promise<HttpRes>;

export function token(client: number, seq: number): string {
  return `tok-${client}-${seq}-z`;
}

/** A Genezio http request (genezio-cloud shape) carrying `tok` in its query and body. */
export function makeRequest(className: string, tok: string): HttpReq {
  const body = JSON.stringify({ token: tok });
  return {
    headers: { host: "bench.local", "content-type": "application/json", "user-agent": "bench" },
    http: { method: "POST", path: `/${className}/handle${ECHO_PATH}`, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "bench" },
    queryStringParameters: { token: tok },
    timeEpoch: Date.now(),
    rawBody: body,
    body: JSON.parse(body) as unknown,
  };
}

/** The in-process equivalent: echo the same facts back as JSON. */
export const nodeHandler: Handler = async (req) => ({
  statusCode: "200",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({
    method: req.http.method,
    path: req.http.path,
    query: req.queryStringParameters ?? {},
    body: req.rawBody ?? "",
  }),
});

/** Tokens found in an answer body. Pure. */
export function tokensIn(res: HttpRes): string[] {
  const text = typeof res.body === "string" ? res.body : res.body.toString("utf8");
  return [...new Set(text.match(/tok-\d+-\d+-z/g) ?? [])];
}

async function timed(handler: Handler, req: HttpReq): Promise<{ ms: number; res: HttpRes }> {
  const t = process.hrtime.bigint();
  const res = await handler(req);
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, res };
}

async function sequential(handler: Handler, className: string, n: number, client: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const tok = token(client, i);
    const { ms, res } = await timed(handler, makeRequest(className, tok));
    if (res.statusCode !== "200" || !tokensIn(res).includes(tok)) {
      throw new Error(`request ${tok} got ${res.statusCode}: ${String(res.body).slice(0, 200)}`);
    }
    out.push(ms);
  }
  return out;
}

/** A plain Node HTTP server in another process: the floor for any out-of-process hop. */
export const ECHO_SERVER_SOURCE = [
  'import { createServer } from "node:http";',
  "const s = createServer((req, res) => {",
  "  const chunks = [];",
  "  req.on(\"data\", (c) => chunks.push(c));",
  "  req.on(\"end\", () => res.end(Buffer.concat(chunks)));",
  "});",
  's.listen(0, "127.0.0.1", () => process.stdout.write(s.address().port + "\\n"));',
  "",
].join("\n");

/** Sequential keep-alive POSTs to ECHO_SERVER_SOURCE running in a child process. */
async function loopbackFloor(dir: string, n: number): Promise<number[]> {
  const file = join(dir, "echo-server.mjs");
  writeFileSync(file, ECHO_SERVER_SOURCE);
  const child = spawn(process.execPath, [file], { stdio: ["ignore", "pipe", "inherit"] });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once("error", reject);
      child.stdout!.once("data", (d: Buffer) => resolve(Number(d.toString().trim())));
    });
    const body = JSON.stringify({ token: "tok-0-0-z" });
    const once = () =>
      new Promise<void>((resolve, reject) => {
        const req = request({ host: "127.0.0.1", port, method: "POST", path: "/echo", agent }, (res) => {
          res.resume();
          res.on("end", () => resolve());
        });
        req.on("error", reject);
        req.end(body);
      });
    for (let i = 0; i < WARMUP; i++) await once();
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = process.hrtime.bigint();
      await once();
      out.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return out;
  } finally {
    agent.destroy();
    child.kill("SIGKILL");
  }
}

interface LoadResult {
  latencies: number[];
  seconds: number;
  lost: number;
  duplicated: number;
}

/** CLIENTS concurrent loops of PER_CLIENT requests each; counts lost and duplicated answers. */
async function load(handler: Handler, className: string, base: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const answeredBy = new Map<string, number>(); // token → how many answers carried it
  let lost = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = 0; i < PER_CLIENT; i++) {
        const tok = token(base + c, i);
        try {
          const { ms, res } = await timed(handler, makeRequest(className, tok));
          latencies.push(ms);
          const found = tokensIn(res);
          if (res.statusCode !== "200" || !found.includes(tok)) lost++;
          for (const f of found) answeredBy.set(f, (answeredBy.get(f) ?? 0) + 1);
        } catch {
          lost++;
        }
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const duplicated = [...answeredBy.values()].reduce((sum, n) => sum + (n > 1 ? n - 1 : 0), 0);
  return { latencies, seconds, lost, duplicated };
}

export async function measure(detail: (line: string) => void): Promise<Row[]> {
  const encode = await loadEncodeEmbeddedModule();
  const stub = await buildStub();
  const work = tempDir("p4");
  const saved = { ...process.env };
  let close: (() => Promise<void>) | undefined;
  try {
    const className = "Bench";
    const service = await writeServiceProject(
      join(work.path, "svc"),
      encode([{ arch: hostArch(), bytes: readFileSync(stub) }]),
      className,
      'bridge: { stdio: "ignore" }',
    );
    const moduleFile = await bundle(service, join(work.path, "svc", "module.mjs"));
    delete process.env["AWS_LAMBDA_RUNTIME_API"];
    process.env["GENEZIO_RUST_MODE"] = "bridge";
    process.env["GENEZIO_RUST_TMPDIR"] = join(work.path, "bin");
    const mod = (await import(pathToFileURL(moduleFile).href)) as {
      rust: { http: Handler; close(): Promise<void> };
    };
    close = () => mod.rust.close();
    const trapHandler: Handler = (req) => mod.rust.http(req);

    // warm both paths (binary start, JIT), then alternate blocks so noise hits both alike
    await sequential(trapHandler, className, WARMUP, 0);
    await sequential(nodeHandler, className, WARMUP, 0);
    const trap: number[] = [];
    const node: number[] = [];
    const block = 250;
    const gc = { ms: 0, count: 0 };
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        gc.count++;
        gc.ms += e.duration;
      }
    });
    obs.observe({ entryTypes: ["gc"] });
    for (let done = 0; done < SEQUENTIAL; done += block) {
      trap.push(...(await sequential(trapHandler, className, block, 1)));
      node.push(...(await sequential(nodeHandler, className, block, 1)));
    }
    obs.disconnect();
    const t50 = quantile(trap, 0.5);
    const t99 = quantile(trap, 0.99);
    const n50 = quantile(node, 0.5);
    const n99 = quantile(node, 0.99);
    const added50 = t50 - n50;
    const added99 = t99 - n99;

    const dist = (xs: number[]) =>
      [0.5, 0.9, 0.99, 0.999, 1].map((q) => `${q === 1 ? "max" : `p${q * 100}`} ${formatMs(quantile(xs, q))}`).join(", ");
    detail(
      `- P4 at 1 client: trap ${dist(trap)}; ${trap.filter((x) => x > 1).length} of ${trap.length} over 1 ms. ` +
        `In-process ${dist(node)}. Garbage collection during both sequential runs: ${gc.count} pauses, ${formatMs(gc.ms)} in total.`,
    );
    const floor = await loopbackFloor(work.path, SEQUENTIAL);
    const f50 = quantile(floor, 0.5);
    const f99 = quantile(floor, 0.99);
    detail(
      `- P4 floor: a bare Node HTTP round trip to another process on this machine (keep-alive, loopback): ${dist(floor)}; ` +
        `${floor.filter((x) => x > 1).length} of ${floor.length} over 1 ms. Any bridge to a separate process pays at least this.`,
    );
    const loadTrap = await load(trapHandler, className, 1000);
    const loadNode = await load(nodeHandler, className, 2000);
    const rps = (l: LoadResult) => l.latencies.length / l.seconds;
    detail(
      `- P4: ${SEQUENTIAL} sequential requests per side after ${WARMUP} warm-up, alternating blocks of ${block}; ` +
        `then ${CLIENTS} clients × ${PER_CLIENT} requests. Request: POST ${ECHO_PATH} with a JSON body and query (genezio-cloud shape); ` +
        `the stub answers through the Runtime API (one /next poller). In-process Node handler at ${CLIENTS} clients: ` +
        `${Math.round(rps(loadNode))} req/s, p99 ${formatMs(quantile(loadNode.latencies, 0.99))}.`,
    );
    return [
      {
        id: "P4",
        measure: "bridge latency at 1 client, p50 (added = trap − in-process)",
        ours: `${formatMs(t50)} (added ${formatMs(added50)})`,
        baseline: `in-process ${formatMs(n50)}`,
        ratio: formatRatio(ratio(t50, n50)),
        target: "added ≤ 0.3 ms",
        verdict: verdict(added50 <= 0.3),
      },
      {
        id: "P4",
        measure: "bridge latency at 1 client, p99 (added)",
        ours: `${formatMs(t99)} (added ${formatMs(added99)})`,
        baseline: `in-process ${formatMs(n99)}`,
        ratio: formatRatio(ratio(t99, n99)),
        target: "added ≤ 1 ms",
        verdict: verdict(added99 <= 1),
      },
      {
        id: "P4",
        measure: "(reference) bare loopback HTTP round trip to another process, p50 / p99",
        ours: `trap ${formatMs(t50)} / ${formatMs(t99)}`,
        baseline: `bare round trip ${formatMs(f50)} / ${formatMs(f99)}`,
        ratio: `${formatRatio(ratio(t50, f50))} / ${formatRatio(ratio(t99, f99))}`,
        target: "(no target)",
        verdict: "info",
      },
      {
        id: "P4",
        measure: `${CLIENTS} concurrent clients: throughput, p99`,
        ours: `${Math.round(rps(loadTrap))} req/s, p99 ${formatMs(quantile(loadTrap.latencies, 0.99))}`,
        baseline: `in-process ${Math.round(rps(loadNode))} req/s`,
        ratio: formatRatio(ratio(rps(loadTrap), rps(loadNode))),
        target: "(no target)",
        verdict: "info",
      },
      {
        id: "P4",
        measure: `${CLIENTS} concurrent clients: lost / duplicated answers of ${CLIENTS * PER_CLIENT}`,
        ours: `${loadTrap.lost} lost, ${loadTrap.duplicated} duplicated`,
        baseline: `in-process ${loadNode.lost} / ${loadNode.duplicated}`,
        ratio: "",
        target: "0 lost, 0 duplicated",
        verdict: verdict(loadTrap.lost === 0 && loadTrap.duplicated === 0),
      },
    ];
  } finally {
    await close?.();
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    work.dispose();
  }
}
