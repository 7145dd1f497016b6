/**
 * RawArgs (+ prompts when interactive) → Options. For each answer: the flag if given, else
 * the default with --yes, else a prompt when interactive, else MissingAnswerError naming
 * the exact command to run instead.
 */
import nodePath from "node:path";
import type { RawArgs } from "./cli/args.js";
import type { Prompter } from "./cli/prompts.js";
import { deriveNames, nameFromDir, NameError, type PathImpl, type ProjectNames } from "./names.js";
import {
  ARCH_CHOICES, ARCH_CHOICE_NAMES, DEFAULT_ARCH, DEFAULT_PROJECT_NAME, DEFAULT_REGION, DEFAULT_TEMPLATE,
  DEFAULT_TOOLCHAIN, TEMPLATES, TEMPLATE_NAMES,
  type ArchChoice, type Region, type TemplateName, type Toolchain,
} from "./templates.js";
import { quoteArg } from "./paths.js";

export interface Options {
  /** The folder as the user gave it. */
  dir: string;
  /** Absolute target folder. */
  targetDir: string;
  names: ProjectNames;
  template: TemplateName;
  arch: ArchChoice;
  toolchain: Toolchain;
  region: Region;
  install: boolean;
  git: boolean;
  overwrite: boolean;
}

export class MissingAnswerError extends Error {
  constructor(readonly missing: readonly string[], readonly command: string) {
    super(
      `Missing ${missing.join(" and ")} (no terminal to ask, and --yes was not given).\n` +
        `Run instead:\n  ${command}\nor add --yes to take the defaults.`,
    );
    this.name = "MissingAnswerError";
  }
}

export interface ResolveContext {
  interactive: boolean;
  prompter?: Prompter | undefined;
  cwd: string;
  /** How this CLI was invoked, e.g. "npm create genezio-rust@latest" (flags after "--") or "create-genezio-rust". */
  invocation: { prefix: string; flagSeparator: boolean };
  /** Returns a refusal message when the target folder cannot be used, else undefined. */
  checkTarget?: ((targetDir: string) => string | undefined) | undefined;
  pathImpl?: PathImpl | undefined;
  platform?: NodeJS.Platform | undefined;
}

/** The exact command line that answers everything, for non-interactive use. */
export function suggestedCommand(raw: RawArgs, ctx: Pick<ResolveContext, "invocation" | "platform">): string {
  const platform = ctx.platform ?? process.platform;
  const flags = [
    "--template", raw.template ?? DEFAULT_TEMPLATE,
    "--arch", raw.arch ?? DEFAULT_ARCH,
    ...(raw.toolchain ? ["--toolchain", raw.toolchain] : []),
    ...(raw.region ? ["--region", raw.region] : []),
    ...(raw.overwrite ? ["--overwrite"] : []),
    ...(raw.install ? [] : ["--no-install"]),
    ...(raw.git ? [] : ["--no-git"]),
  ];
  const dir = quoteArg(raw.dir ?? DEFAULT_PROJECT_NAME, platform);
  return [ctx.invocation.prefix, dir, ...(ctx.invocation.flagSeparator ? ["--"] : []), ...flags].join(" ");
}

function namesFor(dir: string, ctx: ResolveContext): { names: ProjectNames; targetDir: string } {
  const pathImpl = ctx.pathImpl ?? nodePath;
  const names = deriveNames(nameFromDir(dir, pathImpl));
  return { names, targetDir: pathImpl.resolve(ctx.cwd, dir) };
}

export async function resolveOptions(raw: RawArgs, ctx: ResolveContext): Promise<Options> {
  const ask = ctx.interactive && !raw.yes ? ctx.prompter : undefined;
  // A bad folder name is reported before missing answers, so the suggested command is usable.
  if (raw.dir !== undefined) namesFor(raw.dir, ctx);
  if (!ask && !raw.yes) {
    const missing: string[] = [];
    if (raw.dir === undefined) missing.push("the project folder");
    if (raw.template === undefined) missing.push("--template");
    if (missing.length > 0) throw new MissingAnswerError(missing, suggestedCommand(raw, ctx));
  }

  let dir = raw.dir;
  let resolved: { names: ProjectNames; targetDir: string };
  if (dir !== undefined) {
    resolved = namesFor(dir, ctx);
    const refusal = ctx.checkTarget?.(resolved.targetDir);
    if (refusal !== undefined) throw new TargetRefusedError(refusal);
  } else if (ask) {
    let last: { names: ProjectNames; targetDir: string } | undefined;
    dir = await ask.text({
      message: "Project name:",
      initial: DEFAULT_PROJECT_NAME,
      validate: (value) => {
        try {
          last = namesFor(value, ctx);
        } catch (e) {
          if (e instanceof NameError) return e.message;
          throw e;
        }
        return ctx.checkTarget?.(last.targetDir);
      },
    });
    resolved = last ?? namesFor(dir, ctx);
  } else {
    dir = DEFAULT_PROJECT_NAME;
    resolved = namesFor(dir, ctx);
    const refusal = ctx.checkTarget?.(resolved.targetDir);
    if (refusal !== undefined) throw new TargetRefusedError(refusal);
  }

  const template =
    raw.template ??
    (ask
      ? await ask.select({
          message: "Template:",
          choices: TEMPLATE_NAMES.map((t) => ({ value: t, label: t, hint: TEMPLATES[t].description })),
          initial: DEFAULT_TEMPLATE,
        })
      : DEFAULT_TEMPLATE);
  const arch =
    raw.arch ??
    (ask
      ? await ask.select({
          message: "Architecture:",
          choices: ARCH_CHOICE_NAMES.map((a) => ({ value: a, label: a, hint: ARCH_CHOICES[a].description })),
          initial: DEFAULT_ARCH,
        })
      : DEFAULT_ARCH);
  const install = raw.install && ask ? await ask.confirm({ message: "Install dependencies now?", initial: true }) : raw.install;

  return {
    dir,
    targetDir: resolved.targetDir,
    names: resolved.names,
    template,
    arch,
    toolchain: raw.toolchain ?? DEFAULT_TOOLCHAIN,
    region: raw.region ?? DEFAULT_REGION,
    install,
    git: raw.git,
    overwrite: raw.overwrite,
  };
}

export class TargetRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetRefusedError";
  }
}
