// The embedded module format: writer and reader agree; the module is valid TypeScript.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { decodeBinary, encodeBinary, encodeEmbeddedModule, sha256Hex } from "../../template/base/server/trap/embed-format.ts";
import type { Compression, EmbeddedBinary } from "../../template/base/server/trap/types.ts";
import { TRAP_SRC } from "./render.ts";

// compressible but not trivial: a repeating pseudo-random pattern
const bytes = Buffer.alloc(200_000);
for (let i = 0, x = 1; i < bytes.length; i++) {
  x = (x * 1103515245 + 12345) & 0x7fffffff;
  bytes[i] = i % 3 === 0 ? x & 0xff : i & 0x3f;
}

describe("embed format", () => {
  for (const compression of ["br", "gzip", "none"] as Compression[]) {
    it(`round-trips with ${compression}`, () => {
      const rec = encodeBinary({ arch: "x86_64", bytes }, { compression });
      assert.equal(rec.sha256, sha256Hex(bytes));
      assert.equal(rec.size, bytes.length);
      assert.equal(rec.compression, compression);
      assert.ok(decodeBinary(rec).equals(bytes));
    });
  }

  it("brotli (the default) is smaller than gzip", () => {
    const br = encodeBinary({ arch: "arm64", bytes });
    const gz = encodeBinary({ arch: "arm64", bytes }, { compression: "gzip" });
    assert.equal(br.compression, "br");
    assert.ok(br.data.length < gz.data.length, `br ${br.data.length} vs gzip ${gz.data.length}`);
  });

  it("writes a module that imports and holds one record per arch", async () => {
    const dir = mkdtempSync(join(tmpdir(), "trap-embed-"));
    try {
      mkdirSync(join(dir, "trap"));
      writeFileSync(join(dir, "package.json"), '{"type":"module"}');
      copyFileSync(join(TRAP_SRC, "types.ts"), join(dir, "trap", "types.ts"));
      const src = encodeEmbeddedModule(
        [
          { arch: "arm64", bytes: bytes.subarray(0, 1000) },
          { arch: "x86_64", bytes },
        ],
        { quality: 5 },
      );
      writeFileSync(join(dir, "trap", "embedded.ts"), src);
      const mod = (await import(pathToFileURL(join(dir, "trap", "embedded.ts")).href)) as { embedded: EmbeddedBinary[] };
      assert.deepEqual(mod.embedded.map((r) => r.arch), ["arm64", "x86_64"]);
      assert.ok(decodeBinary(mod.embedded[1]!).equals(bytes));
      assert.ok(decodeBinary(mod.embedded[0]!).equals(bytes.subarray(0, 1000)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("with { sidecar: true } each record names its sidecar file, and the module keeps it", async () => {
    const rec = encodeBinary({ arch: "x86_64", bytes }, { compression: "gzip", sidecar: true });
    assert.equal(rec.file, `bin/rust-x86_64-${sha256Hex(bytes).slice(0, 16)}`);
    assert.equal(encodeBinary({ arch: "x86_64", bytes }, { compression: "gzip" }).file, undefined, "no sidecar unless asked");
    const src = encodeEmbeddedModule([{ arch: "arm64", bytes }], { compression: "gzip", sidecar: true });
    assert.match(src, new RegExp(`file: "bin/rust-arm64-${sha256Hex(bytes).slice(0, 16)}", get data\\(\\) \\{ return \\["`));
  });

  it("writes data as a getter (compiled only when read): the record still reads as a plain string", async () => {
    const dir = mkdtempSync(join(tmpdir(), "trap-embed-"));
    try {
      writeFileSync(join(dir, "package.json"), '{"type":"module"}');
      copyFileSync(join(TRAP_SRC, "types.ts"), join(dir, "types.ts"));
      const src = encodeEmbeddedModule([{ arch: "arm64", bytes }], { compression: "none" });
      // 200,000 bytes = 266,668 base64 characters: five literals of at most 64 KiB
      const m = /get data\(\) \{ return \[("[A-Za-z0-9+/=]*"(?:,"[A-Za-z0-9+/=]*")*)\]\.join\(""\); \}/.exec(src);
      assert.ok(m, src.slice(0, 300));
      const chunks = JSON.parse(`[${m[1]!}]`) as string[];
      assert.deepEqual(chunks.map((c) => c.length), [65536, 65536, 65536, 65536, 4524]);
      assert.doesNotMatch(src, /[^t] data: "/, "no eager data property");
      writeFileSync(join(dir, "embedded.ts"), src);
      const mod = (await import(pathToFileURL(join(dir, "embedded.ts")).href)) as { embedded: EmbeddedBinary[] };
      const rec = mod.embedded[0]!;
      assert.equal(typeof rec.data, "string");
      assert.ok(Buffer.from(rec.data, "base64").equals(bytes));
      const copy = JSON.parse(JSON.stringify({ ...rec })) as EmbeddedBinary;
      assert.equal(copy.data, rec.data, "spreads and serializes like a plain property");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the empty form matches the embedded.ts shipped in the template", async () => {
    const { readFileSync } = await import("node:fs");
    assert.equal(encodeEmbeddedModule([]), readFileSync(join(TRAP_SRC, "embedded.ts"), "utf8"));
  });

  it("rejects two binaries for one arch and unknown arches", () => {
    assert.throws(() => encodeEmbeddedModule([{ arch: "arm64", bytes }, { arch: "arm64", bytes }]), /two binaries for arm64/);
    assert.throws(() => encodeEmbeddedModule([{ arch: "x64" as "x86_64", bytes }]), /unknown arch "x64"/);
  });
});
