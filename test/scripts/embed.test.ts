import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { decodeBinary } from "../../template/base/server/trap/embed-format.ts";
import type { EmbeddedBinary } from "../../template/base/server/trap/types.ts";
import { EM_AARCH64, EM_X86_64, makeElf } from "../fixtures/bin/elf.mjs";
import { stubBinary } from "../helpers/stub.ts";
import { type Sandbox, runScript, scaffold, toolsDir } from "./harness.ts";
import { lib } from "./lib-copy.ts";
import { staticStub } from "./static-stub.ts";

const { readElf } = await lib<typeof import("../../template/base/scripts/lib/elf.ts")>("elf");

function embeddedPath(s: Sandbox): string {
  return path.join(s.project, "server", "trap", "embedded.ts");
}

/** Parse the records out of the generated module (plain literals; data behind a getter). */
function records(s: Sandbox): EmbeddedBinary[] {
  const text = fs.readFileSync(embeddedPath(s), "utf8");
  const line = /^ {2}\{ arch: ("[^"]*"), sha256: ("[^"]*"), size: (\d+), compression: ("[^"]*"), (?:file: ("[^"]*"), )?get data\(\) \{ return \[([^\]]*)\]\.join\(""\); \} \},$/gm;
  return [...text.matchAll(line)].map((m) => {
    const rec: EmbeddedBinary = {
      arch: JSON.parse(m[1]!) as EmbeddedBinary["arch"],
      sha256: JSON.parse(m[2]!) as string,
      size: Number(m[3]),
      compression: JSON.parse(m[4]!) as EmbeddedBinary["compression"],
      data: (JSON.parse(`[${m[6]!}]`) as string[]).join(""),
    };
    if (m[5] !== undefined) rec.file = JSON.parse(m[5]) as string;
    return rec;
  });
}

function trapDir(s: Sandbox): string {
  return path.join(s.project, "server", "trap");
}

function sidecars(s: Sandbox): string[] {
  const dir = path.join(trapDir(s), "bin");
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

function write(s: Sandbox, name: string, bytes: Uint8Array | string): string {
  const file = path.join(s.root, name);
  fs.writeFileSync(file, bytes, { mode: 0o755 });
  return file;
}

describe("embed", () => {
  test("a real static binary round-trips: module written, sizes printed, bytes and sha256 intact", (t) => {
    const s = scaffold(t);
    const stub = staticStub();
    const info = readElf(new Uint8Array(fs.readFileSync(stub.path)));
    assert.ok(info.kind === "elf" && !info.dynamic, "the fixture is static");
    const r = runScript(s, "embed", ["--bin", `${stub.arch}=${stub.path}`], [toolsDir(s, [])]);
    assert.equal(r.code, 0, r.stderr);
    const recs = records(s);
    assert.deepEqual(recs.map((x) => x.arch), [stub.arch]);
    const raw = fs.readFileSync(stub.path);
    assert.ok(decodeBinary(recs[0]!).equals(raw), "decodes to the same bytes");
    assert.equal(recs[0]!.size, raw.byteLength);
    assert.match(r.stdout, new RegExp(`embed: ${stub.arch}\\s+[\\d.]+ (KiB|MiB) raw → [\\d.]+ (KiB|MiB) embedded`));
    assert.match(r.stdout, /wrote server\/trap\/embedded\.ts/);

    // the sidecar: the raw bytes, 0755, named by arch and sha256, and named in the record
    const sha = crypto.createHash("sha256").update(raw).digest("hex");
    const file = `bin/rust-${stub.arch}-${sha.slice(0, 16)}`;
    assert.equal(recs[0]!.file, file);
    const sidecar = path.join(trapDir(s), file);
    assert.ok(fs.readFileSync(sidecar).equals(raw), "sidecar holds the exact bytes");
    assert.equal(fs.statSync(sidecar).mode & 0o777, 0o755);
    assert.deepEqual(sidecars(s), [path.basename(file)], "no temp files left behind");
    assert.match(r.stdout, new RegExp(`wrote server/trap/${file} \\(the ${stub.arch} binary the trap runs\\)`));
    assert.match(fs.readFileSync(path.join(s.project, ".gitignore"), "utf8"), /^server\/trap\/bin\/$/m, "sidecars are git-ignored");
  });

  test("a new embed replaces the sidecars of the last one; other files in bin/ stay", (t) => {
    const s = scaffold(t);
    const first = write(s, "first", makeElf({ machine: EM_AARCH64 }));
    const second = write(s, "second", Buffer.concat([makeElf({ machine: EM_AARCH64 }), Buffer.from("another build")]));
    const x86 = write(s, "x86", makeElf({ machine: EM_X86_64 }));
    const r1 = runScript(s, "embed", ["--bin", `arm64=${first}`, "--bin", `x86_64=${x86}`], [toolsDir(s, [])]);
    assert.equal(r1.code, 0, r1.stderr);
    const before = records(s).map((x) => path.basename(x.file!));
    assert.deepEqual(sidecars(s), [...before].sort());
    fs.writeFileSync(path.join(trapDir(s), "bin", "notes.txt"), "mine");

    const r2 = runScript(s, "embed", ["--bin", `arm64=${second}`], [toolsDir(s, [])]);
    assert.equal(r2.code, 0, r2.stderr);
    const now = records(s);
    assert.deepEqual(now.map((x) => x.arch), ["arm64"]);
    assert.notEqual(path.basename(now[0]!.file!), before[0], "a different binary gets a different name");
    assert.deepEqual(sidecars(s), [path.basename(now[0]!.file!), "notes.txt"].sort(), "both earlier sidecars removed");
    assert.ok(fs.readFileSync(path.join(trapDir(s), now[0]!.file!)).equals(fs.readFileSync(second)));

    // a refused embed changes neither the module nor the sidecars
    const r3 = runScript(s, "embed", ["--bin", `x86_64=${first}`], [toolsDir(s, [])]);
    assert.equal(r3.code, 1);
    assert.deepEqual(sidecars(s), [path.basename(now[0]!.file!), "notes.txt"].sort());
  });

  test("refuses a dynamically linked binary (it has an interpreter) and keeps the old module", (t) => {
    const s = scaffold(t);
    const before = fs.readFileSync(embeddedPath(s), "utf8");
    const dynamic = stubBinary();
    const arch = process.arch === "arm64" ? "arm64" : "x86_64";
    const r = runScript(s, "embed", ["--bin", `${arch}=${dynamic}`], [toolsDir(s, [])]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /is dynamically linked \(it needs the loader \/lib.*ld-linux.*\); it will not run on Genezio/);
    assert.match(r.stderr, /fix: build for the musl target, which links statically: npm run build -- --arch/);
    assert.equal(fs.readFileSync(embeddedPath(s), "utf8"), before);
  });

  test("refuses a missing file", (t) => {
    const s = scaffold(t);
    const r = runScript(s, "embed", ["--bin", `arm64=${path.join(s.root, "nope")}`], [toolsDir(s, [])]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no arm64 binary at .*nope/);
  });

  test("without --bin it reads target/<triple>/release/<bin>; missing ones are refused with the build command", (t) => {
    const s = scaffold(t);
    const r = runScript(s, "embed", [], [toolsDir(s, [])], { npm_config_user_agent: "pnpm/9.12.0 npm/? node/v20.20.2 linux x64" });
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`no arm64 binary at .*target/aarch64-unknown-linux-musl/release/${s.bin}`));
    assert.match(r.stderr, new RegExp(`no x86_64 binary at .*target/x86_64-unknown-linux-musl/release/${s.bin}`));
    assert.match(r.stderr, /fix: build it first: pnpm run build --arch arm64/);

    for (const [triple, machine] of [["aarch64-unknown-linux-musl", EM_AARCH64], ["x86_64-unknown-linux-musl", EM_X86_64]] as const) {
      const file = path.join(s.project, "target", triple, "release", s.bin);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, makeElf({ machine }));
    }
    const ok = runScript(s, "embed", [], [toolsDir(s, [])]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(records(s).map((x) => x.arch), ["arm64", "x86_64"]);
  });

  test("refuses a file that is not an ELF executable (text, object file)", (t) => {
    const s = scaffold(t);
    const text = write(s, "script.sh", "#!/bin/sh\necho hi\n");
    const object = write(s, "main.o", makeElf({ machine: EM_X86_64, type: 1 }));
    const r1 = runScript(s, "embed", ["--bin", `x86_64=${text}`], [toolsDir(s, [])]);
    assert.equal(r1.code, 1);
    assert.match(r1.stderr, /script\.sh is not an ELF executable: it does not start with the ELF magic bytes/);
    const r2 = runScript(s, "embed", ["--bin", `x86_64=${object}`], [toolsDir(s, [])]);
    assert.equal(r2.code, 1);
    assert.match(r2.stderr, /main\.o is an ELF file but not an executable/);
  });

  test("refuses an ELF whose machine does not match the arch (both directions)", (t) => {
    const s = scaffold(t);
    const stub = staticStub();
    const other = stub.arch === "x86_64" ? "arm64" : "x86_64";
    const r = runScript(s, "embed", ["--bin", `${other}=${stub.path}`], [toolsDir(s, [])]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`is an ${stub.arch} binary \\(ELF machine \\d+\\), not ${other} \\(ELF machine \\d+\\)`));
    assert.match(r.stderr, new RegExp(`fix: embed it as --bin ${stub.arch}=`));

    const arm = write(s, "arm", makeElf({ machine: EM_AARCH64 }));
    const r2 = runScript(s, "embed", ["--bin", `x86_64=${arm}`], [toolsDir(s, [])]);
    assert.equal(r2.code, 1);
    assert.match(r2.stderr, /is an arm64 binary \(ELF machine 183\), not x86_64 \(ELF machine 62\)/);
  });

  test("all refusals are reported together and nothing is written", (t) => {
    const s = scaffold(t);
    const before = fs.readFileSync(embeddedPath(s), "utf8");
    const good = write(s, "good", makeElf({ machine: EM_AARCH64 }));
    const dyn = write(s, "dyn", makeElf({ machine: EM_X86_64, interpreter: "/lib/ld-musl-x86_64.so.1" }));
    const r = runScript(s, "embed", ["--bin", `arm64=${good}`, "--bin", `x86_64=${dyn}`], [toolsDir(s, [])]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /dyn is dynamically linked \(it needs the loader \/lib\/ld-musl-x86_64\.so\.1\)/);
    assert.match(r.stderr, /refused: server\/trap\/embedded\.ts was not changed/);
    assert.equal(fs.readFileSync(embeddedPath(s), "utf8"), before);
  });

  test("bad --bin specs are usage errors", (t) => {
    const s = scaffold(t);
    for (const spec of ["arm64", "sparc=/x", "arm64="]) {
      const r = runScript(s, "embed", ["--bin", spec], [toolsDir(s, [])]);
      assert.equal(r.code, 1, spec);
      assert.match(r.stderr, /must look like arm64=<path> or x86_64=<path>/);
    }
    const twice = runScript(s, "embed", ["--bin", "arm64=/a", "--bin", "arm64=/b"], [toolsDir(s, [])]);
    assert.equal(twice.code, 1);
    assert.match(twice.stderr, /--bin names arm64 twice/);
  });

  test("--ensure-stub writes the empty module only when it is missing", (t) => {
    const s = scaffold(t);
    const file = embeddedPath(s);
    fs.writeFileSync(file, "// custom\nexport const embedded = [];\n");
    const keep = runScript(s, "embed", ["--ensure-stub"], [toolsDir(s, [])]);
    assert.equal(keep.code, 0, keep.stderr);
    assert.equal(fs.readFileSync(file, "utf8"), "// custom\nexport const embedded = [];\n");

    fs.rmSync(file);
    const made = runScript(s, "embed", ["--ensure-stub"], [toolsDir(s, [])]);
    assert.equal(made.code, 0, made.stderr);
    assert.match(fs.readFileSync(file, "utf8"), /export const embedded: readonly EmbeddedBinary\[\] = \[\];/);
    assert.match(made.stdout, /wrote the empty server\/trap\/embedded\.ts/);

    // An install must not fail over the crate: ensure-stub needs only the project root.
    fs.rmSync(file);
    fs.rmSync(path.join(s.project, "rust"), { recursive: true });
    const noCrate = runScript(s, "embed", ["--ensure-stub"], [toolsDir(s, [])]);
    assert.equal(noCrate.code, 0, noCrate.stderr);
    assert.ok(fs.existsSync(file));
  });
});
