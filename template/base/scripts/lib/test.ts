/** `test`: `cargo test` for the crate on this machine, then the TypeScript type check. */

import { existsSync } from "node:fs";
import { join } from "node:path";
import { type FlagSpec, parseArgs, usage } from "./args.js";
import { reportError } from "./errors.js";
import { stream } from "./exec.js";
import { runScript } from "./pm.js";
import { loadProject } from "./project.js";
import { fail, green, showCommand, step } from "./ui.js";

export const TEST_FLAGS: readonly FlagSpec[] = [{ name: "help", help: "show this help; arguments after -- go to cargo test" }];

export async function runTest(argv: readonly string[]): Promise<number> {
  try {
    const args = parseArgs(argv, TEST_FLAGS);
    if (args.switches.has("help")) {
      console.log(`test: cargo test (host) + TypeScript type check\n${usage(TEST_FLAGS)}`);
      return 0;
    }
    const project = loadProject();
    const cargoArgs = ["test", ...args.rest];
    step("test", `${showCommand("cargo", cargoArgs)}   (in ${project.crateDir})`);
    const cargo = await stream("cargo", cargoArgs, { cwd: project.crateDir, env: process.env });
    if (cargo !== 0) {
      fail("test", `cargo test failed (exit ${cargo}); its output is above`, `fix that and rerun; the TypeScript type check did not run (${runScript("typecheck")} runs it alone)`);
      return 1;
    }

    const tsc = join(project.root, "node_modules", "typescript", "bin", "tsc");
    if (!existsSync(tsc)) {
      fail("test", "TypeScript is not installed in this project", "install the dependencies first (npm install / pnpm install / yarn / bun install)");
      return 1;
    }
    // The same two projects as the `typecheck` script: scripts + server, and server alone
    // (the one genezio's bundler type-checks).
    const projects = ["tsconfig.json", join("server", "tsconfig.json")].filter((p) => existsSync(join(project.root, p)));
    for (const tsconfig of projects) {
      step("test", `tsc --noEmit -p ${tsconfig}`);
      const typecheck = await stream(process.execPath, [tsc, "--noEmit", "-p", tsconfig], { cwd: project.root, env: process.env });
      if (typecheck !== 0) {
        fail("test", `the TypeScript type check of ${tsconfig} failed (exit ${typecheck}); the errors are above`);
        return 1;
      }
    }
    step("test", green("cargo test and the type check passed"));
    return 0;
  } catch (error) {
    return reportError("test", error);
  }
}
