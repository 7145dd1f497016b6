// The loader: pick by arch, verify, content-addressed atomic write, reuse, clear errors;
// two processes at once.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { encodeBinary, EmbeddedChecksumError } from "../../template/base/server/trap/embed-format.ts";
import { binaryPath, hostArch, materialize, TrapError } from "../../template/base/server/trap/loader.ts";
import type { EmbeddedBinary } from "../../template/base/server/trap/types.ts";
import { stubBinary } from "../helpers/stub.ts";
import { TRAP_SRC } from "./render.ts";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "trap-loader-"));
  dirs.push(d);
  return d;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const arch = hostArch();
const stubBytes = readFileSync(stubBinary());
const record = encodeBinary({ arch, bytes: stubBytes }, { compression: "gzip" });

function trapError(code: string, pattern: RegExp) {
  return (err: unknown) => err instanceof TrapError && err.code === code && pattern.test(err.message);
}

describe("loader", () => {
  it("writes the binary content-addressed, mode 0755, with the exact bytes", () => {
    const dir = tempDir();
    const path = materialize([record], { dir, arch });
    assert.equal(path, binaryPath(dir, record));
    assert.ok(path.includes(record.sha256));
    assert.equal(statSync(path).mode & 0o777, 0o755);
    assert.ok(readFileSync(path).equals(stubBytes));
    assert.deepEqual(readdirSync(dir), [path.slice(dir.length + 1)], "no temp files left behind");
  });

  it("reuses an identical existing file without rewriting it", () => {
    const dir = tempDir();
    const first = materialize([record], { dir, arch });
    const before = statSync(first);
    const second = materialize([record], { dir, arch });
    const now = statSync(second);
    assert.equal(second, first);
    assert.equal(now.ino, before.ino);
    assert.equal(now.mtimeMs, before.mtimeMs);
  });

  it("replaces a damaged existing file (atomically, new inode)", () => {
    const dir = tempDir();
    const path = binaryPath(dir, record);
    writeFileSync(path, Buffer.alloc(record.size, 1), { mode: 0o755 });
    const ino = statSync(path).ino;
    assert.equal(materialize([record], { dir, arch }), path);
    assert.ok(readFileSync(path).equals(stubBytes));
    assert.notEqual(statSync(path).ino, ino);
  });

  it("picks the record of the requested arch", () => {
    const other = arch === "x86_64" ? "arm64" : "x86_64";
    const decoy: EmbeddedBinary = { ...encodeBinary({ arch: other, bytes: Buffer.from("not me") }) };
    const dir = tempDir();
    const path = materialize([decoy, record], { dir, arch });
    assert.ok(readFileSync(path).equals(stubBytes));
  });

  it("refuses when nothing is embedded, naming npm run build && npm run embed", () => {
    assert.throws(() => materialize([], { dir: tempDir(), arch }), trapError("NOT_EMBEDDED", /npm run build && npm run embed/));
  });

  it("refuses a missing arch, listing what is embedded and suggesting both arches", () => {
    const other = arch === "x86_64" ? "arm64" : "x86_64";
    assert.throws(
      () => materialize([record], { dir: tempDir(), arch: other }),
      trapError("NO_ARCH", new RegExp(`no Rust binary for ${other}.*embedded: ${arch}.*--arch both`)),
    );
  });

  it("refuses a corrupted payload (checksum) and writes nothing", () => {
    const dir = tempDir();
    const bad = encodeBinary({ arch, bytes: stubBytes }, { compression: "none" });
    const mid = Math.floor(bad.data.length / 2);
    bad.data = bad.data.slice(0, mid) + (bad.data[mid] === "A" ? "B" : "A") + bad.data.slice(mid + 1);
    assert.throws(() => materialize([bad], { dir, arch }), (e: unknown) => e instanceof EmbeddedChecksumError && /checksum mismatch.*npm run embed/.test(e.message));
    assert.deepEqual(readdirSync(dir), []);
  });

  it("refuses a payload that does not decompress", () => {
    const bad = { ...record, data: Buffer.from("garbage").toString("base64") };
    assert.throws(() => materialize([bad], { dir: tempDir(), arch }), /cannot be decompressed.*npm run embed/);
  });

  it("refuses an unwritable directory, naming GENEZIO_RUST_TMPDIR", () => {
    const file = join(tempDir(), "a-file");
    writeFileSync(file, "x");
    assert.throws(() => materialize([record], { dir: join(file, "sub"), arch }), trapError("UNWRITABLE", /GENEZIO_RUST_TMPDIR/));
  });

  it("refuses other operating systems, pointing to npm run dev", () => {
    assert.throws(() => hostArch("darwin", "arm64"), trapError("NOT_LINUX", /npm run dev/));
    assert.equal(hostArch("linux", "x64"), "x86_64");
    assert.equal(hostArch("linux", "arm64"), "arm64");
  });

  it("lets several processes start at once: each executes a complete binary (no ETXTBSY)", async () => {
    const dir = tempDir();
    const recFile = join(dir, "..", `${dir.split("/").pop()}-record.json`);
    dirs.push(recFile);
    writeFileSync(recFile, JSON.stringify(record));
    const loaderUrl = pathToFileURL(join(TRAP_SRC, "loader.ts")).href;
    const script = `
      import { execFileSync } from "node:child_process";
      import { readFileSync } from "node:fs";
      const { materialize } = await import(${JSON.stringify(loaderUrl)});
      const rec = JSON.parse(readFileSync(${JSON.stringify(recFile)}, "utf8"));
      const path = materialize([rec], { dir: ${JSON.stringify(dir)}, arch: rec.arch });
      try { execFileSync(path, [], { env: {}, stdio: ["ignore", "ignore", "pipe"] }); console.log("exit 0"); }
      catch (e) { console.log(e.code ?? ("exit " + e.status + " " + (/Missing AWS_LAMBDA_RUNTIME_API/.test(String(e.stderr)) ? "panic-ok" : String(e.stderr)))); }
    `;
    const runs = Array.from({ length: 8 }, () =>
      new Promise<string>((resolve) => {
        const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
        let out = "";
        child.stdout.on("data", (c: Buffer) => (out += c.toString()));
        child.on("exit", () => resolve(out.trim()));
      }),
    );
    const results = await Promise.all(runs);
    // the stub, run without the Lambda environment, panics like lambda_runtime: exit 101
    assert.deepEqual(results, Array.from({ length: 8 }, () => "exit 101 panic-ok"));
    assert.deepEqual(readdirSync(dir), [binaryPath(dir, record).slice(dir.length + 1)]);
  });
});
