/**
 * A small argv parser shared by the scripts: `--flag value`, `--flag=value`, boolean flags,
 * repeatable flags, and (for deploy) pass-through of everything it does not know.
 */

export interface FlagSpec {
  /** Flag name without the leading dashes, e.g. "arch". */
  readonly name: string;
  /** True when the flag takes a value (`--arch arm64`). */
  readonly value?: boolean;
  /** True when the flag may be given more than once. */
  readonly repeat?: boolean;
  /** Allowed values, listed in the error message. */
  readonly choices?: readonly string[];
  /** One line for --help. */
  readonly help: string;
}

export interface ParsedArgs {
  /** Values given for value flags, in order. */
  readonly values: ReadonlyMap<string, readonly string[]>;
  /** Boolean flags that were given. */
  readonly switches: ReadonlySet<string>;
  /** Arguments not consumed: unknown flags (with passThrough) and everything after `--`. */
  readonly rest: readonly string[];
}

export class UsageError extends Error {
  override name = "UsageError";
}

export function parseArgs(
  argv: readonly string[],
  specs: readonly FlagSpec[],
  options: { passThrough?: boolean } = {},
): ParsedArgs {
  const values = new Map<string, string[]>();
  const switches = new Set<string>();
  const rest: string[] = [];
  const byName = new Map(specs.map((s) => [s.name, s]));

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("--")) {
      if (options.passThrough) {
        rest.push(arg);
        continue;
      }
      throw new UsageError(`unexpected argument "${arg}"\n${usage(specs)}`);
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const spec = byName.get(name);
    if (!spec) {
      if (options.passThrough) {
        rest.push(arg);
        continue;
      }
      throw new UsageError(`unknown flag --${name}\n${usage(specs)}`);
    }
    if (!spec.value) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      switches.add(name);
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith("--")) {
        throw new UsageError(`--${name} needs a value${choicesText(spec)}`);
      }
      i++;
    }
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(`--${name} ${JSON.stringify(value)} is not valid${choicesText(spec)}`);
    }
    const list = values.get(name) ?? [];
    if (list.length > 0 && !spec.repeat) throw new UsageError(`--${name} was given more than once`);
    list.push(value);
    values.set(name, list);
  }
  return { values, switches, rest };
}

/** The last value given for a flag, or undefined. */
export function valueOf(args: ParsedArgs, name: string): string | undefined {
  const list = args.values.get(name);
  return list ? list[list.length - 1] : undefined;
}

export function usage(specs: readonly FlagSpec[]): string {
  const lines = specs.map((s) => {
    const left = `--${s.name}${s.value ? ` <${s.choices ? s.choices.join("|") : "value"}>` : ""}`;
    return `  ${left.padEnd(34)} ${s.help}`;
  });
  return `options:\n${lines.join("\n")}`;
}

function choicesText(spec: FlagSpec): string {
  return spec.choices ? ` (one of: ${spec.choices.join(", ")})` : "";
}
