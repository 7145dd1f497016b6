// The loader: pick by arch, verify, content-addressed atomic write, reuse, clear errors;
// two processes at once; the sidecar (preferred, checked, copied when not executable,
// ignored with a warning when damaged) in source form and in the bundled layout.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { encodeBinary, EmbeddedChecksumError } from "../../template/base/server/trap/embed-format.ts";
import { binaryPath, defaultSidecarBases, hostArch, locateBinary, materialize, TrapError } from "../../template/base/server/trap/loader.ts";
import type { EmbeddedBinary } from "../../template/base/server/trap/types.ts";
import { stubBinary } from "../helpers/stub.ts";
import { renderServer, TRAP_SRC } from "./render.ts";

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

/** A record that names a sidecar, and a folder (as the loader's base URL) holding it with `mode`. */
function withSidecar(mode: number, bytes: Buffer = stubBytes): { rec: EmbeddedBinary; base: URL; sidecar: string } {
  const rec = encodeBinary({ arch, bytes: stubBytes }, { compression: "gzip", sidecar: true });
  const base = tempDir();
  const sidecar = join(base, rec.file!);
  mkdirSync(join(base, "bin"));
  writeFileSync(sidecar, bytes);
  chmodSync(sidecar, mode);
  return { rec, base: pathToFileURL(`${base}/`), sidecar };
}

/** Run an ESM script in a fresh Node (tsx loaded); resolves with its stdout and stderr. */
function runNode(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("exit", (code) => resolve({ code, stdout: stdout.trim(), stderr }));
  });
}

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

describe("loader: the sidecar", () => {
  it("execs an intact, executable sidecar in place: nothing is decoded or written", () => {
    const { rec, base, sidecar } = withSidecar(0o755);
    const dir = tempDir();
    const warnings: string[] = [];
    const found = locateBinary([{ ...rec, data: "not even base64 (never read)" }], { dir, arch, sidecarBases: [base], warn: (l) => warnings.push(l) });
    assert.deepEqual(found, { path: sidecar, source: "sidecar" });
    assert.deepEqual(readdirSync(dir), [], "nothing written to the tmp dir");
    assert.deepEqual(warnings, []);
  });

  it("a sidecar that is not executable is copied to the content-addressed tmp path (0755) and that copy is used", () => {
    const { rec, base, sidecar } = withSidecar(0o644);
    const dir = tempDir();
    const found = locateBinary([{ ...rec, data: "never read" }], { dir, arch, sidecarBases: [base] });
    assert.deepEqual(found, { path: binaryPath(dir, rec), source: "sidecar-copy" });
    assert.ok(readFileSync(found.path).equals(stubBytes));
    assert.equal(statSync(found.path).mode & 0o777, 0o755);
    assert.equal(statSync(sidecar).mode & 0o777, 0o644, "the sidecar itself is untouched");
    assert.deepEqual(readdirSync(dir), [found.path.slice(dir.length + 1)], "no temp files left behind");
    // next start: the intact tmp copy is reused first
    assert.equal(locateBinary([rec], { dir, arch, sidecarBases: [base] }).source, "tmp");
  });

  it("a corrupted sidecar (same size, other bytes) is ignored with one warning; the embedded copy is used", () => {
    const damaged = Buffer.from(stubBytes);
    damaged[damaged.length >> 1]! ^= 0xff;
    const { rec, base, sidecar } = withSidecar(0o755, damaged);
    const dir = tempDir();
    const warnings: string[] = [];
    const found = locateBinary([rec], { dir, arch, sidecarBases: [base], warn: (l) => warnings.push(l) });
    assert.deepEqual(found, { path: binaryPath(dir, rec), source: "embedded" });
    assert.ok(readFileSync(found.path).equals(stubBytes));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, new RegExp(`ignoring the sidecar ${sidecar}: sha256 [0-9a-f]{64}, expected ${rec.sha256}; using the embedded copy.*npm run embed`));
    assert.doesNotMatch(warnings[0]!, /\n/, "one line");
  });

  it("a corrupted sidecar that is not executable: its half-made copy is deleted, the embedded copy is used", () => {
    const damaged = Buffer.from(stubBytes);
    damaged[damaged.length - 1]! ^= 0xff;
    const { rec, base } = withSidecar(0o644, damaged);
    const dir = tempDir();
    const warnings: string[] = [];
    const found = locateBinary([rec], { dir, arch, sidecarBases: [base], warn: (l) => warnings.push(l) });
    assert.equal(found.source, "embedded");
    assert.ok(readFileSync(found.path).equals(stubBytes));
    assert.deepEqual(readdirSync(dir), [found.path.slice(dir.length + 1)], "no temp file left behind");
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /sha256 [0-9a-f]{64}, expected/);
  });

  it("a sidecar of the wrong size is ignored with a warning (not even hashed)", () => {
    const { rec, base } = withSidecar(0o755, stubBytes.subarray(0, 1000));
    const warnings: string[] = [];
    const found = locateBinary([rec], { dir: tempDir(), arch, sidecarBases: [base], warn: (l) => warnings.push(l) });
    assert.equal(found.source, "embedded");
    assert.match(warnings.join("\n"), new RegExp(`: 1000 bytes, expected ${rec.size}; using the embedded copy`));
  });

  it("no sidecar on disk: the embedded copy, silently", () => {
    const { rec } = withSidecar(0o755);
    const warnings: string[] = [];
    const found = locateBinary([rec], { dir: tempDir(), arch, sidecarBases: [pathToFileURL(`${tempDir()}/`)], warn: (l) => warnings.push(l) });
    assert.equal(found.source, "embedded");
    assert.ok(readFileSync(found.path).equals(stubBytes));
    assert.deepEqual(warnings, []);
  });

  it("a record whose file is not a sidecar name is refused with a warning (no other path is opened)", () => {
    const { rec, base } = withSidecar(0o755);
    const warnings: string[] = [];
    const found = locateBinary([{ ...rec, file: "../../../bin/sh" }], { dir: tempDir(), arch, sidecarBases: [base], warn: (l) => warnings.push(l) });
    assert.equal(found.source, "embedded");
    assert.match(warnings.join("\n"), /ignoring the sidecar "\.\.\/\.\.\/\.\.\/bin\/sh": not a bin\/rust-<arch>-<hex> name/);
  });

  it("GENEZIO_RUST_DEBUG=1 reports which copy was used", () => {
    const { rec, base, sidecar } = withSidecar(0o755);
    const lines: string[] = [];
    materialize([rec], { dir: tempDir(), arch, sidecarBases: [base], warn: (l) => lines.push(l), env: { GENEZIO_RUST_DEBUG: "1" } });
    assert.deepEqual(lines, [`[genezio-rust] trap: using sidecar ${sidecar}`]);
    const quiet: string[] = [];
    materialize([rec], { dir: tempDir(), arch, sidecarBases: [base], warn: (l) => quiet.push(l), env: {} });
    assert.deepEqual(quiet, []);
  });

  it("the default bases are ./ and ./trap/ of the running module (source form and Genezio's bundle)", () => {
    assert.deepEqual(
      defaultSidecarBases("file:///var/task/module.mjs").map((u) => u.href),
      ["file:///var/task/", "file:///var/task/trap/"],
    );
    assert.deepEqual(defaultSidecarBases(""), []);
    assert.deepEqual(defaultSidecarBases("data:text/javascript,1"), []);
  });

  it("source form: server/trap/loader.ts finds server/trap/bin/... by itself", async () => {
    const r = renderServer({ template: "axum", className: "Src" });
    try {
      const rec = encodeBinary({ arch, bytes: stubBytes }, { compression: "gzip", sidecar: true });
      const trapDir = join(r.serverDir, "trap");
      mkdirSync(join(trapDir, "bin"));
      writeFileSync(join(trapDir, rec.file!), stubBytes, { mode: 0o755 });
      writeFileSync(join(r.root, "rec.json"), JSON.stringify(rec));
      const script = `
        import { readFileSync } from "node:fs";
        const { locateBinary } = await import(${JSON.stringify(pathToFileURL(join(trapDir, "loader.ts")).href)});
        const rec = JSON.parse(readFileSync(${JSON.stringify(join(r.root, "rec.json"))}, "utf8"));
        console.log(JSON.stringify(locateBinary([rec], { dir: ${JSON.stringify(r.binDir)}, arch: rec.arch })));`;
      const out = await runNode(["--import", "tsx", "--input-type=module", "-e", script]);
      assert.equal(out.code, 0, out.stderr);
      assert.deepEqual(JSON.parse(out.stdout), { path: join(trapDir, rec.file!), source: "sidecar" });
      assert.deepEqual(readdirSync(r.binDir), []);
    } finally {
      r.cleanup();
    }
  });

  it("bundled layout: one module.mjs at the bundle root finds trap/bin/... beside it", async () => {
    const root = tempDir();
    const rec = encodeBinary({ arch, bytes: stubBytes }, { compression: "gzip", sidecar: true });
    // a copy of the trap (template/base/package.json holds tokens esbuild cannot parse)
    mkdirSync(join(root, "src", "trap"), { recursive: true });
    writeFileSync(join(root, "src", "package.json"), '{"type":"module"}');
    for (const f of readdirSync(TRAP_SRC)) if (f.endsWith(".ts")) writeFileSync(join(root, "src", "trap", f), readFileSync(join(TRAP_SRC, f)));
    const entry = join(root, "src", "entry.ts");
    writeFileSync(
      entry,
      `import { locateBinary } from "./trap/loader.js";\n` +
        `const rec = ${JSON.stringify(rec)};\n` +
        `console.log(JSON.stringify(locateBinary([rec], { dir: process.env.TMP_OUT, arch: rec.arch })));\n`,
    );
    const task = join(root, "task");
    await build({ entryPoints: [entry], outfile: join(task, "module.mjs"), bundle: true, format: "esm", platform: "node", target: "node20", logLevel: "silent" });
    mkdirSync(join(task, "trap", "bin"), { recursive: true });
    const sidecar = join(task, "trap", rec.file!);
    writeFileSync(sidecar, stubBytes, { mode: 0o755 });
    const out = tempDir();
    const r = await runNode([join(task, "module.mjs")], { TMP_OUT: out });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { path: sidecar, source: "sidecar" });
    assert.deepEqual(readdirSync(out), []);
  });

  it("several processes at once with a non-executable sidecar: each executes a complete copy (no ETXTBSY)", async () => {
    const { rec, base } = withSidecar(0o644);
    const dir = tempDir();
    const recFile = join(tempDir(), "record.json");
    writeFileSync(recFile, JSON.stringify(rec));
    const loaderUrl = pathToFileURL(join(TRAP_SRC, "loader.ts")).href;
    const script = `
      import { execFileSync } from "node:child_process";
      import { readFileSync } from "node:fs";
      const { locateBinary } = await import(${JSON.stringify(loaderUrl)});
      const rec = JSON.parse(readFileSync(${JSON.stringify(recFile)}, "utf8"));
      const { path, source } = locateBinary([rec], { dir: ${JSON.stringify(dir)}, arch: rec.arch, sidecarBases: [new URL(${JSON.stringify(base.href)})] });
      try { execFileSync(path, [], { env: {}, stdio: ["ignore", "ignore", "pipe"] }); console.log("exit 0"); }
      catch (e) { console.log(source + " " + (e.code ?? ("exit " + e.status + " " + (/Missing AWS_LAMBDA_RUNTIME_API/.test(String(e.stderr)) ? "panic-ok" : String(e.stderr))))); }
    `;
    const results = await Promise.all(Array.from({ length: 8 }, () => runNode(["--import", "tsx", "--input-type=module", "-e", script])));
    for (const r of results) assert.match(r.stdout, /^(sidecar-copy|tmp) exit 101 panic-ok$/, r.stderr);
    assert.deepEqual(readdirSync(dir), [binaryPath(dir, rec).slice(dir.length + 1)]);
  });
});
