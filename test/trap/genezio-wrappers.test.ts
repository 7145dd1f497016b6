// The class bundled by the real genezio CLI (`genezio bundleClass`, 3.2.10):
// - genezio-aws wrapper under AWS's own Node runtime client (aws-lambda-ric 3.x) with a
//   Runtime API host playing AWS: takeover; the Rust binary takes every /next. The axum
//   project has a sidecar (as `npm run embed` writes it): genezio copies it into the bundle
//   at trap/bin/... and the trap execs it from there; without it, the embedded copy.
//   (The lambda-runtime project is embedded only, so the bridge tests cover both forms.)
// - genezio-aws wrapper without a Runtime API (like `genezio local`) and the genezio-cloud
//   wrapper: bridge, through the wrappers' real request/response handling.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { hostArch } from "../../template/base/server/trap/loader.ts";
import { FakeAws } from "../helpers/fake-aws.ts";
import { ensurePeers, type Peers } from "../helpers/peers.ts";
import { REPO, renderServer, stubEmbeddedSource, type Rendered } from "./render.ts";

let peers: Peers;
const projects: Rendered[] = [];
const roots: Record<"aws" | "runtime" | "lrAws" | "lrRuntime", string> = { aws: "", runtime: "", lrAws: "", lrRuntime: "" };
let binDir = "";

/** A minimal Genezio project around a rendered server/ (decorators declare the class). */
function project(template: "axum" | "lambda-runtime", sidecar: boolean): Rendered {
  const r = sidecar
    ? renderServer({ template, className: "TestSvc", sidecar: true })
    : renderServer({ template, className: "TestSvc", embeddedSource: stubEmbeddedSource() });
  projects.push(r);
  writeFileSync(
    join(r.root, "genezio.yaml"),
    "name: trap-test\nregion: us-east-1\nyamlVersion: 2\nbackend:\n  path: server\n  language:\n    name: ts\n    runtime: nodejs20.x\n",
  );
  writeFileSync(
    join(r.serverDir, "package.json"),
    JSON.stringify({ name: "trap-test-server", private: true, type: "module", dependencies: { "@genezio/types": "1.0.20" } }),
  );
  copyFileSync(join(REPO, "template/base/server/tsconfig.json"), join(r.serverDir, "tsconfig.json"));
  symlinkSync(join(REPO, "node_modules"), join(r.serverDir, "node_modules"), "dir");
  return r;
}

/** Bundle the project's class with the real `genezio bundleClass` for one adapter; returns the unzipped task root. */
function bundle(r: Rendered, adapter: "aws" | "runtime"): string {
  const out = join(r.root, `out-${adapter}`);
  execFileSync(process.execPath, [peers.genezioBin, "bundleClass", "--className", "TestSvc", "--cloudAdapter", adapter, "--output", out], {
    cwd: r.root,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, GENEZIO_NO_TELEMETRY: "1" },
  });
  const taskRoot = join(r.root, `task-${adapter}`);
  mkdirSync(taskRoot);
  execFileSync("unzip", ["-q", join(out, "bundle.zip"), "-d", taskRoot]);
  return taskRoot;
}

before(async () => {
  peers = await ensurePeers();
  const axum = project("axum", true);
  binDir = axum.binDir;
  roots.aws = bundle(axum, "aws");
  roots.runtime = bundle(axum, "runtime");
  const lr = project("lambda-runtime", false);
  roots.lrAws = bundle(lr, "aws");
  roots.lrRuntime = bundle(lr, "runtime");
});
after(() => {
  for (const r of projects) r.cleanup();
});

function lambdaEnv(api: string, taskRoot: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env["PATH"],
    AWS_LAMBDA_RUNTIME_API: api,
    AWS_LAMBDA_FUNCTION_NAME: "trap-test",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "256",
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_REGION: "us-east-1",
    LAMBDA_TASK_ROOT: taskRoot,
    _HANDLER: "index.handler",
    GENEZIO_RUST_TMPDIR: binDir,
  };
}

function functionUrlEvent(method: string, path: string, opts: { query?: string; headers?: Record<string, string>; body?: string; b64?: boolean; cookies?: string[] } = {}): Record<string, unknown> {
  const ev: Record<string, unknown> = {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: opts.query ?? "",
    headers: { host: "abc.lambda-url.us-east-1.on.aws", "user-agent": "t", ...opts.headers },
    requestContext: {
      accountId: "anonymous",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "1.2.3.4", userAgent: "t" },
      requestId: "r-1",
      routeKey: "$default",
      stage: "$default",
      timeEpoch: Date.now(),
    },
    isBase64Encoded: opts.b64 ?? false,
  };
  if (opts.query) ev["queryStringParameters"] = Object.fromEntries(new URLSearchParams(opts.query));
  if (opts.body !== undefined) ev["body"] = opts.body;
  if (opts.cookies) ev["cookies"] = opts.cookies;
  return ev;
}

/** The files in GENEZIO_RUST_TMPDIR (emptied first by `clear`). */
function tmpFiles(clear = false): string[] {
  if (clear) for (const f of readdirSync(binDir)) rmSync(join(binDir, f), { force: true });
  return readdirSync(binDir);
}

describe("genezio-aws bundle under aws-lambda-ric: takeover", () => {
  it("genezio's bundle carries the sidecar at trap/bin/ with its mode", () => {
    const bin = join(roots.aws, "trap", "bin");
    const names = readdirSync(bin);
    assert.equal(names.length, 1);
    assert.match(names[0]!, new RegExp(`^rust-${hostArch()}-[0-9a-f]{16}$`));
    assert.equal(statSync(join(bin, names[0]!)).mode & 0o777, 0o755);
  });

  for (const form of ["sidecar", "embedded"] as const) it(`the Rust binary, not Node, takes every event (${form === "sidecar" ? "the sidecar in the bundle, exec'd in place" : "no sidecar in the bundle: the embedded copy"})`, async () => {
    let taskRoot = roots.aws;
    if (form === "embedded") {
      taskRoot = `${roots.aws}-no-sidecar`;
      cpSync(roots.aws, taskRoot, { recursive: true, verbatimSymlinks: true });
      rmSync(join(taskRoot, "trap", "bin"), { recursive: true });
    }
    tmpFiles(true);
    const aws = await new FakeAws().start();
    const child = spawn(process.execPath, [peers.ricBin, "index.handler"], {
      cwd: taskRoot,
      env: { ...lambdaEnv(aws.runtimeApi, taskRoot), GENEZIO_RUST_DEBUG: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
    try {
      const greet = await aws.invoke(functionUrlEvent("GET", "/TestSvc/handle/greet/ric"));
      assert.equal(greet.kind, "response", output);
      const v2 = JSON.parse(greet.body.toString()) as { statusCode: number; body: string };
      assert.equal(v2.statusCode, 200);
      assert.deepEqual(JSON.parse(v2.body), { hello: "ric" });
      const bin = Buffer.from([0, 1, 2, 254, 255]);
      const echo = await aws.invoke(
        functionUrlEvent("POST", "/TestSvc/handle/echo/z", { query: "q=1", body: bin.toString("base64"), b64: true, headers: { "content-type": "application/octet-stream" } }),
      );
      const seen = JSON.parse((JSON.parse(echo.body.toString()) as { body: string }).body) as { path: string; query: string; body_b64: string };
      assert.equal(seen.path, "/echo/z");
      assert.equal(seen.query, "q=1");
      assert.ok(Buffer.from(seen.body_b64, "base64").equals(bin));
      const cron = await aws.invoke({ genezioEventType: "cron", methodName: "tick", cronString: "* * * * *" });
      assert.equal(cron.kind, "error", "an axum binary rejects the cron event, like the real lambda_http");
    } finally {
      await aws.close();
    }
    const code = await exited;
    assert.equal(code, 1, `the process exits with the binary's code once the Runtime API is gone\n${output}`);
    assert.ok(aws.nextRequests.length >= 3);
    const notRust = aws.requests.filter((q) => !/^aws-lambda-rust\//.test(q.userAgent ?? ""));
    assert.deepEqual(notRust.map((q) => `${q.method} ${q.url} ${q.userAgent}`), [], "every Runtime API call came from the Rust runtime");
    if (form === "sidecar") {
      assert.match(output, new RegExp(`trap: using sidecar ${taskRoot}/trap/bin/rust-${hostArch()}-[0-9a-f]{16}\\n`), output);
      assert.deepEqual(tmpFiles(), [], "nothing was written to GENEZIO_RUST_TMPDIR");
    } else {
      assert.match(output, new RegExp(`trap: using embedded ${binDir}/genezio-rust-${hostArch()}-[0-9a-f]{64}\\n`), output);
      assert.equal(tmpFiles().length, 1, "the decoded binary was written to GENEZIO_RUST_TMPDIR");
    }
  });
});

/** Run the bundled wrapper's handler in a child Node (bridge mode) on some events; returns its answers. */
function runWrapper(taskRoot: string, events: unknown[], extraEnv: Record<string, string> = {}, logs?: string[]): Promise<Array<Record<string, unknown>>> {
  const script = join(taskRoot, "run-events.mjs");
  writeFileSync(
    script,
    `import { handler } from "./index.mjs";
     const events = JSON.parse(process.argv[2], (k, v) => (v && v.$url ? new URL(v.$url) : v));
     const out = [];
     for (const ev of events) out.push(await handler(ev));
     console.log(JSON.stringify(out));
     process.exit(0);`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, JSON.stringify(events)], {
      cwd: taskRoot,
      env: { PATH: process.env["PATH"], GENEZIO_RUST_TMPDIR: binDir, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("exit", (code) => {
      const last = stdout.trim().split("\n").pop() ?? "";
      logs?.push(stdout, stderr);
      if (code !== 0) reject(new Error(`wrapper run failed (${code}): ${stderr}${stdout}`));
      else resolve(JSON.parse(last) as Array<Record<string, unknown>>);
    });
  });
}

function cloudEvent(method: string, pathAndQuery: string, opts: { headers?: Record<string, string>; body?: string; b64?: boolean } = {}): Record<string, unknown> {
  const url = `https://app.cloud.genez.io${pathAndQuery}`;
  return {
    http: { method, path: new URL(url).pathname, protocol: "HTTP/1.1", sourceIp: "5.6.7.8", userAgent: "t" },
    url: { $url: url },
    headers: { Host: "app.cloud.genez.io", "User-Agent": "t", ...opts.headers },
    body: opts.body,
    isBase64Encoded: opts.b64 ?? false,
    requestTimestampMs: Date.now(),
  };
}

describe("real Genezio wrappers in bridge mode", () => {
  it("genezio-aws wrapper without a Runtime API (genezio local): text, JSON, binary, cookies, errors", async () => {
    const bin = Buffer.from([9, 8, 7, 0, 255]);
    const [greet, echo, upload, download, cookie, panic] = await runWrapper(roots.aws, [
      functionUrlEvent("GET", "/TestSvc/handle/greet/local"),
      functionUrlEvent("POST", "/TestSvc/handle/echo/p", { query: "a=1&b=x%20y", body: '{"k": [1, 2]}', headers: { "content-type": "application/json" }, cookies: ["s=1", "t=2"] }),
      functionUrlEvent("POST", "/TestSvc/handle/echo", { body: bin.toString("base64"), b64: true, headers: { "content-type": "application/octet-stream" } }),
      functionUrlEvent("GET", "/TestSvc/handle/bin"),
      functionUrlEvent("GET", "/TestSvc/handle/cookie"),
      functionUrlEvent("GET", "/TestSvc/handle/panic"),
    ]);
    assert.equal(String(greet!["statusCode"]), "200");
    assert.deepEqual(JSON.parse(String(greet!["body"])), { hello: "local" });
    const seen = JSON.parse(String(echo!["body"])) as { path: string; query: string; body_b64: string; headers: Record<string, string> };
    assert.equal(seen.path, "/echo/p");
    assert.equal(seen.query, "a=1&b=x%20y");
    assert.equal(Buffer.from(seen.body_b64, "base64").toString(), '{"k": [1, 2]}');
    const uploaded = JSON.parse(String(upload!["body"])) as { body_b64: string };
    assert.ok(Buffer.from(uploaded.body_b64, "base64").equals(bin));
    assert.equal(download!["isBase64Encoded"], true);
    assert.ok(Buffer.from(String(download!["body"]), "base64").equals(Buffer.from(Array.from({ length: 1024 }, (_, i) => i % 256))));
    assert.deepEqual(cookie!["cookies"], ["a=1", "b=2"]);
    assert.equal(String(panic!["statusCode"]), "502");
    assert.match(String(panic!["body"]), /Lambda panicked/);
  });

  it("genezio-cloud wrapper (runtime adapter): its request shape maps to the same routes", async () => {
    const bin = Buffer.from([1, 0, 3]);
    const [greet, echo, upload, download] = await runWrapper(roots.runtime, [
      cloudEvent("GET", "/TestSvc/handle/greet/cloud"),
      cloudEvent("PUT", "/TestSvc/handle/echo/c?z=9", { body: "plain text", headers: { "Content-Type": "text/plain", Cookie: "c=3" } }),
      cloudEvent("POST", "/TestSvc/handle/echo", { body: bin.toString("base64"), b64: true, headers: { "Content-Type": "application/octet-stream" } }),
      cloudEvent("GET", "/TestSvc/handle/bin"),
    ]);
    assert.equal(String(greet!["statusCode"]), "200");
    assert.deepEqual(JSON.parse(String(greet!["body"])), { hello: "cloud" });
    const seen = JSON.parse(String(echo!["body"])) as { method: string; path: string; query: string; body_b64: string; headers: Record<string, string> };
    assert.equal(seen.method, "PUT");
    assert.equal(seen.path, "/echo/c");
    assert.equal(seen.query, "z=9");
    assert.equal(seen.headers["cookie"], "c=3");
    assert.equal(Buffer.from(seen.body_b64, "base64").toString(), "plain text");
    assert.ok(Buffer.from((JSON.parse(String(upload!["body"])) as { body_b64: string }).body_b64, "base64").equals(bin));
    assert.equal(download!["isBase64Encoded"], true);
    assert.equal(Buffer.from(String(download!["body"]), "base64").length, 1024);
  });

  it("genezio-aws wrapper, lambda-runtime template: the cron event calls tick, which reaches the binary", async () => {
    const logs: string[] = [];
    const [cron, http] = await runWrapper(
      roots.lrAws,
      [{ genezioEventType: "cron", methodName: "tick", cronString: "*/5 * * * *" }, functionUrlEvent("GET", "/TestSvc/handle/greet/lr")],
      { STUB_MODE: "lambda_runtime" },
      logs,
    );
    assert.equal(cron, null, "the wrapper returns nothing for cron");
    const text = logs.join("\n");
    assert.match(text, /DEBUG: trigger cron: \*\/5 \* \* \* \* on method: tick/);
    assert.doesNotMatch(text, /ERROR: cron trigger/);
    assert.match(text, /lambda-stub: cron event \{"genezioEventType":"cron","methodName":"tick","cronString":"\*\/5 \* \* \* \*"\}/);
    assert.deepEqual(JSON.parse(String(http!["body"])), { hello: "lr" });
  });

  it("genezio-cloud wrapper, lambda-runtime template: the cron JSON-RPC call runs tick, which reaches the binary", async () => {
    const logs: string[] = [];
    const rpc = JSON.stringify({ jsonrpc: "2.0", method: "TestSvc.tick", params: [], id: 7 });
    const [answer] = await runWrapper(
      roots.lrRuntime,
      [cloudEvent("POST", "/TestSvc", { body: rpc, headers: { "Genezio-Event": "cron", "Genezio-Cronstring": "*/5 * * * *" } })],
      { STUB_MODE: "lambda_runtime" },
      logs,
    );
    const body = JSON.parse(String(answer!["body"])) as { id: number; error?: unknown };
    // genezio-cloud answers a successful JSON-RPC call with "error": null
    assert.equal(body.id, 7);
    assert.equal(body.error ?? null, null, String(answer!["body"]));
    assert.match(logs.join("\n"), /lambda-stub: cron event \{"genezioEventType":"cron","methodName":"tick","cronString":"\*\/5 \* \* \* \*"\}/);
  });
});
