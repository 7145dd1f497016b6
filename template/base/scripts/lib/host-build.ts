/** `dev`'s build: plain cargo for the host, reading cargo's JSON messages to find the binary. */

import { type ChildProcess, spawn } from "node:child_process";
import type { Profile } from "./project.js";

export interface HostBuildResult {
  readonly ok: boolean;
  /** The built executable (when ok). */
  readonly executable?: string;
  readonly code: number | null;
}

export function hostBuildArgs(bin: string, profile: Profile): string[] {
  return ["build", "--bin", bin, ...(profile === "release" ? ["--release"] : []), "--message-format=json-render-diagnostics"];
}

/** The executable named `bin` in cargo's JSON message stream (one JSON object per line). Pure. */
export function executableFromMessages(stdout: string, bin: string): string | undefined {
  let found: string | undefined;
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const msg = JSON.parse(line) as { reason?: string; executable?: string | null; target?: { name?: string; kind?: string[] } };
      if (msg.reason === "compiler-artifact" && msg.executable && msg.target?.name === bin && msg.target.kind?.includes("bin")) {
        found = msg.executable;
      }
    } catch {
      // not a message: ignore
    }
  }
  return found;
}

/**
 * Build the host binary; compiler diagnostics go straight to our stderr. `onChild` gets the
 * cargo process so the caller can stop it (Ctrl-C).
 */
export function hostBuild(
  crateDir: string,
  bin: string,
  profile: Profile,
  onChild: (child: ChildProcess | undefined) => void,
): Promise<HostBuildResult> {
  return new Promise((resolve) => {
    let stdout = "";
    const child = spawn("cargo", hostBuildArgs(bin, profile), { cwd: crateDir, stdio: ["ignore", "pipe", "inherit"] });
    onChild(child);
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.on("error", (error) => {
      onChild(undefined);
      console.error(`dev: could not run cargo: ${error.message}`);
      resolve({ ok: false, code: null });
    });
    child.on("close", (code) => {
      onChild(undefined);
      const executable = executableFromMessages(stdout, bin);
      if (code === 0 && executable) resolve({ ok: true, executable, code });
      else resolve({ ok: false, code });
    });
  });
}
