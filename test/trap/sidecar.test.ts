// The sidecar files: names, atomic 0755 writes, pruning of earlier builds' sidecars only.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { isSidecarFile, pruneSidecars, sidecarFile, writeSidecars } from "../../template/base/server/trap/sidecar.ts";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "trap-sidecar-"));
  dirs.push(d);
  return d;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const SHA = "0123456789abcdef".repeat(4);

describe("sidecar", () => {
  it("names bin/rust-<arch>-<first 16 hex of the sha256>", () => {
    assert.equal(sidecarFile("x86_64", SHA), "bin/rust-x86_64-0123456789abcdef");
    assert.equal(sidecarFile("arm64", "f".repeat(64)), "bin/rust-arm64-ffffffffffffffff");
    assert.throws(() => sidecarFile("arm64", "xyz"), /not a hex sha256/);
  });

  it("recognizes only its own names (no other path is ever opened)", () => {
    assert.ok(isSidecarFile("bin/rust-arm64-0123456789abcdef"));
    for (const bad of ["../bin/rust-arm64-0123456789abcdef", "bin/../../etc/passwd", "bin/rust-x64-0123456789abcdef", "bin/rust-arm64-0123", "/bin/rust-arm64-0123456789abcdef", "rust-arm64-0123456789abcdef"]) {
      assert.equal(isSidecarFile(bad), false, bad);
    }
  });

  it("writes each sidecar with its bytes, mode 0755, and no temp files left", () => {
    const trap = tempDir();
    const a = Buffer.from("first binary");
    const b = Buffer.from("second binary, longer");
    const paths = writeSidecars(trap, [
      { file: sidecarFile("arm64", SHA), bytes: a },
      { file: sidecarFile("x86_64", "a".repeat(64)), bytes: b },
    ]);
    assert.deepEqual(paths, [join(trap, "bin/rust-arm64-0123456789abcdef"), join(trap, "bin/rust-x86_64-aaaaaaaaaaaaaaaa")]);
    assert.ok(readFileSync(paths[0]!).equals(a));
    assert.ok(readFileSync(paths[1]!).equals(b));
    for (const p of paths) assert.equal(statSync(p).mode & 0o777, 0o755);
    assert.deepEqual(readdirSync(join(trap, "bin")).sort(), ["rust-arm64-0123456789abcdef", "rust-x86_64-aaaaaaaaaaaaaaaa"]);
  });

  it("rewrites an existing sidecar atomically (new inode) and refuses other names", () => {
    const trap = tempDir();
    const file = sidecarFile("arm64", SHA);
    const [path] = writeSidecars(trap, [{ file, bytes: Buffer.from("old") }]);
    const ino = statSync(path!).ino;
    writeSidecars(trap, [{ file, bytes: Buffer.from("new") }]);
    assert.equal(readFileSync(path!, "utf8"), "new");
    assert.notEqual(statSync(path!).ino, ino);
    assert.throws(() => writeSidecars(trap, [{ file: "bin/../x", bytes: Buffer.from("x") }]), /not a sidecar name/);
  });

  it("prunes earlier sidecars not in the current set and leaves other files alone", () => {
    const trap = tempDir();
    mkdirSync(join(trap, "bin"));
    for (const name of ["rust-arm64-1111111111111111", "rust-x86_64-2222222222222222", "rust-arm64-0123456789abcdef", "README.txt", "rust-arm64-short"]) {
      writeFileSync(join(trap, "bin", name), "x");
    }
    const removed = pruneSidecars(trap, [sidecarFile("arm64", SHA)]);
    assert.deepEqual(removed.sort(), ["rust-arm64-1111111111111111", "rust-x86_64-2222222222222222"]);
    assert.deepEqual(readdirSync(join(trap, "bin")).sort(), ["README.txt", "rust-arm64-0123456789abcdef", "rust-arm64-short"]);
    assert.deepEqual(pruneSidecars(tempDir(), []), [], "no bin/ folder: nothing to do");
  });
});
