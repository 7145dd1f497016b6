/**
 * Conformance (issue 5): every template × --arch, scaffolded with the packed CLI and run
 * through Genezio's own CLI (yaml parser, bundleClass, local) and AWS's own runtime client.
 * Prints a summary table at the end (also written to .cache/conformance/summary.txt).
 *
 *   npm run test:conformance
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { FakeAws } from "../helpers/fake-aws.js";
import { ensurePeers, repoRoot, type Peers } from "../helpers/peers.js";
import { staticStub, writeFakeElf } from "./lib/binaries.js";
import { awsCronEvent, binPattern, cloudCronEvent, cloudEvent, functionUrlEvent, type HttpCase } from "./lib/events.js";
import { bundleClass, parseGenezioYaml, startLocal } from "./lib/genezio.js";
import { cleanEnv, freePort, run } from "./lib/proc.js";
import {
  ARCH_CHOICES,
  TEMPLATES,
  archesOf,
  backendLayoutProblem,
  cellName,
  classNameOf,
  embed,
  embeddedRecords,
  hostArch,
  installDeps,
  installNested,
  reinstallKeepsModules,
  otherArch,
  packCli,
  scaffold,
  type Arch,
  type ArchChoice,
  type Template,
} from "./lib/project.js";
import { unlessExited, withRic } from "./lib/ric.js";
import { Results, renderTable } from "./lib/summary.js";

const STEP_LIMIT = 10 * 60_000; // safety net per check, never an assertion
const CRON = "*/5 * * * *";

const results = new Results();
/** Table columns, in the order the checks run. */
const CHECKS = [
  "scaffold", "install", "yaml", "layout", "reinstall", "embed", "bundle:aws", "bundle:runtime",
  "aws:takeover", "aws:cron", "runtime:handler", "runtime:cron", "local", "wrong-arch",
] as const;

interface Setup {
  peers: Peers;
  bin: string;
  stub: string;
  host: Arch;
  fakeForeign: string;
  work: string;
  home: string;
}
let setup: Setup | undefined;
let setupError: string | undefined;
const work = fs.realpathSync(fs.mkdtempSync(join(os.tmpdir(), "cgr-conformance-")));

before(async () => {
  try {
    const host = hostArch();
    if (!host) throw new Error(`this machine's CPU (${process.arch}) is neither arm64 nor x64: Lambda has no such arch`);
    const home = join(work, "home");
    fs.mkdirSync(home);
    const [peers, bin, stub] = await Promise.all([ensurePeers(), packCli(work), staticStub()]);
    setup = { peers, bin, stub, host, fakeForeign: writeFakeElf(work, otherArch(host)), work, home };
  } catch (e) {
    setupError = (e as Error).message;
  }
});

after(() => {
  const table = renderTable(results.rows, {
    checks: CHECKS,
    cells: TEMPLATES.flatMap((t) => ARCH_CHOICES.map((a) => `${t} × ${a}`)),
  });
  const dir = join(repoRoot, ".cache", "conformance");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(join(dir, "summary.txt"), table);
  process.stdout.write(`\nConformance summary (template × arch × check):\n${table}`);
  fs.rmSync(work, { recursive: true, force: true });
});

interface Cell {
  template: Template;
  arch: ArchChoice;
  name: string;
  className: string;
  passed: Set<string>;
  dir: string;
  tmp: string;
  awsDir: string;
  runtimeDir: string;
  /** makes the stub behave like this template's binary */
  stubEnv: Record<string, string>;
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  return lines.slice(0, 3).join(" / ").slice(0, 400);
}

/** One check = one node:test test + one table entry. A check whose prerequisites failed fails too. */
function check(cell: Cell, name: string, needs: readonly string[], fn: (s: Setup) => Promise<void>): void {
  test(name, { timeout: STEP_LIMIT }, async () => {
    const rec = (outcome: "pass" | "fail", note?: string): void =>
      results.record({ template: cell.template, arch: cell.arch, check: name, outcome, ...(note ? { note } : {}) });
    if (!setup) {
      rec("fail", `not run: setup failed: ${firstLine(setupError)}`);
      assert.fail(`setup failed: ${setupError}`);
    }
    const missing = needs.filter((n) => !cell.passed.has(n));
    if (missing.length > 0) {
      rec("fail", `not run: ${missing.join(", ")} failed`);
      assert.fail(`not run because ${missing.join(", ")} failed`);
    }
    try {
      await fn(setup);
    } catch (e) {
      rec("fail", firstLine(e));
      throw e;
    }
    cell.passed.add(name);
    rec("pass");
  });
}

function notApplicable(cell: Cell, name: string, why: string): void {
  results.record({ template: cell.template, arch: cell.arch, check: name, outcome: "n/a", note: why });
}

/** Variables for everything a cell runs: private HOME/TMPDIR, the trap's binary folder, the stub's mode. */
function runEnv(s: Setup, cell: Cell): Record<string, string> {
  return { HOME: s.home, TMPDIR: cell.tmp, GENEZIO_RUST_TMPDIR: cell.tmp, ...cell.stubEnv };
}

function genezioEnv(s: Setup, cell: Cell): NodeJS.ProcessEnv {
  return cleanEnv(runEnv(s, cell));
}

/** The HTTP cases both runtimes are checked with (paths under /<Class>/handle). */
const JSON_BODY = '{"name":"bob","tags":["a","b"],"n":3}';
const BINARY_BODY = Buffer.from([0, 1, 2, 250, 255, 13, 10, 0, 128]);
const CASES = {
  root: { name: "GET /", method: "GET", path: "/" },
  greet: { name: "GET /greet/bob", method: "GET", path: "/greet/bob" },
  json: { name: "POST /json", method: "POST", path: "/json", headers: { "content-type": "application/json" }, body: JSON_BODY },
  binary: { name: "POST /echo binary", method: "POST", path: "/echo/bin", headers: { "content-type": "application/octet-stream" }, body: BINARY_BODY },
  query: { name: "GET /echo?x=1&y=two + cookies", method: "GET", path: "/echo/q", query: "x=1&y=two", cookies: ["c=3", "d=4"] },
  bin: { name: "GET /bin", method: "GET", path: "/bin" },
  cookie: { name: "GET /cookie", method: "GET", path: "/cookie" },
  teapot: { name: "GET /status/418", method: "GET", path: "/status/418" },
  missing: { name: "GET /nope", method: "GET", path: "/nope" },
} satisfies Record<string, HttpCase>;

interface V2Answer {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  cookies?: string[];
}

function v2Bytes(a: { body?: unknown; isBase64Encoded?: boolean }): Buffer {
  const body = a.body;
  if (body && typeof body === "object" && "base64" in body) return Buffer.from(String((body as { base64: string }).base64), "base64");
  const text = typeof body === "string" ? body : "";
  return a.isBase64Encoded ? Buffer.from(text, "base64") : Buffer.from(text, "utf8");
}

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === name) return String(v);
  return undefined;
}

interface Echo {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body_b64: string;
}

for (const template of TEMPLATES) {
  for (const arch of ARCH_CHOICES) {
    const name = cellName(template, arch);
    const cell: Cell = {
      template,
      arch,
      name,
      className: classNameOf(name),
      passed: new Set(),
      dir: join(work, "projects", name),
      tmp: join(work, "tmp", name),
      awsDir: join(work, "bundles", name, "aws"),
      runtimeDir: join(work, "bundles", name, "runtime"),
      stubEnv: template === "lambda-runtime" ? { STUB_MODE: "lambda_runtime" } : {},
    };

    describe(`${template} × ${arch}`, () => {
      check(cell, "scaffold", [], async (s) => {
        fs.mkdirSync(join(work, "projects"), { recursive: true });
        fs.mkdirSync(cell.tmp, { recursive: true });
        const dir = await scaffold(s.bin, join(work, "projects"), name, template, arch);
        assert.equal(dir, cell.dir);
        const pkg = JSON.parse(fs.readFileSync(join(dir, "package.json"), "utf8")) as { genezioRust?: { arch?: string[]; className?: string } };
        assert.deepEqual(pkg.genezioRust?.arch, archesOf(arch), "package.json genezioRust.arch");
        assert.equal(pkg.genezioRust?.className, cell.className);
        const service = fs.readFileSync(join(dir, "server", "service.ts"), "utf8");
        assert.match(service, new RegExp(`export class ${cell.className}\\b`));
        assert.ok(fs.existsSync(join(dir, "genezio.yaml")), "genezio.yaml written");
      });

      check(cell, "install", ["scaffold"], async () => {
        await installDeps(cell.dir);
        const types = ["server/node_modules", "node_modules"].some((nm) => fs.existsSync(join(cell.dir, nm, "@genezio", "types", "package.json")));
        assert.ok(types, "@genezio/types installed (server/node_modules or node_modules)");
        assert.ok(fs.existsSync(join(cell.dir, "server", "trap", "embedded.ts")), "server/trap/embedded.ts present after install");
      });

      check(cell, "yaml", ["scaffold"], async (s) => {
        const file = join(cell.dir, "genezio.yaml");
        const before = fs.readFileSync(file, "utf8");
        const cfg = await parseGenezioYaml(s.peers, file);
        assert.equal(fs.readFileSync(file, "utf8"), before, "the parser left genezio.yaml as it was");
        assert.equal(cfg.name, name);
        assert.equal(cfg.yamlVersion, 2);
        assert.equal(cfg.backend?.path, "server");
        assert.equal(cfg.backend?.language.name, "ts");
        assert.equal(cfg.backend?.language.runtime, "nodejs20.x");
        assert.equal(cfg.backend?.language.architecture, arch === "both" ? undefined : arch, "backend.language.architecture");
        const cls = cfg.backend?.classes?.find((c) => c.path === "./service.ts");
        assert.ok(cls, "class ./service.ts listed");
        assert.ok(cls.methods?.some((m) => m.name === "handle" && m.type === "http"), "method handle (http)");
        if (template === "lambda-runtime") {
          assert.ok(cls.methods?.some((m) => m.name === "tick" && m.type === "cron" && m.cronString === CRON), "cron method tick");
        }
      });

      check(cell, "layout", ["install"], async () => {
        const problem = backendLayoutProblem(cell.dir);
        if (problem) {
          // the checks after this one run with the documented fix, so they still say something
          await installNested(cell.dir);
          assert.fail(`${problem}; the following checks ran after adding it`);
        }
      });

      check(cell, "reinstall", ["install"], async () => {
        await reinstallKeepsModules(cell.dir);
      });

      check(cell, "embed", ["install"], async (s) => {
        const bins: Partial<Record<Arch, string>> = { [s.host]: s.stub };
        if (arch === "both") bins[otherArch(s.host)] = s.fakeForeign;
        await embed(cell.dir, bins);
        const records = embeddedRecords(cell.dir);
        assert.deepEqual([...records.keys()].sort(), Object.keys(bins).sort(), "arches in server/trap/embedded.ts");
        assert.equal(records.get(s.host)?.sha256, sha256File(s.stub), "the host record names the stub's sha256");
      });

      check(cell, "bundle:aws", ["embed"], async (s) => {
        const dir = await bundleClass(s.peers, cell.dir, cell.className, "aws", cell.awsDir, genezioEnv(s, cell));
        assertBundle(dir, cell, s.host);
      });

      check(cell, "bundle:runtime", ["embed"], async (s) => {
        const dir = await bundleClass(s.peers, cell.dir, cell.className, "runtime", cell.runtimeDir, genezioEnv(s, cell));
        assertBundle(dir, cell, s.host);
      });

      check(cell, "aws:takeover", ["bundle:aws"], async (s) => {
        const taskRoot = join(cell.awsDir, "unzipped");
        await withRic(s.peers, taskRoot, { ...runEnv(s, cell), GENEZIO_RUST_DEBUG: "1" }, async ({ aws, proc }) => {
          const send = async (c: HttpCase, i: number): Promise<V2Answer> => {
            const o = await unlessExited(proc, aws.invoke(functionUrlEvent(cell.className, c, `req-${i}`)), c.name);
            assert.equal(o.kind, "response", `${c.name}: posted to /${o.kind}: ${o.body.toString()}`);
            return JSON.parse(o.body.toString()) as V2Answer;
          };
          const root = await send(CASES.root, 1);
          assert.equal(root.statusCode, 200);
          assert.deepEqual(JSON.parse(root.body ?? ""), { msg: "Hello rust!" });
          const greet = await send(CASES.greet, 2);
          assert.deepEqual(JSON.parse(greet.body ?? ""), { hello: "bob" }, "the /<Class>/handle prefix was stripped");
          const json = await send(CASES.json, 3);
          assert.equal(json.statusCode, 200);
          assert.deepEqual(JSON.parse(json.body ?? ""), { received: JSON.parse(JSON_BODY) });
          const binary = await send(CASES.binary, 4);
          assert.equal((JSON.parse(binary.body ?? "") as Echo).body_b64, BINARY_BODY.toString("base64"), "binary request body");
          const q = JSON.parse((await send(CASES.query, 5)).body ?? "") as Echo;
          assert.equal(q.path, "/echo/q");
          assert.equal(q.query, "x=1&y=two");
          assert.equal(q.headers["cookie"], "c=3;d=4");
          const bin = await send(CASES.bin, 6);
          assert.equal(bin.isBase64Encoded, true);
          assert.equal(header(bin.headers, "content-type"), "application/octet-stream");
          assert.deepEqual(v2Bytes(bin), binPattern());
          const cookie = await send(CASES.cookie, 7);
          assert.deepEqual(cookie.cookies, ["a=1", "b=2"]);
          assert.equal((await send(CASES.teapot, 8)).statusCode, 418);
          assert.equal((await send(CASES.missing, 9)).statusCode, 404);
          await unlessExited(proc, nextPolls(aws, 10), "the poll after the last answer");
          assertTakeover(aws.requests, 9);
          const used = /\[genezio-rust\] trap: using (\S+) (.+)$/m.exec(proc.output);
          assert.ok(used, `the trap reported which copy it ran (GENEZIO_RUST_DEBUG=1); output:\n${proc.output.slice(-1500)}`);
          const ran = resolve(taskRoot, used[2]!.trim());
          assert.equal(sha256File(ran), sha256File(s.stub), `the file the trap ran (${used[1]} ${ran}) is the stub, byte for byte`);
        });
      });

      if (template === "lambda-runtime") {
        check(cell, "aws:cron", ["bundle:aws"], async (s) => {
          const taskRoot = join(cell.awsDir, "unzipped");
          await withRic(s.peers, taskRoot, runEnv(s, cell), async ({ aws, proc }) => {
            const o = await unlessExited(proc, aws.invoke(awsCronEvent("tick", CRON)), "the cron event");
            assert.equal(o.kind, "response", o.body.toString());
            const ack = JSON.parse(o.body.toString()) as Record<string, unknown>;
            assert.deepEqual(
              { ok: ack["ok"], event: ack["event"], methodName: ack["methodName"], cronString: ack["cronString"] },
              { ok: true, event: "cron", methodName: "tick", cronString: CRON },
            );
            await unlessExited(proc, nextPolls(aws, 2), "the poll after the cron answer");
            assertTakeover(aws.requests, 1);
          });
        });
      } else {
        notApplicable(cell, "aws:cron", "the axum template has no cron method");
      }

      check(cell, "runtime:handler", ["bundle:runtime"], async (s) => {
        const cases = [CASES.greet, CASES.json, CASES.binary, CASES.query, CASES.bin, CASES.cookie, CASES.teapot];
        const events = [
          cloudEvent(cell.className, { name: "OPTIONS", method: "OPTIONS", path: "/greet/bob", headers: { origin: "https://example.com" } }),
          ...cases.map((c) => cloudEvent(cell.className, c)),
        ];
        const [options, greet, json, binary, query, bin, cookie, teapot] = await runCloudHandler(s, cell, events);
        assert.equal(String(options!.statusCode), "200", "OPTIONS answered by the wrapper");
        assert.equal(header(options!.headers, "access-control-allow-origin"), "*");
        assert.equal(header(options!.headers, "access-control-allow-methods"), "*");

        assert.equal(String(greet!.statusCode), "200");
        assert.equal(header(greet!.headers, "content-type"), "application/json");
        assert.deepEqual(JSON.parse(v2Bytes(greet!).toString()), { hello: "bob" });

        assert.equal(String(json!.statusCode), "200");
        assert.deepEqual(JSON.parse(v2Bytes(json!).toString()), { received: JSON.parse(JSON_BODY) });

        const echoed = JSON.parse(v2Bytes(binary!).toString()) as Echo;
        assert.equal(echoed.method, "POST");
        assert.equal(echoed.body_b64, BINARY_BODY.toString("base64"), "binary request body, byte for byte");

        const q = JSON.parse(v2Bytes(query!).toString()) as Echo;
        assert.equal(q.path, "/echo/q");
        assert.deepEqual(Object.fromEntries(new URLSearchParams(q.query)), { x: "1", y: "two" });
        assert.deepEqual(q.headers["cookie"]?.split(/;\s*/).sort(), ["c=3", "d=4"]);

        assert.equal(bin!.isBase64Encoded, true, "binary answer flagged isBase64Encoded");
        assert.deepEqual(v2Bytes(bin!), binPattern(), "binary answer bytes");

        const setCookies = (cookie!["cookies"] as string[] | undefined) ?? [];
        assert.deepEqual([...setCookies].sort(), ["a=1", "b=2"], "Set-Cookie values");

        assert.equal(String(teapot!.statusCode), "418");
      });

      if (template === "lambda-runtime") {
        check(cell, "runtime:cron", ["bundle:runtime"], async (s) => {
          const [r] = await runCloudHandler(s, cell, [cloudCronEvent(cell.className, "tick", CRON)]);
          assert.equal(String(r!.statusCode), "200", JSON.stringify(r));
          const rpc = JSON.parse(v2Bytes(r!).toString()) as { error: unknown; id: number };
          assert.equal(rpc.error, null, "JSON-RPC error");
          assert.equal(rpc.id, 1);
        });
      } else {
        notApplicable(cell, "runtime:cron", "the axum template has no cron method");
      }

      check(cell, "local", ["embed"], async (s) => {
        const port = await freePort();
        const proc = await startLocal(s.peers, cell.dir, port, genezioEnv(s, cell));
        try {
          const base = `http://127.0.0.1:${port}/${cell.className}/handle`;
          const greet = await firstLocalAnswer(`${base}/greet/bob`);
          assert.equal(greet.status, 200, await greet.clone().text());
          assert.deepEqual(await greet.json(), { hello: "bob" });
          const json = await fetch(`${base}/json`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON_BODY });
          assert.equal(json.status, 200);
          assert.deepEqual(await json.json(), { received: JSON.parse(JSON_BODY) });
          const bin = await fetch(`${base}/bin`);
          assert.deepEqual(Buffer.from(await bin.arrayBuffer()), binPattern(), "binary answer through genezio local");
        } finally {
          await proc.stop();
        }
      });

      const host = hostArch();
      if (host && archesOf(arch).includes(host)) {
        notApplicable(cell, "wrong-arch", `the project includes this machine's arch (${host}), so nothing is missing`);
      } else check(cell, "wrong-arch", ["install"], async (s) => {
        const foreign = otherArch(s.host);
        await embed(cell.dir, { [foreign]: s.fakeForeign });
        const out = join(work, "bundles", name, "aws-wrong-arch");
        const dir = await bundleClass(s.peers, cell.dir, cell.className, "aws", out, genezioEnv(s, cell));
        await withRic(s.peers, dir, runEnv(s, cell), async ({ aws, proc }) => {
          const r = await proc.wait();
          const said = aws.initErrors.map((b) => b.toString()).join("\n") + "\n" + r.output;
          const expected = `no Rust binary for ${s.host} is embedded (embedded: ${foreign})`;
          assert.ok(said.includes(expected), `expected the trap's "${expected}"; runtime said:\n${said.slice(-2000)}`);
          assert.ok(aws.initErrors.length > 0, "the error reached the Runtime API as an init error");
          assert.equal(aws.nextRequests.length, 0, "no invocation was polled after a failed init");
        });
      });
    });
  }
}

function sha256File(f: string): string {
  return createHash("sha256").update(fs.readFileSync(f)).digest("hex");
}

/** Files under `dir` (not node_modules), relative paths. */
function filesUnder(dir: string, rel = ""): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory() && e.name !== "node_modules") out.push(...filesUnder(dir, r));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

/** Resolves once the fake host has seen `n` GET /next (the Rust client polls again right after each answer). */
async function nextPolls(aws: FakeAws, n: number): Promise<void> {
  while (aws.nextRequests.length < n) await sleep(20);
}

/**
 * genezio local prints "Server listening" before its class worker listens; a request in
 * between gets 500 {"error":{"code":-32000,"message":"Internal error"}} and genezio restarts
 * the worker (docs/genezio-findings.md §5). Retry only that answer, a bounded number of times.
 */
async function firstLocalAnswer(url: string): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const r = await fetch(url);
    if (r.status !== 500 || attempt >= 40) return r;
    const text = await r.clone().text();
    if (!text.includes('"code":-32000')) return r;
    await sleep(500);
  }
}

/** bundle.zip holds the wrapper, the class bundle, @genezio/types, and the host binary byte for byte. */
function assertBundle(dir: string, cell: Cell, host: Arch): void {
  for (const f of ["index.mjs", "module.mjs", "package.json", "node_modules/@genezio/types/package.json"]) {
    assert.ok(fs.existsSync(join(dir, f)), `bundle.zip has ${f}`);
  }
  const index = fs.readFileSync(join(dir, "index.mjs"), "utf8");
  assert.match(index, new RegExp(`import \\{\\s*${cell.className} as genezioClass\\s*\\} from "./module.mjs"`));
  const rec = embeddedRecords(cell.dir).get(host);
  assert.ok(rec, `server/trap/embedded.ts has a ${host} record`);
  const moduleText = fs.readFileSync(join(dir, "module.mjs"), "utf8");
  assert.ok(moduleText.includes(rec.sha256), "module.mjs carries the embedded record");
  if (rec.file) {
    const carried = filesUnder(dir).filter((f) => fs.statSync(join(dir, f)).size === rec.size && sha256File(join(dir, f)) === rec.sha256);
    assert.ok(carried.length > 0, `the bundle carries the ${host} sidecar (${rec.file}) byte for byte`);
    assert.ok(carried.some((f) => (fs.statSync(join(dir, f)).mode & 0o111) !== 0), "the sidecar kept its executable mode");
  }
}

/** Every Runtime API request came from the Rust client (takeover): none from aws-lambda-ric's Node client. */
function assertTakeover(requests: ReadonlyArray<{ method: string; url: string; userAgent: string | undefined }>, invocations: number): void {
  const nexts = requests.filter((r) => r.method === "GET" && r.url.endsWith("/invocation/next"));
  assert.ok(nexts.length >= invocations + 1, `expected at least ${invocations + 1} GET /next, saw ${nexts.length}`);
  const foreign = requests.filter((r) => !(r.userAgent ?? "").startsWith("aws-lambda-rust/"));
  assert.deepEqual(
    foreign.map((r) => `${r.method} ${r.url} (${r.userAgent ?? "no user-agent"})`),
    [],
    "every Runtime API request carries the Rust client's User-Agent",
  );
}

/** Runs the genezio-cloud bundle's handler in a child (tests/lib/runtime-driver.mjs) and returns its answers. */
async function runCloudHandler(s: Setup, cell: Cell, events: unknown[]): Promise<Array<Record<string, unknown> & { statusCode?: unknown; headers?: Record<string, unknown>; isBase64Encoded?: boolean; body?: unknown }>> {
  const io = fs.mkdtempSync(join(cell.tmp, "driver-"));
  const eventsFile = join(io, "events.json");
  const resultsFile = join(io, "results.json");
  fs.writeFileSync(eventsFile, JSON.stringify(events));
  const driver = join(repoRoot, "test", "conformance", "lib", "runtime-driver.mjs");
  const index = join(cell.runtimeDir, "unzipped", "index.mjs");
  const r = await run(process.execPath, [driver, index, eventsFile, resultsFile], {
    cwd: join(cell.runtimeDir, "unzipped"),
    env: cleanEnv(runEnv(s, cell)),
    limitMs: 300_000,
  });
  if (!fs.existsSync(resultsFile)) throw new Error(`the handler driver wrote no results (exit ${r.code ?? r.signal}):\n${r.output.slice(-2000)}`);
  const out = JSON.parse(fs.readFileSync(resultsFile, "utf8")) as Array<{ ok: boolean; response?: Record<string, unknown>; error?: string }>;
  assert.equal(out.length, events.length, `one answer per event; driver said: ${out.find((x) => !x.ok)?.error ?? r.output.slice(-1000)}`);
  return out.map((x, i) => {
    if (!x.ok || !x.response) throw new Error(`event ${i}: handler threw: ${x.error}`);
    return x.response;
  });
}
