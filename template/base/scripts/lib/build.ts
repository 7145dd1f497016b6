/**
 * `build`: cross-compile the crate for each arch with the first toolchain that can, then
 * embed the binaries (unless --no-embed).
 */

import { existsSync, statSync } from "node:fs";
import { relative } from "node:path";
import { type Arch, TRIPLE, parseArchList } from "./arch.js";
import { type FlagSpec, parseArgs, usage, valueOf } from "./args.js";
import { embedBinaries, reportEmbed } from "./embed.js";
import { reportError } from "./errors.js";
import { stream } from "./exec.js";
import { runScript } from "./pm.js";
import { type Profile, type Project, TOOLCHAINS, type ToolchainName, binaryPath, loadProject } from "./project.js";
import { type Facts, type Need, buildCommand, chooseToolchain, gatherFacts } from "./toolchains.js";
import { bold, fail, formatSize, showCommand, step, yellow } from "./ui.js";

export const BUILD_FLAGS: readonly FlagSpec[] = [
  { name: "arch", value: true, help: "arches to build (default: genezioRust.arch), e.g. arm64 or arm64,x86_64" },
  { name: "toolchain", value: true, choices: TOOLCHAINS, help: "use only this toolchain (default: genezioRust.toolchain, then the others)" },
  { name: "debug", help: "debug build (target/<triple>/debug) instead of release" },
  { name: "no-embed", help: "do not embed afterwards (server/trap/embedded.ts and server/trap/bin/ stay as they are)" },
  { name: "help", help: "show this help" },
];

export interface BuildOptions {
  readonly arches?: readonly Arch[];
  readonly toolchain?: ToolchainName;
  readonly profile: Profile;
}

export interface Built {
  readonly arch: Arch;
  readonly path: string;
  readonly size: number;
}

const TOOL_LABEL: Readonly<Record<ToolchainName, string>> = { zig: "cargo zigbuild", cross: "cross", cargo: "cargo" };

function printMissing(arches: readonly Arch[], tried: readonly { toolchain: ToolchainName; needs: Need[] }[]): void {
  fail("build", `nothing on this machine can build ${arches.map((a) => `${a} (${TRIPLE[a]})`).join(", ")}`);
  for (const t of tried) {
    console.error(`  ${bold(t.toolchain)}${TOOL_LABEL[t.toolchain] === t.toolchain ? "" : ` (${TOOL_LABEL[t.toolchain]})`} is missing:`);
    for (const n of t.needs) {
      // A need naming the first arch's target (the plain-cargo linker) is shown for each arch.
      const first = TRIPLE[arches[0]!];
      const each = n.what.includes(first) || n.fix.includes(first) ? arches.map((a) => TRIPLE[a]) : [first];
      for (const triple of each) {
        console.error(`    - ${n.what.replaceAll(first, triple)}\n        ${n.fix.replaceAll(first, triple)}`);
      }
    }
  }
}

/** Build every arch; returns the binaries, or undefined after printing why not. */
export async function buildArches(project: Project, options: BuildOptions, facts?: Facts): Promise<Built[] | undefined> {
  const arches = options.arches ?? project.arches;
  const strict = options.toolchain !== undefined;
  const preferred = options.toolchain ?? project.toolchain;
  const known = facts ?? (await gatherFacts(project.crateDir, arches));

  const plans = arches.map((arch) => ({ arch, choice: chooseToolchain(arch, preferred, strict, known) }));
  const impossible = plans.filter((p) => !p.choice.ok);
  if (impossible.length > 0) {
    // Arches missing the same things are reported together.
    const groups = new Map<string, { arches: Arch[]; tried: { toolchain: ToolchainName; needs: Need[] }[] }>();
    for (const p of impossible) {
      if (p.choice.ok) continue;
      const key = JSON.stringify(p.choice.tried.map((t) => [t.toolchain, t.needs.map((n) => n.fix.replace(TRIPLE[p.arch], "<triple>"))]));
      const group = groups.get(key);
      if (group) group.arches.push(p.arch);
      else groups.set(key, { arches: [p.arch], tried: [...p.choice.tried] });
    }
    for (const g of groups.values()) printMissing(g.arches, g.tried);
    console.error(`  then check with: ${runScript("doctor")}`);
    if (strict) console.error(`  (--toolchain ${preferred} was given: drop it to let build try the others)`);
    return undefined;
  }

  const built: Built[] = [];
  for (const { arch, choice } of plans) {
    if (!choice.ok) continue;
    for (const skipped of choice.skipped) {
      console.log(yellow(`build: ${skipped.toolchain} cannot build ${arch} here (missing: ${skipped.needs.map((n) => n.what).join(", ")}); trying the next toolchain`));
    }
    if (choice.toolchain !== "cross" && known.installedTargets && !known.installedTargets.includes(TRIPLE[arch])) {
      // cross brings its own; for the others rustup adds it from rust-toolchain.toml (1.28+).
      console.log(
        yellow(`build: the Rust target ${TRIPLE[arch]} is not installed yet; if the build fails with "can't find crate for \`core\`", run: rustup target add ${TRIPLE[arch]}`),
      );
    }
    const cmd = buildCommand(choice.toolchain, arch, project.bin, options.profile, known);
    const envText = Object.entries(cmd.env).map(([k, v]) => `${k}=${v} `).join("");
    step("build", `${arch} (${TRIPLE[arch]}) with ${choice.toolchain}: ${envText}${showCommand(cmd.command, cmd.args)}`);
    const code = await stream(cmd.command, cmd.args, { cwd: project.crateDir, env: { ...process.env, ...cmd.env } });
    if (code !== 0) {
      fail("build", `${showCommand(cmd.command, cmd.args)} failed for ${arch} (exit ${code}); its output above says why`);
      return undefined;
    }
    const path = binaryPath(project, arch, options.profile);
    if (!existsSync(path)) {
      fail(
        "build",
        `${cmd.command} finished but there is no binary at ${path}`,
        'check that "genezioRust.bin" in package.json is the [[bin]] name in Cargo.toml (and that build.target-dir is not set)',
      );
      return undefined;
    }
    built.push({ arch, path, size: statSync(path).size });
  }
  return built;
}

export async function runBuild(argv: readonly string[]): Promise<number> {
  try {
    const args = parseArgs(argv, BUILD_FLAGS);
    if (args.switches.has("help")) {
      console.log(`build: cross-compile the Rust crate for Genezio (static musl binaries)\n${usage(BUILD_FLAGS)}`);
      return 0;
    }
    const project = loadProject();
    const archText = valueOf(args, "arch");
    const built = await buildArches(project, {
      ...(archText ? { arches: parseArchList(archText) } : {}),
      ...(valueOf(args, "toolchain") ? { toolchain: valueOf(args, "toolchain") as ToolchainName } : {}),
      profile: args.switches.has("debug") ? "debug" : "release",
    });
    if (!built) return 1;
    return finishBuild(project, built, !args.switches.has("no-embed"));
  } catch (error) {
    return reportError("build", error);
  }
}

/** Print path + size per binary, then embed them; returns the exit code. */
export function finishBuild(project: Project, built: readonly Built[], embed: boolean): number {
  for (const b of built) {
    step("build", `${b.arch.padEnd(6)} ${relative(project.root, b.path) || b.path}  ${formatSize(b.size)}`);
  }
  if (!embed) return 0;
  return reportEmbed(project, embedBinaries(project, built));
}
