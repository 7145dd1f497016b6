/** Output helpers: colours only on a terminal and never with NO_COLOR. */

/**
 * NO_COLOR (any non-empty value, https://no-color.org) wins; then FORCE_COLOR (non-empty,
 * not "0"); then colour only on a terminal that is not "dumb". The same rule as the scaffolder.
 */
export function colorEnabled(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  const noColor = env["NO_COLOR"];
  if (noColor !== undefined && noColor !== "") return false;
  const force = env["FORCE_COLOR"];
  if (force !== undefined && force !== "" && force !== "0") return true;
  return isTTY && env["TERM"] !== "dumb";
}

const useColor = colorEnabled(process.env, Boolean(process.stdout.isTTY));

function paint(code: number, text: string): string {
  return useColor ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export const green = (t: string): string => paint(32, t);
export const red = (t: string): string => paint(31, t);
export const yellow = (t: string): string => paint(33, t);
export const bold = (t: string): string => paint(1, t);
export const dim = (t: string): string => paint(2, t);

export const OK = green("✓");
export const FAIL = red("✗");

/** A step the script is taking, e.g. "build: arm64 with cargo zigbuild". */
export function step(script: string, text: string): void {
  console.log(`${bold(script)}: ${text}`);
}

/** A refusal or failure: what went wrong, then how to fix it. */
export function fail(script: string, reason: string, fix?: string): void {
  console.error(`${red(`${script}: ${reason}`)}${fix ? `\n  fix: ${fix}` : ""}`);
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(2)} MiB`;
}

/** Render a command line for display, quoting arguments that need it. */
export function showCommand(cmd: string, args: readonly string[]): string {
  return [cmd, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(" ");
}
