/**
 * One project name → every derived name (npm package, Rust crate, Genezio project, TS class).
 * Pure. The rule is strict on purpose so that no name the user typed is ever rewritten:
 * the name is used as-is for npm and Genezio; the crate and class names are derived
 * deterministically and shown to the user before anything is written.
 */
import nodePath from "node:path";

export type PathImpl = Pick<typeof nodePath, "sep" | "resolve" | "relative" | "dirname" | "basename" | "join" | "isAbsolute" | "parse">;

export interface ProjectNames {
  projectName: string;
  packageName: string;
  crateName: string;
  genezioName: string;
  className: string;
}

export const MAX_NAME_LENGTH = 64;

export const NAME_RULE =
  "a project name is 1-64 characters of lowercase letters (a-z), digits and single hyphens, " +
  "starting with a letter and not ending with a hyphen (e.g. my-app)";

/** Strict and reserved Rust keywords (2015-2024 editions), all of which are invalid crate names. */
export const RUST_KEYWORDS: ReadonlySet<string> = new Set([
  "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
  "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
  "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
  "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
  "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union",
]);

/** Crate/binary names Cargo refuses or that clash with the standard library, Cargo's output folders or Windows devices. */
export const RESERVED_CRATE_NAMES: ReadonlySet<string> = new Set([
  "std", "core", "alloc", "proc_macro", "test", "build", "deps", "examples", "incremental",
  "con", "prn", "aux", "nul",
  ...Array.from({ length: 9 }, (_, i) => `com${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `lpt${i + 1}`),
]);

/**
 * Class names the generated server/service.ts cannot use: identifiers it imports and
 * globals it (or the trap runtime it imports) relies on.
 */
export const RESERVED_CLASS_NAMES: ReadonlySet<string> = new Set([
  "RustTrap", "GenezioDeploy", "GenezioMethod", "GenezioHttpRequest", "GenezioHttpResponse",
  "Object", "Array", "Promise", "Error", "Buffer", "String", "Number", "Boolean", "Symbol",
  "Map", "Set", "Date", "JSON", "Math", "Function", "RegExp", "Proxy", "Reflect", "URL",
  "Request", "Response", "Headers", "Uint8Array", "TextEncoder", "TextDecoder", "Infinity", "NaN",
]);

export class NameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NameError";
  }
}

const NAME_PATTERN = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$/;

function describeBadChars(name: string): string {
  const bad = [...new Set([...name].filter((c) => !/[a-z0-9-]/.test(c)))];
  const shown = bad.map((c) => (c === " " ? "space" : JSON.stringify(c))).join(", ");
  const upper = bad.some((c) => /[A-Z]/.test(c)) ? " (uppercase letters are not allowed)" : "";
  return `it contains ${shown}${upper}`;
}

/**
 * A valid name close to `name` (lowercase, other characters → single hyphens, a leading
 * digit gets an "app-" prefix), offered in the error message only; undefined when none fits.
 */
export function suggestName(name: string): string | undefined {
  let s = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (/^[0-9]/.test(s)) s = `app-${s}`;
  s = s.slice(0, MAX_NAME_LENGTH).replace(/-+$/, "");
  if (!NAME_PATTERN.test(s)) return undefined;
  const crate = s.replaceAll("-", "_");
  return RUST_KEYWORDS.has(crate) || RESERVED_CRATE_NAMES.has(crate) ? undefined : s;
}

/** Validates a project name and derives every other name from it; throws NameError naming the rule. */
export function deriveNames(name: string): ProjectNames {
  const fail = (why: string): never => {
    const suggestion = suggestName(name);
    const hint = suggestion && suggestion !== name ? `\n  Fix: use ${JSON.stringify(suggestion)} instead (a name is never rewritten for you).` : "";
    throw new NameError(`Invalid project name ${JSON.stringify(name)}: ${why}.\n  Rule: ${NAME_RULE}.${hint}`);
  };
  if (name.length === 0) fail("it is empty");
  if (name.length > MAX_NAME_LENGTH) fail(`it is ${name.length} characters long (at most ${MAX_NAME_LENGTH})`);
  if (!/^[a-z0-9-]*$/.test(name)) fail(describeBadChars(name));
  if (!/^[a-z]/.test(name)) fail("it must start with a lowercase letter");
  if (!NAME_PATTERN.test(name)) fail("hyphens must be single and between letters or digits");

  const crateName = name.replaceAll("-", "_");
  if (RUST_KEYWORDS.has(crateName)) fail(`the crate name ${crateName} would be a Rust keyword`);
  if (RESERVED_CRATE_NAMES.has(crateName)) fail(`the crate name ${crateName} is reserved (std, core, test, build, ... and Windows device names)`);

  const className = name
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
  if (RESERVED_CLASS_NAMES.has(className)) fail(`the class name ${className} clashes with a name the generated service.ts uses`);

  return { projectName: name, packageName: name, crateName, genezioName: name, className };
}

/** The Genezio project name rule (genezio.yaml `name`). */
export const GENEZIO_NAME_PATTERN = /^[a-zA-Z][-a-zA-Z0-9]*$/;

function separators(pathImpl: PathImpl): RegExp {
  return pathImpl.sep === "\\" ? /[\\/]+/ : /\/+/;
}

/**
 * The project name a `[dir]` argument stands for: its last path segment.
 * Refuses `.`/`..`/empty and any `..` segment (path traversal) instead of guessing.
 */
export function nameFromDir(dir: string, pathImpl: PathImpl = nodePath): string {
  if (dir.trim().length === 0) throw new NameError(`Invalid project folder "": it is empty.\n  Rule: ${NAME_RULE}.`);
  const segments = dir.split(separators(pathImpl)).filter((s) => s.length > 0);
  if (segments.includes("..")) {
    throw new NameError(
      `Invalid project folder ${JSON.stringify(dir)}: ".." segments are not allowed.\n  Fix: cd to the parent folder first and give the new folder's name.`,
    );
  }
  const last = segments.filter((s) => s !== ".").at(-1);
  if (last === undefined || (pathImpl.sep === "\\" && /^[A-Za-z]:$/.test(last))) {
    throw new NameError(
      `Invalid project folder ${JSON.stringify(dir)}: it names no new folder.\n  Fix: give the new folder's name, e.g. create-genezio-rust my-app.`,
    );
  }
  return last;
}
