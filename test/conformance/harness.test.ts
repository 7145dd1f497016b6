// Unit tests of the conformance harness's pure parts (events, summary table, names, layout check).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { join } from "node:path";
import { makeTmp } from "../helpers/tmp.js";
import { binPattern, cloudCronEvent, cloudEvent, functionUrlEvent } from "./lib/events.js";
import { Results, renderTable } from "./lib/summary.js";
import { archesOf, backendLayoutProblem, cellName, classNameOf, hostArch, otherArch } from "./lib/project.js";
import { readOnlyFs } from "./lib/genezio.js";

test("Function URL events carry the /<Class>/handle prefix, the raw query, cookies and base64 bodies", () => {
  const ev = functionUrlEvent("MyApp", {
    name: "x", method: "POST", path: "/echo/a", query: "x=1&y=two", cookies: ["a=1"], body: Buffer.from([0, 255]),
  });
  assert.equal(ev.rawPath, "/MyApp/handle/echo/a");
  assert.equal(ev.requestContext.http.path, "/MyApp/handle/echo/a");
  assert.equal(ev.requestContext.http.method, "POST");
  assert.equal(ev.rawQueryString, "x=1&y=two");
  assert.deepEqual(ev.queryStringParameters, { x: "1", y: "two" });
  assert.deepEqual(ev.cookies, ["a=1"]);
  assert.equal(ev.isBase64Encoded, true);
  assert.equal(ev.body, "AP8=");
  const text = functionUrlEvent("MyApp", { name: "t", method: "GET", path: "/" });
  assert.equal(text.isBase64Encoded, false);
  assert.equal("body" in text, false);
});

test("genezio-cloud events: lower-case headers, cookie header, url with query", () => {
  const ev = cloudEvent("MyApp", { name: "x", method: "GET", path: "/q", query: "a=1", headers: { "X-Thing": "v" }, cookies: ["c=3", "d=4"] });
  assert.equal(ev.http.path, "/MyApp/handle/q");
  assert.equal(new URL(ev.url).searchParams.get("a"), "1");
  assert.equal(ev.headers["x-thing"], "v");
  assert.equal(ev.headers["X-Thing"], undefined);
  assert.equal(ev.headers["cookie"], "c=3; d=4");
  const cron = cloudCronEvent("MyApp", "tick", "*/5 * * * *");
  assert.deepEqual(JSON.parse(cron.body!), { jsonrpc: "2.0", method: "MyApp.tick", params: [], id: 1 });
  assert.equal(cron.headers["Genezio-Event"], "cron");
});

test("binPattern is 0..=255 four times", () => {
  const b = binPattern();
  assert.equal(b.length, 1024);
  assert.equal(b[0], 0);
  assert.equal(b[255], 255);
  assert.equal(b[256], 0);
});

test("the summary table orders rows and columns and lists failures and n/a reasons", () => {
  const r = new Results();
  r.record({ template: "axum", arch: "both", check: "local", outcome: "fail", note: "boom" });
  r.record({ template: "axum", arch: "arm64", check: "scaffold", outcome: "pass" });
  r.record({ template: "axum", arch: "arm64", check: "local", outcome: "n/a", note: "why" });
  r.record({ template: "axum", arch: "both", check: "scaffold", outcome: "pass" });
  r.record({ template: "axum", arch: "both", check: "scaffold", outcome: "fail", note: "replaced" });
  assert.equal(r.rows.length, 4, "a re-recorded check replaces its row");
  const table = renderTable(r.rows, { checks: ["scaffold", "local"], cells: ["axum × arm64", "axum × both"] });
  const lines = table.split("\n");
  assert.match(lines[0]!, /^template × arch \| scaffold \| local$/);
  assert.match(lines[2]!, /^axum × arm64\s+\| pass\s+\| n\/a$/);
  assert.match(lines[3]!, /^axum × both\s+\| fail\s+\| fail$/);
  assert.ok(table.includes("axum × both × local: boom"));
  assert.ok(table.includes("local: why"));
  assert.ok(table.includes("1 passed, 2 failed, 1 not applicable"));
  assert.equal(r.failures.length, 2);
});

test("cell names are valid project names and map to the CLI's class names", () => {
  assert.equal(cellName("lambda-runtime", "x86_64"), "cf-lrt-x64");
  assert.equal(classNameOf("cf-lrt-x64"), "CfLrtX64");
  assert.deepEqual(archesOf("both"), ["arm64", "x86_64"]);
  assert.equal(hostArch("x64"), "x86_64");
  assert.equal(hostArch("ia32"), undefined);
  assert.equal(otherArch("arm64"), "x86_64");
});

test("the layout check wants @genezio/types installed in server/ and refuses a symlinked server/node_modules", (t) => {
  const dir = makeTmp(t);
  fs.mkdirSync(join(dir, "server"));
  fs.mkdirSync(join(dir, "node_modules", "@genezio", "types"), { recursive: true });
  fs.writeFileSync(join(dir, "node_modules", "@genezio", "types", "package.json"), "{}");
  assert.match(backendLayoutProblem(dir) ?? "", /server\/node_modules\/@genezio\/types is missing/);
  fs.symlinkSync(join(dir, "node_modules"), join(dir, "server", "node_modules"));
  assert.match(backendLayoutProblem(dir) ?? "", /is a symlink/);
  fs.unlinkSync(join(dir, "server", "node_modules"));
  fs.mkdirSync(join(dir, "server", "node_modules", "@genezio", "types"), { recursive: true });
  fs.writeFileSync(join(dir, "server", "node_modules", "@genezio", "types", "package.json"), "{}");
  assert.equal(backendLayoutProblem(dir), undefined);
});

test("the YAML parser's filesystem refuses writes", () => {
  const ro = readOnlyFs() as { writeFileSync: () => void; promises: { writeFile: () => void } };
  assert.throws(() => ro.writeFileSync(), /tried to write/);
  assert.throws(() => ro.promises.writeFile(), /tried to write/);
});
