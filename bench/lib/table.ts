/** The rows every measure returns, and their Markdown rendering (pure). */

export type Verdict = "met" | "missed" | "info" | "not run";

export interface Row {
  id: string;
  measure: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  verdict: Verdict;
}

export interface Machine {
  cores: number;
  cpuModel: string;
  node: string;
  platform: string;
  date: string;
}

/** A row for a measure that could not run; never carries a number. */
export function notRun(id: string, measure: string, target: string, reason: string): Row {
  return { id, measure, ours: `not run: ${reason}`, baseline: "", ratio: "", target, verdict: "not run" };
}

export function verdict(ok: boolean): Verdict {
  return ok ? "met" : "missed";
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

export function renderTable(machine: Machine, rows: readonly Row[]): string {
  const head = [
    `Machine: ${machine.cores} cores (${machine.cpuModel}), Node ${machine.node}, ${machine.platform}; run ${machine.date}`,
    "",
    "| id | measure | ours | baseline | ratio | target | met/missed |",
    "|---|---|---|---|---|---|---|",
  ];
  const body = rows.map(
    (r) =>
      `| ${[r.id, r.measure, r.ours, r.baseline, r.ratio, r.target, r.verdict].map(cell).join(" | ")} |`,
  );
  return [...head, ...body].join("\n") + "\n";
}

const BEGIN = "<!-- bench:table:begin -->";
const END = "<!-- bench:table:end -->";

/**
 * Put the table (and run details) between the markers of an existing RESULTS.md, keeping the
 * hand-written notes around it; a file without markers gets a fresh layout.
 */
export function spliceResults(existing: string | undefined, generated: string): string {
  const block = `${BEGIN}\n${generated.trimEnd()}\n${END}`;
  if (existing !== undefined) {
    const b = existing.indexOf(BEGIN);
    const e = existing.indexOf(END);
    if (b !== -1 && e > b) return existing.slice(0, b) + block + existing.slice(e + END.length);
  }
  return `# Benchmark results\n\nWritten by \`npm run bench\` (bench/run.ts). Ratios and medians come from one run.\n\n${block}\n`;
}
