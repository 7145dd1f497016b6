/** The conformance results and their summary table (template × arch × check → pass/fail), pure. */

export type Outcome = "pass" | "fail" | "n/a";

export interface CheckResult {
  template: string;
  arch: string;
  check: string;
  outcome: Outcome;
  /** why it failed, or why it does not apply */
  note?: string;
}

export class Results {
  readonly rows: CheckResult[] = [];

  record(r: CheckResult): void {
    const i = this.rows.findIndex((x) => x.template === r.template && x.arch === r.arch && x.check === r.check);
    if (i >= 0) this.rows[i] = r;
    else this.rows.push(r);
  }

  get failures(): CheckResult[] {
    return this.rows.filter((r) => r.outcome === "fail");
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

export interface TableOrder {
  /** column order; checks not listed follow in first-seen order */
  checks?: readonly string[];
  /** row order ("template × arch"); rows not listed follow */
  cells?: readonly string[];
}

/** A fixed-width table: one row per template × arch, one column per check, then the notes. */
export function renderTable(rows: readonly CheckResult[], order: TableOrder = {}): string {
  if (rows.length === 0) return "conformance: no checks ran\n";
  const seenChecks = unique(rows.map((r) => r.check));
  const seenCells = unique(rows.map((r) => `${r.template} × ${r.arch}`));
  const checks = unique([...(order.checks ?? []).filter((c) => seenChecks.includes(c)), ...seenChecks]);
  const cells = unique([...(order.cells ?? []).filter((c) => seenCells.includes(c)), ...seenCells]);
  const get = (cell: string, check: string): string =>
    rows.find((r) => `${r.template} × ${r.arch}` === cell && r.check === check)?.outcome ?? "-";
  const head = ["template × arch", ...checks];
  const body = cells.map((cell) => [cell, ...checks.map((c) => get(cell, c))]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cols: string[]): string => cols.map((c, i) => c.padEnd(widths[i]!)).join(" | ").trimEnd();
  const out = [line(head), widths.map((w) => "-".repeat(w)).join("-|-"), ...body.map(line)];
  const failures = rows.filter((r) => r.outcome === "fail");
  if (failures.length > 0) {
    out.push("", "failures:");
    for (const r of failures) out.push(`  ${r.template} × ${r.arch} × ${r.check}: ${r.note ?? "(no reason recorded)"}`);
  }
  const na = unique(rows.filter((r) => r.outcome === "n/a").map((r) => `${r.check}: ${r.note ?? ""}`));
  if (na.length > 0) {
    out.push("", "not applicable:");
    for (const line of na) out.push(`  ${line}`);
  }
  const failed = rows.filter((r) => r.outcome === "fail").length;
  const passed = rows.filter((r) => r.outcome === "pass").length;
  out.push("", `${passed} passed, ${failed} failed, ${rows.length - passed - failed} not applicable`);
  return out.join("\n") + "\n";
}
