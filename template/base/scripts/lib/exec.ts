/** Finding and running other programs. The only module that spawns processes for probes/builds. */

import { spawn } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

export type Env = Readonly<Record<string, string | undefined>>;

/** The absolute path of an executable on PATH, or undefined. */
export function findOnPath(command: string, env: Env = process.env): string | undefined {
  const dirs = (env["PATH"] ?? "").split(delimiter).filter((d) => d !== "");
  const exts = process.platform === "win32" ? (env["PATHEXT"] ?? ".EXE;.CMD;.BAT").split(";") : [""];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = join(dir, command + ext);
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export interface Captured {
  /** Exit code; null when it could not start or was killed. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run a command to completion, capturing its output (for probes: `--version`, `docker info`). */
export function capture(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: Env; timeoutMs?: number } = {},
): Promise<Captured> {
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    let child;
    try {
      child = spawn(command, args, {
        cwd: options.cwd,
        env: options.env as NodeJS.ProcessEnv | undefined,
        stdio: ["ignore", "pipe", "pipe"],
        timeout: options.timeoutMs ?? 20_000,
      });
    } catch (error) {
      resolve({ code: null, stdout: "", stderr: String(error) });
      return;
    }
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", (error) => resolve({ code: null, stdout, stderr: stderr + String(error) }));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Run a command with the terminal attached (compiler output streams through); resolve its exit code. */
export function stream(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: Env } = {},
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv | undefined,
      stdio: "inherit",
    });
    child.on("error", (error) => {
      console.error(`could not run ${command}: ${error.message}`);
      resolve(127);
    });
    child.on("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
