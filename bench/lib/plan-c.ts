/**
 * The seed post's "Plan C", done naively, as the baseline for P3/P5: the binary as a raw
 * base64 string literal, decoded at module load, written with writeFileSync, chmod 755,
 * then run with execSync (through a shell) inheriting stdio.
 */

/** Source of the naive Plan C module (an .mjs) for one binary. Pure. */
export function renderPlanCModule(binary: Uint8Array): string {
  const b64 = Buffer.from(binary.buffer, binary.byteOffset, binary.byteLength).toString("base64");
  return [
    'import { writeFileSync, chmodSync } from "node:fs";',
    'import { execSync } from "node:child_process";',
    "",
    `const TRAP_BIN = Buffer.from('${b64}', 'base64');`,
    // the post writes /tmp/trap; the bench passes a per-run path so runs never share a file
    "const TRAP_PATH = process.env.BENCH_TRAP_PATH ?? '/tmp/trap';",
    "writeFileSync(TRAP_PATH, TRAP_BIN);",
    "chmodSync(TRAP_PATH, '755');",
    "execSync(TRAP_PATH, { stdio: 'inherit' });",
    "",
  ].join("\n");
}

/** Plan C's first line alone, exported (for timing its parse + decode phase). Pure. */
export function renderPlanCDataModule(binary: Uint8Array): string {
  const b64 = Buffer.from(binary.buffer, binary.byteOffset, binary.byteLength).toString("base64");
  return `export const TRAP_BIN = Buffer.from('${b64}', 'base64');\n`;
}
