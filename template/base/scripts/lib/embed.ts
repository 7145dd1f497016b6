/**
 * `embed`: check the built binaries, write each raw binary as a sidecar file
 * server/trap/bin/rust-<arch>-<16 hex> (0755; what the trap execs on Lambda) and write
 * server/trap/embedded.ts, the module the trap loads (compressed copy as the self-contained
 * fallback; format and writer: server/trap/embed-format.ts and sidecar.ts, one implementation).
 */

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { encodeBinary, renderEmbeddedModule } from "../../server/trap/embed-format.js";
import { pruneSidecars, sidecarFile, writeSidecars } from "../../server/trap/sidecar.js";
import { type Arch, ELF_MACHINE, TRIPLE, archOfMachine, isArch, parseArchList } from "./arch.js";
import { type FlagSpec, UsageError, parseArgs, usage, valueOf } from "./args.js";
import { readElf } from "./elf.js";
import { runScript } from "./pm.js";
import { reportError } from "./errors.js";
import { type Profile, type Project, binaryPath, embeddedModulePath, findProjectRoot, loadProject } from "./project.js";
import { fail, formatSize, step } from "./ui.js";

export interface Candidate {
  readonly arch: Arch;
  readonly path: string;
}

export interface Refusal {
  readonly reason: string;
  readonly fix: string;
}

/** Why `bytes` (read from `path`) cannot be embedded as `arch`, or undefined when it can. Pure. */
export function refuseBinary(arch: Arch, path: string, bytes: Uint8Array | undefined): Refusal | undefined {
  const rebuild = `${runScript("build", `--arch ${arch}`)}   (builds ${TRIPLE[arch]}, statically linked)`;
  if (bytes === undefined) {
    return {
      reason: `no ${arch} binary at ${path}`,
      fix: `build it first: ${runScript("build", `--arch ${arch}`)}   (build embeds too; or embed a binary you built: ${runScript("embed", `--bin ${arch}=<path>`)})`,
    };
  }
  const elf = readElf(bytes);
  if (elf.kind === "not-elf") {
    return { reason: `${path} is not an ELF executable: ${elf.reason}`, fix: `embed the Linux binary that cargo built: ${rebuild}` };
  }
  if (!elf.executable) {
    return { reason: `${path} is an ELF file but not an executable (a library or object file)`, fix: `embed the binary cargo built: ${rebuild}` };
  }
  if (elf.machine !== ELF_MACHINE[arch]) {
    const actual = archOfMachine(elf.machine);
    return {
      reason:
        `${path} is ${actual ? `an ${actual}` : "a"} binary (ELF machine ${elf.machine}), ` +
        `not ${arch} (ELF machine ${ELF_MACHINE[arch]})`,
      fix: actual ? `embed it as --bin ${actual}=${path}, or build for ${arch}: ${rebuild}` : `build for ${arch}: ${rebuild}`,
    };
  }
  if (elf.dynamic) {
    return {
      reason:
        `${path} is dynamically linked (it needs the loader ${elf.interpreter ?? "named in its PT_INTERP header"}); ` +
        "it will not run on Genezio",
      fix: `build for the musl target, which links statically: ${rebuild}`,
    };
  }
  return undefined;
}

export interface EmbedReport {
  readonly arch: Arch;
  readonly raw: number;
  readonly embedded: number;
  /** the sidecar, relative to server/trap/ (e.g. bin/rust-x86_64-0123456789abcdef) */
  readonly file: string;
}

/**
 * Check every candidate, then write the sidecars, the module, and delete the sidecars of
 * earlier builds. Nothing is written if any is refused (the previous module and sidecars
 * stay). Returns the sizes, or the refusals.
 */
export function embedBinaries(
  project: Project,
  candidates: readonly Candidate[],
): { ok: true; reports: EmbedReport[] } | { ok: false; refusals: Refusal[] } {
  const refusals: Refusal[] = [];
  const inputs: { arch: Arch; bytes: Uint8Array }[] = [];
  for (const c of candidates) {
    const bytes = existsSync(c.path) ? new Uint8Array(readFileSync(c.path)) : undefined;
    const refusal = refuseBinary(c.arch, c.path, bytes);
    if (refusal) refusals.push(refusal);
    else inputs.push({ arch: c.arch, bytes: bytes! });
  }
  if (refusals.length > 0) return { ok: false, refusals };

  const records = inputs.map((input) => {
    const rec = encodeBinary(input, { sidecar: true });
    return { ...rec, file: rec.file ?? sidecarFile(rec.arch, rec.sha256) };
  });
  const trapDir = dirname(project.embeddedModule);
  mkdirSync(trapDir, { recursive: true });
  // sidecars first: the module never names a file that is not there yet
  writeSidecars(trapDir, records.map((r, i) => ({ file: r.file, bytes: inputs[i]!.bytes })));
  const temp = `${project.embeddedModule}.${process.pid}.tmp`;
  writeFileSync(temp, renderEmbeddedModule(records));
  renameSync(temp, project.embeddedModule);
  pruneSidecars(trapDir, records.map((r) => r.file));
  return {
    ok: true,
    reports: records.map((r) => ({ arch: r.arch, raw: r.size, embedded: r.data.length, file: r.file })),
  };
}

/** Print the outcome of embedBinaries; returns the exit code. */
export function reportEmbed(project: Project, result: ReturnType<typeof embedBinaries>): number {
  if (!result.ok) {
    for (const r of result.refusals) fail("embed", r.reason, r.fix);
    fail("embed", `refused: ${relative(project.root, project.embeddedModule)} was not changed`);
    return 1;
  }
  for (const r of result.reports) {
    step("embed", `${r.arch.padEnd(6)} ${formatSize(r.raw)} raw → ${formatSize(r.embedded)} embedded (compressed, base64)`);
  }
  const trapDir = dirname(project.embeddedModule);
  for (const r of result.reports) step("embed", `wrote ${relative(project.root, join(trapDir, r.file))} (the ${r.arch} binary the trap runs)`);
  step("embed", `wrote ${relative(project.root, project.embeddedModule)}`);
  return 0;
}

/**
 * Write the empty module when there is none (postinstall), so the project type-checks. Needs
 * only the project root: an install must not fail over a crate folder or config in flux.
 */
export function ensureStub(embeddedModule: string): boolean {
  if (existsSync(embeddedModule)) return false;
  mkdirSync(dirname(embeddedModule), { recursive: true });
  writeFileSync(embeddedModule, renderEmbeddedModule([]));
  return true;
}

export const EMBED_FLAGS: readonly FlagSpec[] = [
  { name: "bin", value: true, repeat: true, help: "embed this file as <arch>: --bin arm64=path/to/binary (repeatable; only these are embedded)" },
  { name: "arch", value: true, help: "arches to embed from target/ (default: genezioRust.arch), e.g. arm64,x86_64" },
  { name: "debug", help: "embed the debug builds (target/<triple>/debug) instead of release" },
  { name: "ensure-stub", help: "only write the empty module if it is missing (used by postinstall)" },
  { name: "help", help: "show this help" },
];

/** Which files to embed: --bin overrides, else target/<triple>/<profile>/<bin> per arch. */
export function candidatesFrom(project: Project, bins: readonly string[], arches: readonly Arch[], profile: Profile): Candidate[] {
  if (bins.length === 0) return arches.map((arch) => ({ arch, path: binaryPath(project, arch, profile) }));
  const seen = new Set<Arch>();
  return bins.map((spec) => {
    const eq = spec.indexOf("=");
    const arch = spec.slice(0, eq);
    if (eq <= 0 || eq === spec.length - 1 || !isArch(arch)) {
      throw new UsageError(`--bin ${JSON.stringify(spec)} must look like arm64=<path> or x86_64=<path>`);
    }
    if (seen.has(arch)) throw new UsageError(`--bin names ${arch} twice; give one file per arch`);
    seen.add(arch);
    return { arch, path: spec.slice(eq + 1) };
  });
}

export async function runEmbed(argv: readonly string[]): Promise<number> {
  try {
    const args = parseArgs(argv, EMBED_FLAGS);
    if (args.switches.has("help")) {
      console.log(`embed: write server/trap/embedded.ts from the built binaries\n${usage(EMBED_FLAGS)}`);
      return 0;
    }
    if (args.switches.has("ensure-stub")) {
      const root = findProjectRoot(process.cwd());
      const file = embeddedModulePath(root);
      if (ensureStub(file)) step("embed", `wrote the empty ${relative(root, file)} (nothing built yet)`);
      return 0;
    }
    const project = loadProject();
    const archText = valueOf(args, "arch");
    const arches = archText ? parseArchList(archText) : project.arches;
    const profile: Profile = args.switches.has("debug") ? "debug" : "release";
    const candidates = candidatesFrom(project, args.values.get("bin") ?? [], arches, profile);
    return reportEmbed(project, embedBinaries(project, candidates));
  } catch (error) {
    return reportError("embed", error);
  }
}
