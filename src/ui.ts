/** Colours (honouring NO_COLOR, FORCE_COLOR and non-terminals), help text and message helpers. */
import { NAME_RULE } from "./names.js";
import {
  ARCH_CHOICES, DEFAULT_ARCH, DEFAULT_PROJECT_NAME, DEFAULT_REGION, DEFAULT_TEMPLATE, DEFAULT_TOOLCHAIN,
  REGION_NAMES, TEMPLATES, TOOLCHAINS,
} from "./templates.js";

export interface ColorEnv {
  NO_COLOR?: string | undefined;
  FORCE_COLOR?: string | undefined;
  TERM?: string | undefined;
}

/** NO_COLOR (any non-empty value) wins; then FORCE_COLOR; then colour only on a terminal that is not "dumb". */
export function shouldUseColor(isTTY: boolean, env: ColorEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  return isTTY && env.TERM !== "dumb";
}

export type Paint = (text: string) => string;
export interface Colors {
  bold: Paint; dim: Paint; red: Paint; green: Paint; yellow: Paint; cyan: Paint;
}

export function makeColors(enabled: boolean): Colors {
  const wrap = (open: number, close: number): Paint => (text) => (enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };
}

/** The command that shows the help, as the user invoked this CLI (npm needs "--" before flags). */
export function helpCommand(invocation: { prefix: string; flagSeparator: boolean }): string {
  return `${invocation.prefix}${invocation.flagSeparator ? " --" : ""} --help`;
}

/**
 * Genezio copies the class's dependencies from server/node_modules, which only npm's nested
 * install (the project's .npmrc) fills; other package managers need one npm run for server/.
 */
export function serverInstallHint(pm: "npm" | "pnpm" | "yarn" | "bun"): string | undefined {
  if (pm === "npm") return undefined;
  return `With ${pm}, also run once: npm install --prefix server --install-strategy=nested
` +
    `  (genezio deploy copies the class's dependencies from server/node_modules; see the project's README)`;
}

export function helpText(version: string): string {
  const templates = Object.entries(TEMPLATES).map(([k, t]) => `      ${k.padEnd(15)} ${t.description}`).join("\n");
  const arches = Object.entries(ARCH_CHOICES).map(([k, a]) => `      ${k.padEnd(15)} ${a.description}`).join("\n");
  const toolchains = Object.entries(TOOLCHAINS).map(([k, t]) => `      ${k.padEnd(15)} ${t.description}`).join("\n");
  const regionRows = Array.from({ length: Math.ceil(REGION_NAMES.length / 6) }, (_, i) => `      ${REGION_NAMES.slice(i * 6, i * 6 + 6).join(", ")}`).join("\n");
  return `create-genezio-rust ${version}
Scaffold a Genezio backend written in Rust, carried by a TypeScript trap class.

Usage:
  npm create genezio-rust@latest [dir] -- [options]
  create-genezio-rust [dir] [options]

Options:
  -t, --template <name>   project template (default ${DEFAULT_TEMPLATE}):
${templates}
  --arch <arch>           Lambda architecture(s) to build and embed (default ${DEFAULT_ARCH}):
${arches}
  --toolchain <name>      cross-compiler the build prefers (default ${DEFAULT_TOOLCHAIN}):
${toolchains}
  --region <region>       Genezio region (default ${DEFAULT_REGION}); one of:
${regionRows}
  -y, --yes               use the defaults for everything not given (folder: ${DEFAULT_PROJECT_NAME})
  --overwrite             write into a non-empty folder, replacing only the files the
                          template writes (nothing else is deleted)
  --no-install            do not install npm dependencies
  --no-git                do not create a git repository
  -h, --help              show this help
  -v, --version           show the version

Names:
  [dir] is the folder to create; its last segment is the project name.
  Rule: ${NAME_RULE}.
  The name is used as-is for the npm package and the Genezio project; the Rust crate name
  replaces "-" with "_" (my-app -> my_app) and the TypeScript class is its PascalCase
  (my-app -> MyApp). Both are shown before anything is written. Names whose crate name is a
  Rust keyword or reserved (std, core, test, self, ...) are refused; nothing is rewritten.

Interactive when stdin and stdout are terminals, CI is unset and --yes is absent.
Otherwise the folder and --template are required (or --yes); --arch defaults to ${DEFAULT_ARCH}.
Exit codes: 0 done, 1 refused or failed (the message says why and how to fix it), 130 cancelled.
`;
}
