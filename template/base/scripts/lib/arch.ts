/** The two Lambda architectures, their musl Rust targets and ELF machine numbers. */

import { UsageError } from "./args.js";

export type Arch = "arm64" | "x86_64";

export const ARCHES: readonly Arch[] = ["arm64", "x86_64"];

export const TRIPLE: Readonly<Record<Arch, string>> = {
  arm64: "aarch64-unknown-linux-musl",
  x86_64: "x86_64-unknown-linux-musl",
};

/** ELF e_machine values: EM_AARCH64 and EM_X86_64. */
export const ELF_MACHINE: Readonly<Record<Arch, number>> = {
  arm64: 183,
  x86_64: 62,
};

export function isArch(value: string): value is Arch {
  return (ARCHES as readonly string[]).includes(value);
}

export function archOfMachine(machine: number): Arch | undefined {
  return ARCHES.find((a) => ELF_MACHINE[a] === machine);
}

/** Parse a comma-separated arch list ("arm64,x86_64"), de-duplicated, in canonical order. */
export function parseArchList(text: string): Arch[] {
  const parts = text.split(",").map((p) => p.trim()).filter((p) => p !== "");
  const bad = parts.filter((p) => !isArch(p));
  if (bad.length > 0 || parts.length === 0) {
    throw new UsageError(
      `unknown arch ${JSON.stringify(bad[0] ?? text)} (use arm64, x86_64, or arm64,x86_64 for both)`,
    );
  }
  return ARCHES.filter((a) => parts.includes(a));
}
