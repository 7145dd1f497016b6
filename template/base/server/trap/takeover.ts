/**
 * Takeover mode (AWS Lambda): run the binary synchronously at module load so that it,
 * not Node, polls the Runtime API; the process then exits with the binary's code.
 */
import { execFileSync } from "node:child_process";
import { os } from "./builtins.js";

/** Which mode the trap runs in. */
export type TrapMode = "takeover" | "bridge";

/** GENEZIO_RUST_MODE (auto|takeover|bridge, default auto) → mode; auto = takeover iff AWS_LAMBDA_RUNTIME_API is set. */
export function resolveMode(env: NodeJS.ProcessEnv = process.env): TrapMode {
  const raw = (env["GENEZIO_RUST_MODE"] ?? "auto").trim().toLowerCase() || "auto";
  if (raw === "takeover" || raw === "bridge") return raw;
  if (raw !== "auto") {
    throw new Error(`GENEZIO_RUST_MODE must be auto, takeover or bridge (got ${JSON.stringify(env["GENEZIO_RUST_MODE"])})`);
  }
  return env["AWS_LAMBDA_RUNTIME_API"] ? "takeover" : "bridge";
}

/** The environment the binary gets in takeover: everything inherited plus GENEZIO_RUST_PATH_PREFIX. */
export function takeoverEnv(env: NodeJS.ProcessEnv, className: string, method: string): NodeJS.ProcessEnv {
  return { ...env, GENEZIO_RUST_PATH_PREFIX: `/${className}/${method}` };
}

/** The exit code for a child that ended with `status` or `signal` (128 + signal number). */
export function exitCodeOf(status: number | null | undefined, signal: string | null | undefined): number {
  if (typeof status === "number") return status;
  if (signal) return 128 + ((os().constants.signals as Record<string, number>)[signal] ?? 0);
  return 1;
}

/** Exec the binary (no shell, stdio inherited) and exit the process with its code. Never returns. */
export function takeover(path: string, env: NodeJS.ProcessEnv): never {
  let code: number;
  try {
    execFileSync(path, [], { stdio: "inherit", env });
    code = 0;
  } catch (err) {
    const e = err as { status?: number | null; signal?: string | null; code?: string; message: string };
    if (e.code === "ENOENT" || e.code === "EACCES") {
      console.error(`[genezio-rust] cannot run the Rust binary ${path}: ${e.message}`);
    }
    code = exitCodeOf(e.status, e.signal);
  }
  process.exit(code);
}
