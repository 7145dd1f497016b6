// Unit tests of the scripts' pure parts (imported from a copy: see lib-copy.ts).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { EM_AARCH64, EM_X86_64, makeElf } from "../fixtures/bin/elf.mjs";
import { lib } from "./lib-copy.ts";

type L<T extends string> = T extends "args" ? typeof import("../../template/base/scripts/lib/args.ts")
  : T extends "elf" ? typeof import("../../template/base/scripts/lib/elf.ts")
  : T extends "toolchains" ? typeof import("../../template/base/scripts/lib/toolchains.ts")
  : T extends "genezio" ? typeof import("../../template/base/scripts/lib/genezio.ts")
  : T extends "pm" ? typeof import("../../template/base/scripts/lib/pm.ts")
  : T extends "watch" ? typeof import("../../template/base/scripts/lib/watch.ts")
  : T extends "host-build" ? typeof import("../../template/base/scripts/lib/host-build.ts")
  : T extends "project" ? typeof import("../../template/base/scripts/lib/project.ts")
  : T extends "embed" ? typeof import("../../template/base/scripts/lib/embed.ts")
  : never;

const args = await lib<L<"args">>("args");
const elf = await lib<L<"elf">>("elf");
const tc = await lib<L<"toolchains">>("toolchains");
const genezio = await lib<L<"genezio">>("genezio");
const pm = await lib<L<"pm">>("pm");
const watch = await lib<L<"watch">>("watch");
const hostBuild = await lib<L<"host-build">>("host-build");
const project = await lib<L<"project">>("project");
const embed = await lib<L<"embed">>("embed");

type Facts = import("../../template/base/scripts/lib/toolchains.ts").Facts;
const NONE: Facts = { docker: "absent", podman: "absent", linkers: {} };

describe("args", () => {
  const specs = [
    { name: "arch", value: true, help: "" },
    { name: "bin", value: true, repeat: true, help: "" },
    { name: "toolchain", value: true, choices: ["zig", "cross"], help: "" },
    { name: "debug", help: "" },
  ] as const;
  test("values, =values, repeats, switches and -- rest", () => {
    const a = args.parseArgs(["--arch=arm64", "--bin", "a=1", "--bin", "b=2", "--debug", "--", "--x"], specs);
    assert.equal(args.valueOf(a, "arch"), "arm64");
    assert.deepEqual(a.values.get("bin"), ["a=1", "b=2"]);
    assert.ok(a.switches.has("debug"));
    assert.deepEqual(a.rest, ["--x"]);
  });
  test("pass-through keeps unknown flags and their values in order", () => {
    const a = args.parseArgs(["--stage", "prod", "--arch", "arm64", "--env", ".env"], specs, { passThrough: true });
    assert.deepEqual(a.rest, ["--stage", "prod", "--env", ".env"]);
    assert.equal(args.valueOf(a, "arch"), "arm64");
  });
  test("errors name the problem", () => {
    assert.throws(() => args.parseArgs(["--nope"], specs), /unknown flag --nope/);
    assert.throws(() => args.parseArgs(["--arch"], specs), /--arch needs a value/);
    assert.throws(() => args.parseArgs(["--toolchain", "gcc"], specs), /not valid \(one of: zig, cross\)/);
    assert.throws(() => args.parseArgs(["--arch", "a", "--arch", "b"], specs), /more than once/);
    assert.throws(() => args.parseArgs(["--debug=1"], specs), /takes no value/);
    assert.throws(() => args.parseArgs(["stray"], specs), /unexpected argument "stray"/);
  });
});

describe("elf", () => {
  test("static executable, machine, dynamic with interpreter, object file, not ELF, 32-bit", () => {
    const s = elf.readElf(makeElf({ machine: EM_AARCH64 }));
    assert.deepEqual(s, { kind: "elf", machine: 183, executable: true, dynamic: false });
    const d = elf.readElf(makeElf({ machine: EM_X86_64, interpreter: "/lib64/ld-linux-x86-64.so.2" }));
    assert.deepEqual(d, { kind: "elf", machine: 62, executable: true, dynamic: true, interpreter: "/lib64/ld-linux-x86-64.so.2" });
    const o = elf.readElf(makeElf({ machine: EM_X86_64, type: 1 }));
    assert.equal(o.kind === "elf" && o.executable, false);
    assert.equal(elf.readElf(new TextEncoder().encode("#!/bin/sh\n".repeat(10))).kind, "not-elf");
    const b32 = makeElf({ machine: EM_X86_64 });
    b32[4] = 1;
    assert.deepEqual(elf.readElf(b32), { kind: "not-elf", reason: "it is a 32-bit ELF file (Lambda needs 64-bit)" });
  });
  test("refuseBinary explains each refusal and accepts a static match", () => {
    assert.equal(embed.refuseBinary("arm64", "/b", makeElf({ machine: EM_AARCH64 })), undefined);
    assert.match(embed.refuseBinary("arm64", "/b", undefined)!.reason, /no arm64 binary at \/b/);
    assert.match(embed.refuseBinary("x86_64", "/b", makeElf({ machine: EM_AARCH64 }))!.reason, /an arm64 binary \(ELF machine 183\), not x86_64/);
    assert.match(embed.refuseBinary("x86_64", "/b", makeElf({ machine: 40 }))!.reason, /is a binary \(ELF machine 40\), not x86_64/);
    assert.match(embed.refuseBinary("x86_64", "/b", makeElf({ machine: EM_X86_64, interpreter: "/ld" }))!.reason, /dynamically linked \(it needs the loader \/ld\)/);
  });
});

describe("toolchains", () => {
  const zig: Facts = { ...NONE, cargo: "cargo", cargoZigbuild: "cz", zig: "zig" };
  test("preference first, then the others in order; strict never falls back", () => {
    const crossOk: Facts = { ...NONE, cross: "cross", docker: "running" };
    assert.deepEqual(tc.chooseToolchain("arm64", "zig", false, { ...zig, ...crossOk }), { ok: true, toolchain: "zig", skipped: [] });
    const c = tc.chooseToolchain("arm64", "zig", false, crossOk);
    assert.ok(c.ok && c.toolchain === "cross" && c.skipped[0]!.toolchain === "zig");
    const strict = tc.chooseToolchain("arm64", "zig", true, crossOk);
    assert.ok(!strict.ok && strict.tried.length === 1);
  });
  test("missingFor names every piece", () => {
    assert.deepEqual(tc.missingFor("zig", "arm64", NONE).map((n) => n.what), ["cargo (Rust)", "cargo-zigbuild", "zig"]);
    assert.deepEqual(tc.missingFor("cross", "arm64", { ...NONE, docker: "not running" }).map((n) => n.what), [
      "cross",
      "a running Docker (docker is installed but `docker info` fails)",
    ]);
    assert.deepEqual(tc.missingFor("cargo", "x86_64", { ...NONE, cargo: "c", linkers: { x86_64: "rust-lld" } }), []);
  });
  test("cross uses podman only when docker is not running and nothing was chosen", () => {
    const cmd = tc.buildCommand("cross", "arm64", "app", "release", { ...NONE, cross: "x", podman: "running" });
    assert.deepEqual(cmd, { command: "cross", args: ["build", "--release", "--target", "aarch64-unknown-linux-musl", "--bin", "app"], env: { CROSS_CONTAINER_ENGINE: "podman" } });
    assert.deepEqual(tc.buildCommand("cross", "arm64", "app", "debug", { ...NONE, docker: "running", podman: "running" }).env, {});
    assert.equal(tc.runningEngine({ ...NONE, docker: "running", engineOverride: "podman" }), undefined);
  });
  test("linkerFromToml: tables, dotted keys, quotes, comments", () => {
    const t = "aarch64-unknown-linux-musl";
    assert.equal(tc.linkerFromToml(`[target.${t}]\nlinker = "rust-lld"\n`, t), "rust-lld");
    assert.equal(tc.linkerFromToml(`[target."${t}"]\nrustflags = []\nlinker = 'cc'\n`, t), "cc");
    assert.equal(tc.linkerFromToml(`target.${t}.linker = "x"\n`, t), "x");
    assert.equal(tc.linkerFromToml(`# [target.${t}]\n# linker = "rust-lld"\n`, t), undefined);
    assert.equal(tc.linkerFromToml(`[target.${t}]\n[build]\nlinker = "no"\n`, t), undefined);
    assert.equal(tc.linkerFromToml(`[target.x86_64-unknown-linux-musl]\nlinker = "a"\n`, t), undefined);
  });
});

describe("genezio", () => {
  test("yamlArchitecture reads backend.language.architecture", () => {
    assert.deepEqual(genezio.yamlArchitecture("backend:\n  language:\n    architecture: arm64\n"), { kind: "set", arch: "arm64" });
    assert.deepEqual(genezio.yamlArchitecture('    architecture: "x86_64" # comment\n'), { kind: "set", arch: "x86_64" });
    assert.deepEqual(genezio.yamlArchitecture("name: a\n"), { kind: "absent" });
    assert.deepEqual(genezio.yamlArchitecture("    architecture: amd64\n"), { kind: "invalid", value: "amd64" });
  });
  test("architectureMismatch: both arches accept anything valid; one arch needs that arch", () => {
    assert.equal(genezio.architectureMismatch({ kind: "absent" }, ["arm64", "x86_64"]), undefined);
    assert.equal(genezio.architectureMismatch({ kind: "set", arch: "arm64" }, ["arm64", "x86_64"]), undefined);
    assert.equal(genezio.architectureMismatch({ kind: "set", arch: "arm64" }, ["arm64"]), undefined);
    assert.match(genezio.architectureMismatch({ kind: "set", arch: "arm64" }, ["x86_64"])!.reason, /says architecture: arm64/);
    assert.match(genezio.architectureMismatch({ kind: "absent" }, ["arm64"])!.fix, /architecture: arm64/);
    assert.match(genezio.architectureMismatch({ kind: "invalid", value: "x" }, ["arm64", "x86_64"])!.reason, /does not accept/);
  });
  test("loginSource: GENEZIO_TOKEN wins; blank tokens do not count", () => {
    assert.equal(genezio.loginSource({ GENEZIO_TOKEN: "t", HOME: "/nonexistent" }), "GENEZIO_TOKEN");
    assert.equal(genezio.loginSource({ GENEZIO_TOKEN: " ", HOME: "/nonexistent" }), undefined);
  });
});

describe("pm, watch, host build, config", () => {
  test("runScript speaks the user's package manager", () => {
    assert.equal(pm.runScript("build", "--arch arm64", {}), "npm run build -- --arch arm64");
    assert.equal(pm.runScript("build", "--arch arm64", { npm_config_user_agent: "pnpm/9.0.0 npm/? node/v20" }), "pnpm run build --arch arm64");
    assert.equal(pm.runScript("dev", "", { npm_config_user_agent: "yarn/4.5.0 npm/? node/v20" }), "yarn dev");
    assert.equal(pm.runScript("deploy", "", { npm_config_user_agent: "pnpm/9.0.0 npm/? node/v20" }), "pnpm run deploy");
    assert.equal(pm.runScript("dev", "--port 1", { npm_config_user_agent: "bun/1.1.0 npm/? node/v20" }), "bun run dev --port 1");
  });
  test("isSourceChange: .rs, Cargo.toml/lock; never target/ or hidden folders", () => {
    assert.ok(watch.isSourceChange("src/main.rs"));
    assert.ok(watch.isSourceChange("Cargo.toml"));
    assert.ok(watch.isSourceChange("Cargo.lock"));
    assert.equal(watch.isSourceChange("target/debug/build/x/out/gen.rs"), false);
    assert.equal(watch.isSourceChange(".git/Cargo.toml"), false);
    assert.equal(watch.isSourceChange("src/main.rs.swp"), false);
    assert.equal(watch.isSourceChange("README.md"), false);
  });
  test("executableFromMessages picks the named bin's artifact", () => {
    const lines = [
      JSON.stringify({ reason: "compiler-artifact", target: { name: "build-script-build", kind: ["custom-build"] }, executable: null }),
      JSON.stringify({ reason: "compiler-artifact", target: { name: "app", kind: ["bin"] }, executable: "/t/debug/app" }),
      JSON.stringify({ reason: "build-finished", success: true }),
    ].join("\n");
    assert.equal(hostBuild.executableFromMessages(lines, "app"), "/t/debug/app");
    assert.equal(hostBuild.executableFromMessages(lines, "other"), undefined);
    assert.deepEqual(hostBuild.hostBuildArgs("app", "debug"), ["build", "--bin", "app", "--message-format=json-render-diagnostics"]);
  });
  test("parseConfig validates genezioRust and explains", () => {
    const ok = project.parseConfig({ arch: ["x86_64", "arm64"], toolchain: "cross", crate: "rust", bin: "a", className: "A" });
    assert.deepEqual(ok.arches, ["arm64", "x86_64"]);
    assert.throws(() => project.parseConfig({ arch: ["mips"], crate: "r", bin: "a", className: "A" }), /"genezioRust.arch" must list "arm64" and\/or "x86_64"/);
    assert.throws(() => project.parseConfig({ arch: ["arm64"], toolchain: "gcc", crate: "r", bin: "a", className: "A" }), /must be one of zig, cross, cargo/);
    assert.throws(() => project.parseConfig({ arch: ["arm64"], crate: "r", className: "A" }), /"genezioRust.bin" must be a non-empty string/);
    assert.throws(() => project.parseConfig(undefined), /no "genezioRust" object/);
  });
});
