// Pure mapping functions.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  buildQueryString,
  genezioRequestToEvent,
  isTextContentType,
  resultToGenezioResponse,
  stripMethodPrefix,
  v2ToGenezioResponse,
  v2ToPlainResponse,
} from "../../template/base/server/trap/mapping.ts";

describe("mapping", () => {
  it("strips /<Class>/<method> and nothing else", () => {
    assert.equal(stripMethodPrefix("/Svc/handle/a/b", "handle"), "/a/b");
    assert.equal(stripMethodPrefix("/Svc/handle", "handle"), "/");
    assert.equal(stripMethodPrefix("/Svc/handle/", "handle"), "/");
    assert.equal(stripMethodPrefix("/anything/handle/x", "handle"), "/x");
    assert.equal(stripMethodPrefix("/Svc/handler/x", "handle"), "/Svc/handler/x");
    assert.equal(stripMethodPrefix("/greet/bob", "handle"), "/greet/bob");
  });

  it("rebuilds a query string, encoding what needs it", () => {
    assert.equal(buildQueryString({ a: "1", "b c": "x&y=z", u: undefined }), "a=1&b%20c=x%26y%3Dz");
    assert.equal(buildQueryString(undefined), "");
  });

  it("keeps a raw query when the path carries one", () => {
    const ev = genezioRequestToEvent({ headers: {}, http: { method: "get", path: "/S/handle/p?x=1&x=2" } }, "handle", { requestId: "r" });
    assert.equal(ev.rawPath, "/p");
    assert.equal(ev.rawQueryString, "x=1&x=2");
    assert.equal(ev.requestContext.http.method, "GET");
    assert.deepEqual(ev.queryStringParameters, { x: "1,2" });
  });

  it("sends an object body without rawBody as JSON text", () => {
    const ev = genezioRequestToEvent({ headers: {}, http: { method: "POST", path: "/S/handle/j" }, body: { a: [1] } }, "handle", { requestId: "r" });
    assert.equal(ev.body, '{"a":[1]}');
    assert.equal(ev.isBase64Encoded, false);
  });

  it("classifies text content types like Function URLs", () => {
    for (const t of ["text/plain", "application/json", "application/ld+json; charset=utf-8", "application/xml", "application/javascript", "application/x-yaml"]) {
      assert.ok(isTextContentType(t), t);
    }
    for (const t of [undefined, "application/octet-stream", "image/png", "multipart/form-data"]) assert.ok(!isTextContentType(t), String(t));
  });

  it("merges headers, multiValueHeaders and cookies from a v2 answer", () => {
    const res = v2ToGenezioResponse({
      statusCode: 201,
      headers: { "content-type": "text/plain", vary: "a" },
      multiValueHeaders: { vary: ["a", "b"], "Set-Cookie": ["m=1"] },
      body: "ok",
      isBase64Encoded: false,
      cookies: ["c=2"],
    });
    assert.equal(res.statusCode, "201");
    assert.equal(res.headers?.["vary"], "a, b");
    assert.deepEqual(res.cookies, ["m=1", "c=2"]);
    assert.equal(res.headers?.["set-cookie"], undefined);
    const plain = v2ToPlainResponse({ statusCode: 200, headers: { "transfer-encoding": "chunked", a: "1" }, cookies: ["x=1", "y=2"], body: "AAE=", isBase64Encoded: true });
    assert.deepEqual(plain.headers, { a: "1", "set-cookie": ["x=1", "y=2"] });
    assert.deepEqual([...plain.body], [0, 1]);
  });

  it("turns a non-JSON answer into 502 and faults into their status", () => {
    const bad = resultToGenezioResponse({ kind: "response", payload: Buffer.from("not json") });
    assert.equal(bad.statusCode, "502");
    assert.match(String(bad.body), /InvalidResponse/);
    const timeout = resultToGenezioResponse({ kind: "fault", status: 504, errorType: "Timeout", errorMessage: "late" });
    assert.equal(timeout.statusCode, "504");
    assert.deepEqual(JSON.parse(String(timeout.body)), { errorType: "Timeout", errorMessage: "late" });
  });
});
