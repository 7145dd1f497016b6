// Takeover mode with a plain Node process importing the rendered class module: the
// binary execs at module load, takes every /next, and the process exits with its code.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { hostArch } from "../../template/base/server/trap/loader.ts";
import { FakeAws } from "../helpers/fake-aws.ts";
import { renderServer, stubEmbeddedSource, type Rendered } from "./render.ts";

function functionUrlEvent(path: string, method = "GET"): Record<string, unknown> {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers: { host: "abc.lambda-url.us-east-1.on.aws" },
    requestContext: { http: { method, path, protocol: "HTTP/1.1", sourceIp: "1.2.3.4", userAgent: "t" }, stage: "$default" },
    isBase64Encoded: false,
  };
}

function startNode(r: Rendered, env: Record<string, string>): { exit: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const entry = join(r.serverDir, "entry.ts");
  writeFileSync(entry, `import { TestSvc } from "./service.js";\nconsole.log("module loaded", typeof TestSvc);\n`);
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: r.serverDir,
    env: { PATH: process.env["PATH"], GENEZIO_RUST_TMPDIR: r.binDir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return { exit: new Promise((res) => child.on("exit", (code) => res({ code, stdout, stderr }))) };
}

const lambdaEnv = (api: string): Record<string, string> => ({
  AWS_LAMBDA_RUNTIME_API: api,
  AWS_LAMBDA_FUNCTION_NAME: "test",
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "256",
  AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
});

describe("takeover (plain Node importing the class module)", () => {
  let r: Rendered;
  before(() => {
    r = renderServer({ template: "axum", className: "TestSvc", embeddedSource: stubEmbeddedSource() });
  });
  after(() => r.cleanup());

  it("runs the binary at module load; it takes every /next and strips /<Class>/<method>", async () => {
    const aws = await new FakeAws().start();
    const proc = startNode(r, lambdaEnv(aws.runtimeApi));
    try {
      const greet = await aws.invoke(functionUrlEvent("/TestSvc/handle/greet/bob"));
      assert.equal(greet.kind, "response");
      const body = JSON.parse(greet.body.toString()) as { statusCode: number; body: string };
      assert.equal(body.statusCode, 200);
      assert.deepEqual(JSON.parse(body.body), { hello: "bob" });
      const echo = await aws.invoke(functionUrlEvent("/TestSvc/handle/echo/x"));
      assert.equal(JSON.parse(JSON.parse(echo.body.toString()).body).path, "/echo/x");
    } finally {
      await aws.close();
    }
    const { code, stdout } = await proc.exit;
    // the binary exits 1 when the Runtime API goes away; Node exits with that code
    assert.equal(code, 1);
    assert.ok(!stdout.includes("module loaded"), "the module load never completed: the binary had the process");
    assert.ok(aws.nextRequests.length >= 2);
    for (const req of aws.requests) assert.match(req.userAgent ?? "", /^aws-lambda-rust\//, `${req.method} ${req.url}`);
  });

  it("with a sidecar beside the trap (what `npm run embed` writes), it runs that file: nothing is written to the tmp dir", async () => {
    const withSidecar = renderServer({ template: "axum", className: "TestSvc", sidecar: true });
    const aws = await new FakeAws().start();
    try {
      const proc = startNode(withSidecar, { ...lambdaEnv(aws.runtimeApi), GENEZIO_RUST_DEBUG: "1" });
      const greet = await aws.invoke(functionUrlEvent("/TestSvc/handle/greet/side"));
      assert.deepEqual(JSON.parse((JSON.parse(greet.body.toString()) as { body: string }).body), { hello: "side" });
      await aws.close();
      const { code, stderr } = await proc.exit;
      assert.equal(code, 1);
      const bin = join(withSidecar.serverDir, "trap", "bin");
      assert.match(stderr, new RegExp(`trap: using sidecar ${bin}/rust-${hostArch()}-[0-9a-f]{16}\\n`));
      assert.deepEqual(readdirSync(withSidecar.binDir), [], "no copy in GENEZIO_RUST_TMPDIR");
      for (const req of aws.requests) assert.match(req.userAgent ?? "", /^aws-lambda-rust\//);
    } finally {
      await aws.close();
      withSidecar.cleanup();
    }
  });

  it("exits with the binary's own exit code (GENEZIO_RUST_MODE=takeover without a Runtime API: the binary panics, 101)", async () => {
    const { code, stderr } = await startNode(r, { GENEZIO_RUST_MODE: "takeover" }).exit;
    assert.equal(code, 101);
    assert.match(stderr, /Missing AWS_LAMBDA_RUNTIME_API env var/);
  });

  it("GENEZIO_RUST_MODE=bridge keeps Node in charge even on Lambda", async () => {
    const aws = await new FakeAws().start();
    try {
      const { code, stdout } = await startNode(r, { ...lambdaEnv(aws.runtimeApi), GENEZIO_RUST_MODE: "bridge" }).exit;
      assert.equal(code, 0);
      assert.match(stdout, /module loaded function/);
      assert.equal(aws.requests.length, 0);
    } finally {
      await aws.close();
    }
  });

  it("an invalid GENEZIO_RUST_MODE fails the module load with the valid values", async () => {
    const { code, stderr } = await startNode(r, { GENEZIO_RUST_MODE: "fast" }).exit;
    assert.notEqual(code, 0);
    assert.match(stderr, /GENEZIO_RUST_MODE must be auto, takeover or bridge/);
  });

  it("nothing embedded yet: the module load fails naming npm run build && npm run embed", async () => {
    const empty = renderServer({ template: "axum", className: "TestSvc" });
    try {
      const { code, stderr } = await startNode(empty, lambdaEnv("127.0.0.1:9")).exit;
      assert.notEqual(code, 0);
      assert.match(stderr, /no Rust binary is embedded yet.*npm run build && npm run embed/);
    } finally {
      empty.cleanup();
    }
  });
});
