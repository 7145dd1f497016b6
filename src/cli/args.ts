/**
 * argv → RawArgs. Unknown flags, missing or invalid values → UsageError listing the valid values.
 * Nothing falls back silently.
 */
import {
  ARCH_CHOICE_NAMES, REGION_NAMES, TEMPLATE_NAMES, TOOLCHAIN_NAMES, isOneOf,
  type ArchChoice, type Region, type TemplateName, type Toolchain,
} from "../templates.js";

export interface RawArgs {
  dir?: string;
  template?: TemplateName;
  arch?: ArchChoice;
  toolchain?: Toolchain;
  region?: Region;
  yes: boolean;
  overwrite: boolean;
  install: boolean;
  git: boolean;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

type ValueFlag = "template" | "arch" | "toolchain" | "region";
const VALUE_FLAGS: Record<string, ValueFlag> = {
  "-t": "template", "--template": "template",
  "--arch": "arch",
  "--toolchain": "toolchain",
  "--region": "region",
};
const VALID: Record<ValueFlag, readonly string[]> = {
  template: TEMPLATE_NAMES, arch: ARCH_CHOICE_NAMES, toolchain: TOOLCHAIN_NAMES, region: REGION_NAMES,
};
type BoolFlag = "yes" | "overwrite" | "help" | "version";
const BOOL_FLAGS: Record<string, BoolFlag> = {
  "-y": "yes", "--yes": "yes", "--overwrite": "overwrite", "-h": "help", "--help": "help", "-v": "version", "--version": "version",
};
const NEGATED: Record<string, "install" | "git"> = { "--no-install": "install", "--no-git": "git" };

export const FLAG_NAMES = [...Object.keys(VALUE_FLAGS), ...Object.keys(BOOL_FLAGS), ...Object.keys(NEGATED)];

function setValue(args: RawArgs, key: ValueFlag, flag: string, value: string | undefined): void {
  const valid = VALID[key];
  if (value === undefined || value === "") {
    throw new UsageError(`${flag} needs a value: one of ${valid.join(", ")}`);
  }
  if (!isOneOf(valid, value)) {
    throw new UsageError(`Invalid value for ${flag}: ${JSON.stringify(value)}. Valid values: ${valid.join(", ")}`);
  }
  if (args[key] !== undefined && args[key] !== value) {
    throw new UsageError(`${flag} given twice with different values (${args[key]}, ${value}); give it once`);
  }
  (args as unknown as Record<string, string>)[key] = value;
}

export function parseArgs(argv: readonly string[]): RawArgs {
  const args: RawArgs = { yes: false, overwrite: false, install: true, git: true, help: false, version: false };
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!onlyPositionals && arg === "--") {
      onlyPositionals = true;
      continue;
    }
    if (onlyPositionals || !arg.startsWith("-") || arg === "-") {
      if (args.dir !== undefined) {
        throw new UsageError(`Unexpected extra argument ${JSON.stringify(arg)}: give one project folder (already have ${JSON.stringify(args.dir)})`);
      }
      args.dir = arg;
      continue;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const valueKey = VALUE_FLAGS[flag];
    if (valueKey) {
      if (inline !== undefined) setValue(args, valueKey, flag, inline);
      else {
        const next = argv[i + 1];
        setValue(args, valueKey, flag, next === undefined || next.startsWith("-") ? undefined : next);
        i++;
      }
      continue;
    }
    if (inline !== undefined) throw new UsageError(`${flag} takes no value (got ${JSON.stringify(arg)})`);
    const boolKey = BOOL_FLAGS[flag];
    if (boolKey) {
      args[boolKey] = true;
      continue;
    }
    const negated = NEGATED[flag];
    if (negated) {
      args[negated] = false;
      continue;
    }
    throw new UsageError(`Unknown option ${JSON.stringify(flag)}. Valid options: ${FLAG_NAMES.join(", ")}`);
  }
  return args;
}
