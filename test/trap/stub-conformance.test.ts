// The std-only stub must answer exactly like the real axum + lambda_http binary recorded
// in /work/shared/samples/lambda-http-exchanges.json (copied to test/fixtures/lambda-stub), and speak
// the Runtime API like lambda_runtime 1.x.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { FakeAws } from "../helpers/fake-aws.ts";
import { stubBinary } from "../helpers/stub.ts";

const here = dirname(fileURLToPath(import.meta.url));
const samples = JSON.parse(readFileSync(join(here, "../fixtures/lambda-stub/lambda-http-exchanges.json"), "utf8")) as {
  exchanges: Array<{
    case: string;
    event: unknown;
    posted_to: "response" | "error";
    posted_headers: Record<string, string>;
    posted_body: Record<string, unknown>;
  }>;
};

const TRUNCATED = "\u2026(truncated)";

function lambdaEnv(runtimeApi: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env["PATH"],
    AWS_LAMBDA_RUNTIME_API: runtimeApi,
    AWS_LAMBDA_FUNCTION_NAME: "stub",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "128",
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    ...extra,
  };
}

function run(env: NodeJS.ProcessEnv): { child: ChildProcess; exit: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(stubBinary(), [], { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const exit = new Promise<{ code: number | null; stderr: string }>((r) => child.on("exit", (code) => r({ code, stderr })));
  return { child, exit };
}

/** Compare a posted value with the sample, field by field; strings marked truncated compare by prefix. */
function assertMatches(actual: unknown, expected: unknown, where: string): void {
  if (typeof expected === "string" && expected.endsWith(TRUNCATED)) {
    assert.equal(typeof actual, "string", where);
    assert.ok((actual as string).startsWith(expected.slice(0, -TRUNCATED.length)), `${where}: prefix differs`);
    return;
  }
  if (expected !== null && typeof expected === "object" && !Array.isArray(expected)) {
    assert.ok(actual !== null && typeof actual === "object", `${where}: not an object`);
    assert.deepEqual(Object.keys(actual as object), Object.keys(expected), `${where}: keys differ`);
    for (const k of Object.keys(expected)) {
      assertMatches((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${where}.${k}`);
    }
    return;
  }
  assert.deepEqual(actual, expected, where);
}

describe("lambda stub vs recorded lambda_http exchanges", () => {
  const aws = new FakeAws();
  let proc: ReturnType<typeof run>;
  before(async () => {
    await aws.start();
    proc = run(lambdaEnv(aws.runtimeApi));
  });
  after(async () => {
    proc.child.kill("SIGKILL");
    await proc.exit;
    await aws.close();
  });

  for (const ex of samples.exchanges) {
    it(`replays: ${ex.case}`, async () => {
      const out = await aws.invoke(ex.event);
      assert.equal(out.kind, ex.posted_to);
      const body = JSON.parse(out.body.toString("utf8")) as unknown;
      assertMatches(body, ex.posted_body, "posted_body");
      for (const [k, v] of Object.entries(ex.posted_headers)) {
        if (k === "content-length" && JSON.stringify(ex.posted_body).includes(TRUNCATED)) continue;
        assert.equal(out.headers[k], v, `posted header ${k}`);
      }
      assert.equal(out.headers["content-type"], undefined, "lambda_runtime posts without Content-Type");
    });
  }

  it("polls /next only with the aws-lambda-rust User-Agent", () => {
    assert.ok(aws.nextRequests.length >= samples.exchanges.length);
    for (const r of aws.requests) assert.match(r.userAgent ?? "", /^aws-lambda-rust\/\d/);
  });
});

describe("lambda stub runtime behaviour (like lambda_runtime 1.x)", () => {
  for (const missing of ["AWS_LAMBDA_RUNTIME_API", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION"]) {
    it(`panics without ${missing}`, async () => {
      const { exit } = run(lambdaEnv("127.0.0.1:9", { [missing]: undefined }));
      const { code, stderr } = await exit;
      assert.equal(code, 101);
      assert.match(stderr, new RegExp(`Missing ${missing} env var`));
    });
  }

  it("panics when the memory size does not parse", async () => {
    const { code, stderr } = await run(lambdaEnv("127.0.0.1:9", { AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "lots" })).exit;
    assert.equal(code, 101);
    assert.match(stderr, /AWS_LAMBDA_FUNCTION_MEMORY_SIZE env var is not <i32>/);
  });

  it("rejects a scheme-less endpoint with a path, as http::Uri does", async () => {
    const { code, stderr } = await run(lambdaEnv("127.0.0.1:9/secret")).exit;
    assert.equal(code, 101);
    assert.match(stderr, /Unable to convert to URL/);
  });

  for (const header of ["lambda-runtime-deadline-ms", "lambda-runtime-aws-request-id"]) {
    it(`panics and posts nothing when /next lacks ${header}`, async () => {
      const aws = await new FakeAws().start();
      const p = run(lambdaEnv(aws.runtimeApi));
      void aws.invoke({ hello: 1 }, { omitHeaders: [header] });
      const { code, stderr } = await p.exit;
      await aws.close();
      assert.equal(code, 101);
      assert.match(stderr, /missing (request id|deadline) header/);
      assert.equal(aws.requests.filter((r) => r.method === "POST").length, 0);
    });
  }

  it("exits when the Runtime API goes away", async () => {
    const aws = await new FakeAws().start();
    const p = run(lambdaEnv(aws.runtimeApi));
    await aws.firstNext();
    await aws.close();
    const { code } = await p.exit;
    assert.equal(code, 1);
  });

  it("reports a handler panic on /error as lambda_runtime does and keeps serving", async () => {
    const aws = await new FakeAws().start();
    const p = run(lambdaEnv(aws.runtimeApi));
    try {
      const ev = (path: string) => ({ version: "2.0", rawPath: path, rawQueryString: "", headers: {}, requestContext: { http: { method: "GET", path } }, isBase64Encoded: false });
      const bad = await aws.invoke(ev("/panic"));
      assert.equal(bad.kind, "error");
      assert.equal(bad.headers["lambda-runtime-function-error-type"], "unhandled");
      assert.match(JSON.parse(bad.body.toString()).errorMessage, /^Lambda panicked: /);
      const good = await aws.invoke(ev("/greet/bob"));
      assert.equal(good.kind, "response");
      assert.equal(JSON.parse(JSON.parse(good.body.toString()).body).hello, "bob");
    } finally {
      p.child.kill("SIGKILL");
      await p.exit;
      await aws.close();
    }
  });

  it("strips GENEZIO_RUST_PATH_PREFIX and accepts cron events in lambda_runtime mode", async () => {
    const aws = await new FakeAws().start();
    const p = run(lambdaEnv(aws.runtimeApi, { GENEZIO_RUST_PATH_PREFIX: "/Svc/handle", STUB_MODE: "lambda_runtime" }));
    try {
      const path = "/Svc/handle/greet/ann";
      const res = await aws.invoke({ version: "2.0", rawPath: path, rawQueryString: "", headers: {}, requestContext: { http: { method: "GET", path } }, isBase64Encoded: false });
      assert.equal(JSON.parse(JSON.parse(res.body.toString()).body).hello, "ann");
      const cron = await aws.invoke({ genezioEventType: "cron", methodName: "tick", cronString: "* * * * *" });
      assert.equal(cron.kind, "response");
      assert.deepEqual(JSON.parse(cron.body.toString()), { ok: true, event: "cron", methodName: "tick", cronString: "* * * * *" });
    } finally {
      p.child.kill("SIGKILL");
      await p.exit;
      await aws.close();
    }
  });
});
