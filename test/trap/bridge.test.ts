// The Bridge on its own: Runtime API host details, the binary's environment, the plain
// Node HTTP mapping used by `npm run dev`, start failures.
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, it } from "node:test";
import { Bridge } from "../../template/base/server/trap/bridge.ts";
import { stubBinary } from "../helpers/stub.ts";

function rawCall(url: string, method: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const quiet = { stdio: "ignore" as const, log: () => {} };

describe("Bridge host", () => {
  let bridge: Bridge;
  before(() => {
    bridge = new Bridge({
      binary: stubBinary(),
      env: { PATH: process.env["PATH"], GENEZIO_RUST_PATH_PREFIX: "/X/handle", MY_SETTING: "kept" },
      functionName: "MyClass",
      ...quiet,
    });
  });
  after(() => bridge.close());

  const get = async (path: string) => {
    const res = await bridge.plain({ method: "GET", url: path, headers: { host: "localhost" }, body: Buffer.alloc(0) });
    return { status: res.status, body: res.body.toString() };
  };

  it("gives the binary an http:// endpoint with a secret base path (the form lambda_runtime keeps)", async () => {
    await get("/greet/x");
    assert.match(bridge.runtimeApi ?? "", /^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}$/);
  });

  it("sets the variables lambda_runtime needs, keeps the user's, and drops the takeover path prefix", async () => {
    assert.deepEqual(await get("/env/AWS_LAMBDA_FUNCTION_NAME"), { status: 200, body: "MyClass" });
    assert.deepEqual(await get("/env/AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), { status: 200, body: "1024" });
    assert.deepEqual(await get("/env/AWS_LAMBDA_FUNCTION_VERSION"), { status: 200, body: "$LATEST" });
    assert.equal((await get("/env/AWS_LAMBDA_LOG_GROUP_NAME")).body, "/aws/lambda/MyClass");
    assert.equal((await get("/env/AWS_LAMBDA_LOG_STREAM_NAME")).status, 200);
    assert.deepEqual(await get("/env/MY_SETTING"), { status: 200, body: "kept" });
    assert.deepEqual(await get("/env/GENEZIO_RUST_PATH_PREFIX"), { status: 404, body: "unset" });
    assert.equal((await get("/env/AWS_LAMBDA_RUNTIME_API")).body, bridge.runtimeApi);
  });

  it("rejects Runtime API calls without the secret base path", async () => {
    const api = new URL(bridge.runtimeApi!);
    const res = await rawCall(`http://${api.host}/2018-06-01/runtime/invocation/next`, "GET");
    assert.equal(res.status, 403);
    const guessed = await rawCall(`http://${api.host}/0123456789abcdef0123456789abcdef/2018-06-01/runtime/invocation/next`, "GET");
    assert.equal(guessed.status, 403);
  });

  it("accepts /response only for an in-flight request id", async () => {
    const res = await rawCall(`${bridge.runtimeApi}/2018-06-01/runtime/invocation/not-a-real-id/response`, "POST", "{}");
    assert.equal(res.status, 400);
    assert.match(res.body, /InvalidRequestID/);
    assert.equal((await get("/greet/still-fine")).status, 200);
  });

  it("maps a plain HTTP request and answer (dev server): query, text/binary bodies, several Set-Cookie", async () => {
    const echo = await bridge.plain({
      method: "POST",
      url: "/echo/a%20b?x=1&x=2",
      headers: { host: "localhost:3000", "content-type": "application/json", cookie: "a=1; b=2" },
      body: Buffer.from('{"j":1}'),
    });
    assert.equal(echo.status, 200);
    const seen = JSON.parse(echo.body.toString()) as { path: string; query: string; headers: Record<string, string>; body_b64: string };
    assert.equal(seen.path, "/echo/a%20b");
    assert.equal(seen.query, "x=1&x=2");
    assert.equal(seen.headers["cookie"], "a=1;b=2");
    assert.equal(Buffer.from(seen.body_b64, "base64").toString(), '{"j":1}');
    const bytes = Buffer.from([0, 255, 1, 254]);
    const up = await bridge.plain({ method: "PUT", url: "/echo", headers: { "content-type": "image/png" }, body: bytes });
    assert.ok(Buffer.from((JSON.parse(up.body.toString()) as { body_b64: string }).body_b64, "base64").equals(bytes));
    const cookie = await bridge.plain({ method: "GET", url: "/cookie", headers: {}, body: Buffer.alloc(0) });
    assert.deepEqual(cookie.headers["set-cookie"], ["a=1", "b=2"]);
    assert.equal(cookie.headers["content-length"], undefined, "Node computes Content-Length itself");
    const bin = await bridge.plain({ method: "GET", url: "/bin", headers: {}, body: Buffer.alloc(0) });
    assert.equal(bin.body.length, 1024);
    assert.equal(bin.body[255], 255);
  });

  it("delivers Genezio's cron event", async () => {
    const res = await bridge.cron("tick", "0 * * * *");
    // the axum-like stub refuses it exactly like lambda_http does
    assert.equal(res.kind, "error");
    assert.match(res.kind === "error" ? res.errorType : "", /DeserializeError/);
  });
});

describe("Bridge start failures", () => {
  it("a missing binary gives 502 naming the path", async () => {
    const bridge = new Bridge({ binary: "/nonexistent/genezio-rust-bin", ...quiet });
    try {
      const res = await bridge.invoke({});
      assert.equal(res.kind, "fault");
      assert.match(res.kind === "fault" ? `${res.status} ${res.errorMessage}` : "", /^502 cannot start the Rust binary \/nonexistent\/genezio-rust-bin/);
    } finally {
      await bridge.close();
    }
  });

  it("a binary that exits before polling gives 502 (not a hang)", async () => {
    const bridge = new Bridge({ binary: "/bin/false", ...quiet });
    try {
      const res = await bridge.invoke({});
      assert.equal(res.kind === "fault" ? res.errorType : res.kind, "BinaryExited");
    } finally {
      await bridge.close();
    }
  });

  it("a loader error (e.g. nothing embedded) reaches the caller as 502 with the loader's message", async () => {
    const bridge = new Bridge({
      binary: () => {
        throw new Error("no Rust binary is embedded yet: run `npm run build && npm run embed`");
      },
      ...quiet,
    });
    try {
      const res = await bridge.invoke({});
      assert.match(res.kind === "fault" ? res.errorMessage : "", /npm run build && npm run embed/);
    } finally {
      await bridge.close();
    }
  });

  it("rejects a bad GENEZIO_RUST_TIMEOUT_MS with the expected form", () => {
    assert.throws(() => new Bridge({ binary: "x", env: { GENEZIO_RUST_TIMEOUT_MS: "soon" } }), /positive number of milliseconds/);
  });
});

describe("Bridge Runtime API protocol (the test plays the Rust runtime)", () => {
  let bridge: Bridge;
  let dir: string;
  before(async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    dir = mkdtempSync(join(tmpdir(), "trap-proto-"));
    // a "binary" that never polls: the test does the polling
    const idle = join(dir, "idle.sh");
    writeFileSync(idle, "#!/bin/sh\nexec sleep 3600\n", { mode: 0o755 });
    bridge = new Bridge({ binary: idle, functionName: "Proto", ...quiet });
    await bridge.start();
  });
  after(async () => {
    await bridge.close();
    const { rmSync } = await import("node:fs");
    rmSync(dir, { recursive: true, force: true });
  });

  function next(): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(`${bridge.runtimeApi}/2018-06-01/runtime/invocation/next`, { headers: { "user-agent": "aws-lambda-rust/1.0.1" } }, (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      });
      req.on("error", reject);
      req.end();
    });
  }

  it("holds /next until an event exists, then sends it with the headers lambda_runtime needs", async () => {
    let answered = false;
    const polled = next().then((r) => {
      answered = true;
      return r;
    });
    await new Promise((r) => setImmediate(r));
    assert.equal(answered, false);
    const outcome = bridge.invoke({ hello: "event" }, "req-1");
    const got = await polled;
    assert.equal(got.status, 200);
    assert.deepEqual(JSON.parse(got.body), { hello: "event" });
    assert.equal(got.headers["lambda-runtime-aws-request-id"], "req-1");
    const deadline = Number(got.headers["lambda-runtime-deadline-ms"]);
    assert.ok(deadline > Date.now() && deadline <= Date.now() + bridge.deadlineMs, String(deadline));
    assert.equal(got.headers["lambda-runtime-invoked-function-arn"], "arn:aws:lambda:us-east-1:000000000000:function:Proto");
    assert.match(String(got.headers["lambda-runtime-trace-id"]), /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Sampled=0$/);
    const post = await rawCall(`${bridge.runtimeApi}/2018-06-01/runtime/invocation/req-1/response`, "POST", '{"statusCode":200}');
    assert.equal(post.status, 202);
    const res = await outcome;
    assert.equal(res.kind, "response");
    assert.equal(res.kind === "response" ? res.payload.toString() : "", '{"statusCode":200}');
    const again = await rawCall(`${bridge.runtimeApi}/2018-06-01/runtime/invocation/req-1/response`, "POST", "{}");
    assert.equal(again.status, 400, "a second answer for the same id is refused");
  });

  it("maps /error to an error outcome and keeps FIFO order across pollers", async () => {
    const a = bridge.invoke({ n: 1 }, "a");
    const b = bridge.invoke({ n: 2 }, "b");
    const first = await next();
    const second = await next();
    assert.equal(first.headers["lambda-runtime-aws-request-id"], "a");
    assert.equal(second.headers["lambda-runtime-aws-request-id"], "b");
    await rawCall(`${bridge.runtimeApi}/2018-06-01/runtime/invocation/b/error`, "POST", '{"errorType":"Boom","errorMessage":"bad"}');
    await rawCall(`${bridge.runtimeApi}/2018-06-01/runtime/invocation/a/response`, "POST", "{}");
    assert.deepEqual(await b, { kind: "error", errorType: "Boom", errorMessage: "bad" });
    assert.equal((await a).kind, "response");
  });
});
