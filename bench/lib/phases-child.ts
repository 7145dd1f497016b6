/**
 * Bundled by P3 into a standalone .mjs and run in fresh Node processes: times each phase
 * of what the trap's loader does at a cold start (the embedded module is imported from
 * argv[2], a separately bundled file, so its parse time is measured on its own): with the
 * sidecar (argv[5]) or decoding the embedded payload; then the same for the naive Plan C
 * module (argv[3]). argv[4] picks which. Prints one JSON line.
 */
import { execFileSync, execSync } from "node:child_process";
import { accessSync, chmodSync, closeSync, constants, fstatSync, mkdtempSync, openSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { createHash } from "node:crypto";

interface EmbeddedBinary {
  sha256: string;
  compression: string;
  data: string;
}
/** what embed-format.ts's sha256Hex does (imported from template/ it would drag template/base/package.json in) */
const sha256Hex = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

const now = (): bigint => process.hrtime.bigint();
const ms = (a: bigint, b: bigint): number => Number(b - a) / 1e6;

const [, , embeddedModule, planCDataModule, which, sidecar] = process.argv;
const scratch = mkdtempSync(join(tmpdir(), "cgr-bench-phases-"));
const out: Record<string, number> = {};
try {
  if (which === "sidecar") {
    const t0 = now();
    const { embedded } = (await import(embeddedModule!)) as { embedded: readonly EmbeddedBinary[] };
    const t1 = now();
    accessSync(sidecar!, constants.X_OK);
    const t2 = now();
    // what the loader does: one read in 256 KiB chunks, each hashed as it arrives
    const fd = openSync(sidecar!, "r");
    const size = fstatSync(fd).size;
    const buf = Buffer.allocUnsafe(256 * 1024);
    const hash = createHash("sha256");
    for (let off = 0; off < size; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, size - off), off);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      off += n;
    }
    closeSync(fd);
    const ok = hash.digest("hex") === embedded[0]!.sha256;
    const t3 = now();
    if (!ok) throw new Error("sidecar sha256 mismatch");
    Object.assign(out, { parse: ms(t0, t1), access: ms(t1, t2), readAndSha256: ms(t2, t3) });
  } else if (which === "ours") {
    const t0 = now();
    const { embedded } = (await import(embeddedModule!)) as { embedded: readonly EmbeddedBinary[] };
    const t1 = now();
    const rec = embedded[0]!;
    const data = rec.data; // a getter: V8 compiles it (and builds the string) here
    const t1b = now();
    const packed = Buffer.from(data, "base64");
    const t2 = now();
    const raw = rec.compression === "br" ? brotliDecompressSync(packed) : packed;
    const t3 = now();
    const ok = sha256Hex(raw) === rec.sha256;
    const t4 = now();
    const tmp = join(scratch, "bin.tmp");
    const fd = openSync(tmp, "wx", 0o700);
    writeSync(fd, raw);
    closeSync(fd);
    chmodSync(tmp, 0o755);
    renameSync(tmp, join(scratch, "bin"));
    const t5 = now();
    if (!ok) throw new Error("sha256 mismatch");
    Object.assign(out, { parse: ms(t0, t1), getter: ms(t1, t1b), base64: ms(t1b, t2), decompress: ms(t2, t3), sha256: ms(t3, t4), write: ms(t4, t5) });
  } else {
    const t0 = now();
    const { TRAP_BIN } = (await import(planCDataModule!)) as { TRAP_BIN: Buffer };
    const t1 = now();
    writeFileSync(join(scratch, "trap"), TRAP_BIN);
    chmodSync(join(scratch, "trap"), "755");
    const t2 = now();
    execSync("true", { stdio: "inherit" });
    const t3 = now();
    execFileSync("true", [], { stdio: "inherit" });
    const t4 = now();
    Object.assign(out, { parseAndBase64: ms(t0, t1), write: ms(t1, t2), execSyncShell: ms(t2, t3), execFileSync: ms(t3, t4) });
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(out) + "\n");
