/**
 * Template rendering (docs/ARCHITECTURE.md, "Template rendering"): `{{token}}`,
 * `{{#if flag}}…{{else}}…{{/if}}`, `{{#unless flag}}…{{/unless}}`. Unknown tokens or flags
 * are errors, never left in the output. Also reads a template folder into memory.
 */
import fs from "node:fs";
import nodePath from "node:path";

export interface RenderContext {
  tokens: Readonly<Record<string, string>>;
  flags: Readonly<Record<string, boolean>>;
}

export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RenderError";
  }
}

const TAG = String.raw`\{\{(?:#if [A-Za-z][A-Za-z0-9_]*|#unless [A-Za-z][A-Za-z0-9_]*|else|/if|/unless)\}\}`;
/** A block tag alone on its line: the whole line goes, so blocks leave no blank lines. */
const STANDALONE_TAG = new RegExp(String.raw`^[ \t]*(${TAG})[ \t]*\r?\n`, "gm");
const BLOCK = /\{\{#(if|unless) ([A-Za-z][A-Za-z0-9_]*)\}\}([\s\S]*?)(?:\{\{else\}\}([\s\S]*?))?\{\{\/\1\}\}/g;
const TOKEN = /\{\{([A-Za-z][A-Za-z0-9_.]*)\}\}/g;
const LEFTOVER = /\{\{(#if|#unless|else|\/if|\/unless)\b[^}]*\}\}/;

export function renderText(text: string, ctx: RenderContext, where = "template"): string {
  const withBlocks = text.replace(STANDALONE_TAG, "$1").replace(BLOCK, (_m, kind: string, flag: string, yes: string, no: string | undefined) => {
    if (!Object.hasOwn(ctx.flags, flag)) {
      throw new RenderError(`${where}: unknown flag "${flag}" in {{#${kind} ${flag}}} (known: ${Object.keys(ctx.flags).join(", ")})`);
    }
    const value = ctx.flags[flag] === true;
    const chosen = (kind === "if" ? value : !value) ? yes : (no ?? "");
    return chosen;
  });
  const leftover = LEFTOVER.exec(withBlocks);
  if (leftover) {
    throw new RenderError(`${where}: unbalanced or nested block tag ${leftover[0]} (blocks cannot nest; every {{#if}} needs its {{/if}})`);
  }
  return withBlocks.replace(TOKEN, (_match, name: string, offset: number) => {
    if (!Object.hasOwn(ctx.tokens, name)) {
      const line = withBlocks.slice(0, offset).split("\n").length;
      throw new RenderError(`${where}: unknown token {{${name}}} (rendered line ${line}; known: ${Object.keys(ctx.tokens).join(", ")})`);
    }
    return ctx.tokens[name] as string;
  });
}

export interface TemplateFile {
  /** Path relative to the template folder, always with "/" separators. */
  path: string;
  contents: Buffer;
  mode: number;
}

/** Reads every file under `dir` (sorted, "/"-separated relative paths). Missing dir → []. */
export function readTemplateDir(dir: string, pathImpl: typeof nodePath = nodePath): TemplateFile[] {
  const out: TemplateFile[] = [];
  const walk = (abs: string, rel: string[]): void => {
    const entries = fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const childAbs = pathImpl.join(abs, entry.name);
      if (entry.isDirectory()) walk(childAbs, [...rel, entry.name]);
      else if (entry.isFile()) {
        const stat = fs.statSync(childAbs);
        out.push({ path: [...rel, entry.name].join("/"), contents: fs.readFileSync(childAbs), mode: stat.mode & 0o777 });
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir, []);
  return out;
}

/** A file is treated as binary (copied untouched) when it holds a NUL byte. */
export function isBinary(contents: Buffer): boolean {
  return contents.includes(0);
}
