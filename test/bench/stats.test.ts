import assert from "node:assert/strict";
import { test } from "node:test";
import { median, quantile, ratio, formatRatio } from "../../bench/lib/stats.js";
import { notRun, renderTable, spliceResults } from "../../bench/lib/table.js";
import { concatPayload } from "../../bench/lib/payload.js";
import { renderPlanCModule } from "../../bench/lib/plan-c.js";

test("median of odd and even counts, unsorted input untouched", () => {
  const xs = [5, 1, 3];
  assert.equal(median(xs), 3);
  assert.deepEqual(xs, [5, 1, 3]);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.throws(() => median([]), /no samples/);
});

test("quantile uses nearest rank", () => {
  const xs = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1
  assert.equal(quantile(xs, 0.5), 50);
  assert.equal(quantile(xs, 0.99), 99);
  assert.equal(quantile(xs, 1), 100);
  assert.equal(quantile([7], 0.99), 7);
  assert.throws(() => quantile(xs, 1.5), /\[0, 1\]/);
});

test("ratio and its formatting", () => {
  assert.equal(ratio(3, 4), 0.75);
  assert.ok(Number.isNaN(ratio(1, 0)));
  assert.equal(formatRatio(0.375), "0.38×");
  assert.equal(formatRatio(Number.NaN), "n/a");
});

test("a not-run row carries the reason and no number", () => {
  const row = notRun("P3", "cold start", "≤ 0.4×", "stub missing");
  assert.equal(row.verdict, "not run");
  assert.equal(row.ours, "not run: stub missing");
  assert.equal(row.ratio, "");
});

test("table has the machine line and escapes pipes", () => {
  const md = renderTable(
    { cores: 2, cpuModel: "X", node: "v20", platform: "linux-x64", date: "d" },
    [{ id: "P1", measure: "a|b", ours: "1", baseline: "2", ratio: "0.50×", target: "≤ 1", verdict: "met" }],
  );
  assert.match(md, /^Machine: 2 cores \(X\), Node v20/);
  assert.match(md, /\| P1 \| a\\\|b \| 1 \| 2 \| 0\.50× \| ≤ 1 \| met \|/);
});

test("spliceResults replaces only the generated block", () => {
  const first = spliceResults(undefined, "TABLE 1");
  assert.match(first, /TABLE 1/);
  const edited = first + "\n## Notes\nkeep me\n";
  const second = spliceResults(edited, "TABLE 2");
  assert.doesNotMatch(second, /TABLE 1/);
  assert.match(second, /TABLE 2/);
  assert.match(second, /keep me/);
});

test("payload keeps the runnable ELF first and refuses a non-ELF", () => {
  const elf = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 1, 2]);
  const out = concatPayload(elf, Uint8Array.from([9, 9]));
  assert.deepEqual([...out], [0x7f, 0x45, 0x4c, 0x46, 1, 2, 9, 9]);
  assert.throws(() => concatPayload(Uint8Array.from([1, 2, 3, 4]), elf), /not an ELF/);
});

test("Plan C module holds the binary as one base64 literal", () => {
  const bin = Uint8Array.from([0, 1, 2, 250, 251, 252]);
  const src = renderPlanCModule(bin);
  assert.ok(src.includes(`Buffer.from('${Buffer.from(bin).toString("base64")}', 'base64')`));
  assert.match(src, /execSync\(TRAP_PATH, \{ stdio: 'inherit' \}\)/);
});
