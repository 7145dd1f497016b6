/**
 * Node built-ins that only some paths need, loaded on first use instead of at module load:
 * a takeover cold start that execs the sidecar never pays for node:zlib or node:os.
 * (node:http is imported lazily by the bridge itself.)
 */
import { createRequire } from "node:module";

let load: ((id: string) => unknown) | undefined;

function builtin<T>(id: string): T {
  if (!load) {
    // process.getBuiltinModule exists from Node 20.16; createRequire works everywhere
    load =
      typeof process.getBuiltinModule === "function"
        ? (name) => process.getBuiltinModule(name)
        : createRequire(`${process.cwd()}/`);
  }
  return load(id) as T;
}

/** node:zlib (decoding the embedded payload). */
export function zlib(): typeof import("node:zlib") {
  return builtin<typeof import("node:zlib")>("node:zlib");
}

/** node:os (signal numbers for an exit code). */
export function os(): typeof import("node:os") {
  return builtin<typeof import("node:os")>("node:os");
}
