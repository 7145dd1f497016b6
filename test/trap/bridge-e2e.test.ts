// Bridge mode end to end: a rendered server/service.ts (real template, real renderer,
// stub binary embedded) called through the class's http method, with both Genezio
// request shapes, and every fault of issue 3.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { GenezioHttpResponse } from "../../template/base/server/trap/types.ts";
import { renderServer, stubEmbeddedSource, type Rendered } from "./render.ts";
import { SHAPES, type RequestSpec } from "./requests.ts";

interface Loaded {
  r: Rendered;
  call(spec: RequestSpec, shape?: keyof typeof SHAPES): Promise<GenezioHttpResponse>;
  svc: Record<string, (...a: unknown[]) => Promise<unknown>>;
  close(): Promise<void>;
}

const embeddedSource = stubEmbeddedSource();
const ENV_KEYS = ["GENEZIO_RUST_TMPDIR", "GENEZIO_RUST_TIMEOUT_MS", "AWS_LAMBDA_MAX_CONCURRENCY", "STUB_MODE"] as const;

/** Render + import a fresh copy; `env` is applied to process.env for the bridge and the binary. */
async function load(env: Partial<Record<(typeof ENV_KEYS)[number], string>> = {}, template: "axum" | "lambda-runtime" = "axum"): Promise<Loaded> {
  const r = renderServer({ template, className: "TestSvc", embeddedSource });
  for (const k of ENV_KEYS) delete process.env[k];
  Object.assign(process.env, { GENEZIO_RUST_TMPDIR: r.binDir, ...env });
  const mod = (await import(r.serviceUrl)) as { TestSvc: new () => Loaded["svc"] };
  const trap = (await import(r.trapUrl)) as { RustTrap: { closeAll(): Promise<void> } };
  const svc = new mod.TestSvc();
  return {
    r,
    svc,
    call: (spec, shape = "genezio-aws") => svc["handle"]!(SHAPES[shape]("/TestSvc/handle", spec)) as Promise<GenezioHttpResponse>,
    close: async () => {
      await trap.RustTrap.closeAll();
      r.cleanup();
    },
  };
}

const json = (res: GenezioHttpResponse): Record<string, unknown> => JSON.parse(String(res.body)) as Record<string, unknown>;

for (const shape of Object.keys(SHAPES) as (keyof typeof SHAPES)[]) {
  describe(`bridge through the class's http method (${shape} request shape)`, () => {
    let app: Loaded;
    before(async () => {
      app = await load();
    });
    after(() => app.close());

    it("routes GET /greet/{name} with the /<Class>/<method> prefix removed", async () => {
      const res = await app.call({ path: "/greet/bob" }, shape);
      assert.equal(res.statusCode, "200");
      assert.equal(res.headers?.["content-type"], "application/json");
      assert.deepEqual(json(res), { hello: "bob" });
    });

    it("passes method, raw path, rebuilt query, headers, cookies and a text body", async () => {
      const res = await app.call(
        { method: "POST", path: "/echo/a%20b", query: { x: "1", y: "two words" }, headers: { "content-type": "text/plain", cookie: "a=1; b=2", "x-custom": "v" }, body: "hello" },
        shape,
      );
      assert.equal(res.statusCode, "200");
      const seen = json(res) as { method: string; path: string; query: string; headers: Record<string, string>; body_b64: string };
      assert.equal(seen.method, "POST");
      assert.equal(seen.path, "/echo/a%20b");
      assert.equal(seen.query, "x=1&y=two%20words");
      assert.equal(seen.headers["cookie"], "a=1;b=2");
      assert.equal(seen.headers["x-custom"], "v");
      assert.equal(seen.headers["content-type"], "text/plain");
      assert.equal(Buffer.from(seen.body_b64, "base64").toString(), "hello");
    });

    it("keeps a binary upload byte for byte", async () => {
      const bytes = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7) % 256));
      const res = await app.call({ method: "POST", path: "/echo", headers: { "content-type": "application/octet-stream" }, body: bytes }, shape);
      assert.ok(Buffer.from(String(json(res)["body_b64"]), "base64").equals(bytes));
    });

    it("keeps a JSON body's exact text (rawBody) and the Json extractor gets it", async () => {
      const text = '{ "n": 1,  "s": "x" }';
      const echo = await app.call({ method: "POST", path: "/echo", headers: { "content-type": "application/json" }, body: text }, shape);
      assert.equal(Buffer.from(String(json(echo)["body_b64"]), "base64").toString(), text);
      const res = await app.call({ method: "POST", path: "/json", headers: { "content-type": "application/json" }, body: text }, shape);
      assert.equal(res.statusCode, "200");
      assert.deepEqual(json(res), { received: { n: 1, s: "x" } });
    });

    it("returns a binary answer as a Buffer", async () => {
      const res = await app.call({ path: "/bin" }, shape);
      assert.ok(Buffer.isBuffer(res.body));
      const expected = Buffer.from(Array.from({ length: 1024 }, (_, i) => i % 256));
      assert.ok((res.body as Buffer).equals(expected));
      assert.equal(res.headers?.["content-type"], "application/octet-stream");
    });

    it("returns every Set-Cookie (cookies + multiValueHeaders)", async () => {
      const res = await app.call({ path: "/cookie" }, shape);
      assert.deepEqual(res.cookies, ["a=1", "b=2"]);
      assert.deepEqual(res.multiValueHeaders?.["set-cookie"], ["a=1", "b=2"]);
      assert.equal(res.body, "cookies");
    });

    it("maps status codes (418, 404) as strings", async () => {
      assert.equal((await app.call({ path: "/status/418" }, shape)).statusCode, "418");
      const missing = await app.call({ path: "/missing" }, shape);
      assert.equal(missing.statusCode, "404");
      assert.equal(missing.body, "");
    });

    it("turns an /error post (handler panic) into 502 JSON", async () => {
      const res = await app.call({ path: "/panic" }, shape);
      assert.equal(res.statusCode, "502");
      const body = json(res) as { errorType: string; errorMessage: string };
      assert.match(body.errorMessage, /^Lambda panicked: the \/panic route panicked/);
      assert.equal(typeof body.errorType, "string");
    });
  });
}

describe("bridge faults", () => {
  it("queues concurrent requests in order: none lost, none answered twice", async () => {
    const app = await load();
    try {
      const slow = app.call({ path: "/slow", query: { ms: "200" } });
      const seqs = Array.from({ length: 20 }, () => app.call({ path: "/seq" }));
      const greets = Array.from({ length: 30 }, (_, i) => app.call({ path: `/greet/n${i}` }));
      assert.equal((await slow).body, "slept 200");
      assert.deepEqual(
        (await Promise.all(seqs)).map((r) => r.body),
        Array.from({ length: 20 }, (_, i) => String(i + 1)),
      );
      const names = (await Promise.all(greets)).map((r) => json(r)["hello"]);
      assert.deepEqual(names, Array.from({ length: 30 }, (_, i) => `n${i}`));
    } finally {
      await app.close();
    }
  });

  it("serves in parallel when the binary polls /next from several workers", async () => {
    const app = await load({ AWS_LAMBDA_MAX_CONCURRENCY: "4" });
    try {
      const all = await Promise.all(Array.from({ length: 4 }, () => app.call({ path: "/barrier", query: { n: "4", ms: "10000" } })));
      assert.deepEqual(
        all.map((r) => r.body),
        ["reached", "reached", "reached", "reached"],
      );
    } finally {
      await app.close();
    }
  });

  it("answers 504 past the deadline, restarts the binary, and the next request works", async () => {
    const app = await load({ GENEZIO_RUST_TIMEOUT_MS: "400" });
    try {
      const pid1 = (await app.call({ path: "/pid" })).body;
      const hung = await app.call({ path: "/hang" });
      assert.equal(hung.statusCode, "504");
      assert.match(String(json(hung)["errorMessage"]), /GENEZIO_RUST_TIMEOUT_MS/);
      const pid2 = await app.call({ path: "/pid" });
      assert.equal(pid2.statusCode, "200");
      assert.notEqual(pid2.body, pid1);
    } finally {
      await app.close();
    }
  });

  it("answers 502 when the binary crashes, restarts it, and the next request works", async () => {
    const app = await load();
    try {
      const pid1 = (await app.call({ path: "/pid" })).body;
      const crashed = await app.call({ path: "/crash" });
      assert.equal(crashed.statusCode, "502");
      assert.equal(json(crashed)["errorType"], "BinaryCrashed");
      const after = await app.call({ path: "/greet/again" });
      assert.deepEqual(json(after), { hello: "again" });
      assert.notEqual((await app.call({ path: "/pid" })).body, pid1);
    } finally {
      await app.close();
    }
  });

  it("answers 413 to a request over 6 MB and 502 to an answer over 6 MB", async () => {
    const app = await load();
    try {
      const big = await app.call({ method: "POST", path: "/echo", headers: { "content-type": "application/octet-stream" }, body: Buffer.alloc(6 * 1024 * 1024) });
      assert.equal(big.statusCode, "413");
      const huge = await app.call({ path: "/big", query: { bytes: String(6 * 1024 * 1024 + 1) } });
      assert.equal(huge.statusCode, "502");
      assert.equal(json(huge)["errorType"], "ResponseTooLarge");
      const fine = await app.call({ path: "/big", query: { bytes: "100000" } });
      assert.equal(fine.statusCode, "200");
      assert.equal(String(fine.body).length, 100000);
    } finally {
      await app.close();
    }
  });
});

describe("lambda-runtime template through the bridge", () => {
  it("serves http and delivers Genezio's cron event to the tick method", async () => {
    const app = await load({ STUB_MODE: "lambda_runtime" }, "lambda-runtime");
    try {
      const res = await app.call({ path: "/greet/cron" });
      assert.deepEqual(json(res), { hello: "cron" });
      assert.equal(await app.svc["tick"]!(), undefined);
    } finally {
      await app.close();
    }
  });

  it("an axum binary rejects the cron event: tick throws with the runtime's error", async () => {
    const app = await load({}, "lambda-runtime");
    try {
      await assert.rejects(() => app.svc["tick"]!(), /DeserializeError/);
    } finally {
      await app.close();
    }
  });
});
