import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { parsePackJson } from "../../bench/p2-footprint.js";
import { CHILD_SOURCE, lambdaEnv } from "../../bench/p3-cold-start.js";
import { makeRequest, nodeHandler, token, tokensIn } from "../../bench/p4-bridge.js";
import { renderService } from "../../bench/lib/modules.js";

test("parsePackJson reads npm pack --json even after lifecycle output", () => {
  const out = '> prepack\nbuilt\n[{"filename":"x-1.0.0.tgz","size":10,"unpackedSize":30,"entryCount":3}]\n';
  const p = parsePackJson(out, "/d");
  assert.deepEqual(p, { tarball: join("/d", "x-1.0.0.tgz"), size: 10, unpackedSize: 30, entryCount: 3 });
  assert.throws(() => parsePackJson("no json here", "/d"), /no JSON/);
});

test("the P3 child stamps its start before importing the module", () => {
  const stamp = CHILD_SOURCE.indexOf("hrtime.bigint()");
  const load = CHILD_SOURCE.indexOf("await import(");
  assert.ok(stamp >= 0 && load > stamp);
  const env = lambdaEnv("127.0.0.1:9");
  assert.equal(env["AWS_LAMBDA_RUNTIME_API"], "127.0.0.1:9");
  assert.match(env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] ?? "", /^\d+$/);
});

test("P4 requests carry their token and the in-process handler echoes it", async () => {
  const tok = token(3, 7);
  const req = makeRequest("Bench", tok);
  assert.equal(req.http.path, "/Bench/handle/echo");
  assert.equal(req.queryStringParameters?.["token"], tok);
  const res = await nodeHandler(req);
  assert.equal(res.statusCode, "200");
  assert.deepEqual(tokensIn(res), [tok]);
});

test("tokensIn finds every distinct token, so a mixed-up answer is caught", () => {
  const body = JSON.stringify({ query: `token=${token(1, 2)}`, body: token(4, 5), again: token(1, 2) });
  assert.deepEqual(tokensIn({ statusCode: "200", body }).sort(), [token(1, 2), token(4, 5)].sort());
  assert.deepEqual(tokensIn({ statusCode: "200", body: Buffer.from("nothing") }), []);
});

test("the bench service module starts the trap the way generated projects do", () => {
  const src = renderService("Bench", 'bridge: { stdio: "ignore" }');
  assert.match(src, /import \{ RustTrap \} from "\.\/trap\/index\.js";/);
  assert.match(src, /RustTrap\.start\(\{ className: "Bench", method: "handle", bridge: \{ stdio: "ignore" \} \}\)/);
  assert.match(src, /return rust\.http\(req\);/);
});
