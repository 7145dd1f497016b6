import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { describe, test } from "node:test";
import { type Sandbox, STUB_CRATE, realCargoDirs, realRustEnv, scaffold, scriptEnv } from "./harness.ts";

/** A copy of the std-only stub crate (sources only) that the test may edit. */
function copyStub(s: Sandbox): string {
  const dir = path.join(s.root, "stub");
  fs.mkdirSync(dir);
  for (const entry of ["Cargo.toml", "Cargo.lock", "src"]) {
    if (fs.existsSync(path.join(STUB_CRATE, entry))) fs.cpSync(path.join(STUB_CRATE, entry), path.join(dir, entry), { recursive: true });
  }
  return dir;
}

class Output {
  text = "";
  private waiters: { re: RegExp; from: number; resolve: (m: RegExpExecArray) => void }[] = [];
  constructor(child: ChildProcess) {
    const add = (d: Buffer): void => {
      this.text += d.toString("utf8");
      for (const w of [...this.waiters]) {
        const m = w.re.exec(this.text.slice(w.from));
        if (m) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    };
    child.stdout!.on("data", add);
    child.stderr!.on("data", add);
  }
  /** Resolves when `re` appears after the current end of the output (or anywhere with from=0). */
  waitFor(re: RegExp, from = this.text.length): Promise<RegExpExecArray> {
    const m = re.exec(this.text.slice(from));
    if (m) return Promise.resolve(m);
    return new Promise((resolve) => this.waiters.push({ re, from, resolve }));
  }
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Processes (other than this one) whose working folder or command line is inside `dir`. */
function processesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      let cwd = "";
      try {
        cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        // no access: judge by the command line
      }
      if (cmdline.includes(dir) || cwd.startsWith(dir)) found.push(`${pid}: ${cmdline}`);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

function startDev(s: Sandbox, crate: string, args: readonly string[]): { child: ChildProcess; out: Output; exited: Promise<number | null> } {
  // As `npm run dev` runs it: the tsx CLI (which runs the script in a child node process).
  const child = spawn(path.join(s.project, "node_modules", ".bin", "tsx"), ["scripts/dev.ts", ...args], {
    cwd: s.project,
    env: scriptEnv(s, realCargoDirs(), { ...realRustEnv(), GENEZIO_RUST_CRATE_DIR: crate, GENEZIO_RUST_BIN: "lambda-stub" }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const out = new Output(child);
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  return { child, out, exited };
}

describe("dev", { timeout: 600_000 }, () => {
  test("serves the host build through the bridge, rebuilds on change, survives a compile error, stops on Ctrl-C", async (t) => {
    const s = scaffold(t);
    const crate = copyStub(s);
    const main = path.join(crate, "src", "main.rs");
    const original = fs.readFileSync(main, "utf8");
    assert.match(original, /Hello rust!/, "the stub answers GET / with Hello rust!");

    // Start with a compile error: dev keeps running and says so.
    fs.writeFileSync(main, original + "\nfn broken( {\n");
    const { child, out, exited } = startDev(s, crate, ["--port", "0"]);
    t.after(() => {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
    });
    const url = (await out.waitFor(/dev: (http:\/\/127\.0\.0\.1:(\d+))/, 0))[1]!;
    const port = Number(/:(\d+)$/.exec(url)![1]);
    await out.waitFor(/the build failed \(see above\); fix it and save/, 0);
    assert.match(out.text, /unclosed delimiter/, "the compiler's error is shown");
    const early = await get(`${url}/`);
    assert.equal(early.status, 503);
    assert.match(early.body, /no successful build yet/);

    // Fix it: build #1 serves.
    let mark = out.text.length;
    fs.writeFileSync(main, original);
    await out.waitFor(/serving build #1/, mark);
    assert.deepEqual(JSON.parse((await get(`${url}/`)).body), { msg: "Hello rust!" });

    // The HTTP layer: method, path, query and body in; binary bodies and several cookies out.
    const echo = await fetch(`${url}/echo/a?x=1`, { method: "POST", headers: { "content-type": "text/plain" }, body: "hi there" });
    const seen = (await echo.json()) as { method: string; path: string; query: string; body_b64: string };
    assert.deepEqual([seen.method, seen.path, seen.query, Buffer.from(seen.body_b64, "base64").toString()], ["POST", "/echo/a", "x=1", "hi there"]);
    const bin = Buffer.from(await (await fetch(`${url}/bin`)).arrayBuffer());
    assert.equal(bin.length, 1024);
    assert.deepEqual([...bin.subarray(0, 3), bin[255], bin[256]], [0, 1, 2, 255, 0]);
    assert.deepEqual((await fetch(`${url}/cookie`)).headers.getSetCookie(), ["a=1", "b=2"]);

    // Change the answer: build #2 serves it.
    mark = out.text.length;
    fs.writeFileSync(main, original.replace("Hello rust!", "Hello again!"));
    await out.waitFor(/serving build #2/, mark);
    const changed = await get(`${url}/`);
    assert.equal(changed.status, 200);
    assert.deepEqual(JSON.parse(changed.body), { msg: "Hello again!" });

    // Break it: the error is shown and build #2 keeps answering.
    mark = out.text.length;
    fs.appendFileSync(main, "\nfn broken( {\n");
    await out.waitFor(/the build failed \(see above\); still serving build #2/, mark);
    assert.match(out.text.slice(mark), /unclosed delimiter/);
    assert.deepEqual(JSON.parse((await get(`${url}/`)).body), { msg: "Hello again!" });

    // Ctrl-C (SIGINT to the tsx process only): dev must stop everything it started itself.
    process.kill(child.pid!, "SIGINT");
    assert.equal(await exited, 0);
    assert.equal(await portOpen(port), false, "the port is closed");
    assert.deepEqual(processesUnder(s.root), [], "nothing dev started is left running");
    assert.equal(fs.existsSync(path.join(crate, "target", "genezio-rust-dev")), false, "its binary copies are removed");
  });

  test("a port in use is refused with the flag that fixes it", async (t) => {
    const s = scaffold(t);
    const crate = copyStub(s);
    const blocker = net.createServer().listen(0, "127.0.0.1");
    await new Promise<void>((r) => blocker.once("listening", () => r()));
    t.after(() => blocker.close());
    const port = (blocker.address() as net.AddressInfo).port;
    const { out, exited } = startDev(s, crate, ["--port", String(port)]);
    assert.equal(await exited, 1);
    assert.match(out.text, new RegExp(`port ${port} is already in use: pass another one with --port <n>`));
    assert.deepEqual(processesUnder(s.root), []);
  });

  test("--port must be a number", async (t) => {
    const s = scaffold(t);
    const { out, exited } = startDev(s, copyStub(s), ["--port", "http"]);
    assert.equal(await exited, 1);
    assert.match(out.text, /--port "http" must be a number from 0 to 65535/);
  });
});
