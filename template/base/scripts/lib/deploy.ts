/**
 * `deploy`: check the genezio CLI, the login and genezio.yaml's architecture; then build →
 * embed → `genezio deploy <pass-through args>`. It never pretends: any missing piece stops it.
 */

import { existsSync, readFileSync } from "node:fs";
import { parseArchList } from "./arch.js";
import { type FlagSpec, parseArgs, usage, valueOf } from "./args.js";
import { buildArches, finishBuild } from "./build.js";
import { reportError } from "./errors.js";
import { stream } from "./exec.js";
import { GENEZIO_INSTALL_FIX, GENEZIO_LOGIN_FIX, architectureMismatch, genezioVersion, loginSource, yamlArchitecture } from "./genezio.js";
import { TOOLCHAINS, type ToolchainName, loadProject } from "./project.js";
import { serverDepsProblem } from "./server-deps.js";
import { fail, showCommand, step } from "./ui.js";

export const DEPLOY_FLAGS: readonly FlagSpec[] = [
  { name: "arch", value: true, help: "arches to build and embed (default: genezioRust.arch)" },
  { name: "toolchain", value: true, choices: TOOLCHAINS, help: "use only this toolchain for the build" },
  { name: "help", help: "show this help; every other argument goes to `genezio deploy` (e.g. --stage prod --env .env)" },
];

export async function runDeploy(argv: readonly string[]): Promise<number> {
  try {
    const args = parseArgs(argv, DEPLOY_FLAGS, { passThrough: true });
    if (args.switches.has("help")) {
      console.log(`deploy: build, embed, then genezio deploy (other arguments are passed to it)\n${usage(DEPLOY_FLAGS)}`);
      return 0;
    }
    const project = loadProject();
    const archText = valueOf(args, "arch");
    const arches = archText ? parseArchList(archText) : project.arches;

    const version = await genezioVersion(process.env, project.root);
    if (!version) {
      fail("deploy", "the genezio CLI is not installed (no working `genezio` on PATH)", GENEZIO_INSTALL_FIX);
      return 1;
    }
    const login = loginSource(process.env);
    if (!login) {
      fail("deploy", "you are not logged in to Genezio (no GENEZIO_TOKEN, no ~/.geneziorc)", GENEZIO_LOGIN_FIX);
      return 1;
    }
    if (!existsSync(project.genezioYaml)) {
      fail("deploy", `there is no genezio.yaml in ${project.root}`, "restore genezio.yaml (the scaffolder wrote one) or run `genezio` from the project root");
      return 1;
    }
    const deps = serverDepsProblem(project.root);
    if (deps) {
      fail("deploy", deps.reason, deps.fix);
      return 1;
    }
    const mismatch = architectureMismatch(yamlArchitecture(readFileSync(project.genezioYaml, "utf8")), arches);
    if (mismatch) {
      fail("deploy", mismatch.reason, mismatch.fix);
      return 1;
    }
    step("deploy", `genezio CLI ${version}, token from ${login}; building ${arches.join(", ")}`);

    const toolchain = valueOf(args, "toolchain") as ToolchainName | undefined;
    const built = await buildArches(project, { arches, ...(toolchain ? { toolchain } : {}), profile: "release" });
    if (!built) return 1;
    const embedded = finishBuild(project, built, true);
    if (embedded !== 0) return embedded;

    const deployArgs = ["deploy", ...args.rest];
    step("deploy", showCommand("genezio", deployArgs));
    const code = await stream("genezio", deployArgs, { cwd: project.root, env: process.env });
    if (code !== 0) fail("deploy", `genezio deploy failed (exit ${code}); its output above says why`);
    return code;
  } catch (error) {
    return reportError("deploy", error);
  }
}
