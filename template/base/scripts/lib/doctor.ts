/**
 * `doctor`: ✓/✗ for everything the scripts rely on, each ✗ with the command that fixes it.
 * Exit 1 when the project's toolchain (or --toolchain) cannot build every arch.
 */

import { type Arch, TRIPLE, parseArchList } from "./arch.js";
import { type FlagSpec, parseArgs, usage, valueOf } from "./args.js";
import { reportError } from "./errors.js";
import { GENEZIO_INSTALL_FIX, GENEZIO_LOGIN_FIX, genezioVersion, loginSource } from "./genezio.js";
import { TOOLCHAINS, type ToolchainName, loadProject } from "./project.js";
import { CROSS_FIX, type Facts, RUSTUP_FIX, ZIGBUILD_FIX, ZIG_FIX, chooseToolchain, engineNeed, gatherFacts, missingFor, runningEngine } from "./toolchains.js";
import { FAIL, OK, bold, red } from "./ui.js";

export interface Check {
  readonly ok: boolean;
  readonly label: string;
  /** What was found (ok) or what is wrong (not ok). */
  readonly detail: string;
  readonly fix?: string;
}

export const DOCTOR_FLAGS: readonly FlagSpec[] = [
  { name: "toolchain", value: true, choices: TOOLCHAINS, help: "judge this toolchain instead of genezioRust.toolchain" },
  { name: "arch", value: true, help: "arches to check (default: genezioRust.arch)" },
  { name: "help", help: "show this help" },
];

const MIN_NODE_MAJOR = 20;

/** The machine checks, from the probed facts; pure. */
export function machineChecks(
  nodeVersion: string,
  facts: Facts,
  arches: readonly Arch[],
  genezio: string | undefined,
  login: string | undefined,
): Check[] {
  const major = Number(nodeVersion.replace(/^v/, "").split(".")[0]);
  const triples = arches.map((a) => TRIPLE[a]);
  const missingTargets = facts.installedTargets ? triples.filter((t) => !facts.installedTargets!.includes(t)) : triples;
  const engine = runningEngine(facts);
  const checks: Check[] = [
    major >= MIN_NODE_MAJOR
      ? { ok: true, label: "Node.js", detail: nodeVersion }
      : { ok: false, label: "Node.js", detail: `${nodeVersion} is older than ${MIN_NODE_MAJOR}`, fix: `install Node.js ${MIN_NODE_MAJOR} or newer (https://nodejs.org)` },
    facts.rustup ? { ok: true, label: "rustup", detail: facts.rustup } : { ok: false, label: "rustup", detail: "not found", fix: RUSTUP_FIX },
    facts.cargo ? { ok: true, label: "cargo", detail: facts.cargo } : { ok: false, label: "cargo", detail: "not found", fix: RUSTUP_FIX },
    missingTargets.length === 0
      ? { ok: true, label: "musl targets", detail: triples.join(", ") }
      : {
          ok: false,
          label: "musl targets",
          detail: facts.installedTargets
            ? `not installed: ${missingTargets.join(", ")}`
            : facts.rustup
              ? "unknown (`rustup target list --installed` failed)"
              : "unknown without rustup",
          fix: `rustup target add ${missingTargets.join(" ")}   (rustup also adds them from rust-toolchain.toml on the first build)`,
        },
    facts.zig ? { ok: true, label: "zig", detail: facts.zig } : { ok: false, label: "zig", detail: "not found", fix: ZIG_FIX },
    facts.cargoZigbuild
      ? { ok: true, label: "cargo-zigbuild", detail: facts.cargoZigbuild }
      : { ok: false, label: "cargo-zigbuild", detail: "not found", fix: ZIGBUILD_FIX },
    facts.cross ? { ok: true, label: "cross", detail: facts.cross } : { ok: false, label: "cross", detail: "not found", fix: CROSS_FIX },
    engine
      ? { ok: true, label: "container engine", detail: `${engine} is running` }
      : {
          ok: false,
          label: "container engine",
          detail: `docker: ${facts.docker}, podman: ${facts.podman}`,
          fix: engineNeed(facts).fix,
        },
    genezio ? { ok: true, label: "genezio CLI", detail: genezio } : { ok: false, label: "genezio CLI", detail: "not found", fix: GENEZIO_INSTALL_FIX },
    login
      ? { ok: true, label: "genezio login", detail: `token from ${login}` }
      : { ok: false, label: "genezio login", detail: "not logged in", fix: genezio ? GENEZIO_LOGIN_FIX : `${GENEZIO_INSTALL_FIX}, then ${GENEZIO_LOGIN_FIX}` },
  ];
  return checks;
}

export function formatCheck(c: Check): string {
  const head = `  ${c.ok ? OK : FAIL} ${c.label.padEnd(17)} ${c.detail}`;
  return c.ok || !c.fix ? head : `${head}\n      fix: ${c.fix}`;
}

export async function runDoctor(argv: readonly string[]): Promise<number> {
  try {
    const args = parseArgs(argv, DOCTOR_FLAGS);
    if (args.switches.has("help")) {
      console.log(`doctor: check the tools the scripts need\n${usage(DOCTOR_FLAGS)}`);
      return 0;
    }
    const project = loadProject();
    const archText = valueOf(args, "arch");
    const arches = archText ? parseArchList(archText) : project.arches;
    const toolchain = (valueOf(args, "toolchain") as ToolchainName | undefined) ?? project.toolchain;

    const [facts, genezio] = await Promise.all([gatherFacts(project.crateDir, arches), genezioVersion(process.env, project.root)]);
    console.log(bold(`doctor: toolchain ${toolchain}, arch ${arches.join(", ")}`));
    for (const c of machineChecks(process.version, facts, arches, genezio, loginSource(process.env))) console.log(formatCheck(c));

    let canBuild = true;
    for (const arch of arches) {
      const needs = missingFor(toolchain, arch, facts);
      if (needs.length === 0) {
        console.log(`  ${OK} build ${arch.padEnd(11)} ${toolchain} can build ${TRIPLE[arch]}`);
        continue;
      }
      canBuild = false;
      console.log(`  ${FAIL} build ${arch.padEnd(11)} ${toolchain} cannot build ${TRIPLE[arch]}: missing ${needs.map((n) => n.what).join(", ")}`);
      for (const n of needs) console.log(`      fix: ${n.fix}`);
      const other = chooseToolchain(arch, toolchain, false, facts);
      if (other.ok && other.toolchain !== toolchain) {
        console.log(`      (build would fall back to ${other.toolchain}; to prefer it set "genezioRust.toolchain": "${other.toolchain}" in package.json)`);
      }
    }
    if (!canBuild) {
      console.log(red(`doctor: the ${toolchain} toolchain cannot build here; fix the ✗ build lines above`));
      return 1;
    }
    return 0;
  } catch (error) {
    return reportError("doctor", error);
  }
}
