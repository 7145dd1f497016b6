#!/usr/bin/env node
// Finds the test files and runs them with node:test (+ tsx), the same way on Linux, macOS
// and Windows. Node 20's `node --test` does not expand glob patterns (Node 22 does), so the
// file list is built here instead of by a shell or by node.
//
//   node .github/scripts/run-tests.mjs              every test/**/*.test.ts
//   node .github/scripts/run-tests.mjs --portable   the tests that run on any OS
//   node .github/scripts/run-tests.mjs --linux      only the Linux-only tests
//   node .github/scripts/run-tests.mjs --area conformance --concurrency 1
//                                                   only test/conformance/**, one file at a time
//   add --list to print the selection instead of running it
//
// Linux-only tests: every file under an area in LINUX_ONLY_AREAS, and any file named
// `*.linux.test.ts` (for a single Linux-only file inside a portable area, e.g. a pty test).
// The conformance suite has its own CI job and npm script, so --portable and --linux leave it out.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Areas (first folder under test/) whose tests need Linux: ELF binaries, cargo, /proc, ptys. */
export const LINUX_ONLY_AREAS = ["trap", "scripts"];
/** Areas that run in a CI job of their own. */
export const SEPARATE_AREAS = ["conformance"];

/**
 * Picks test files from a list of repo-relative POSIX paths ("test/cli/args.test.ts").
 * @param {readonly string[]} files
 * @param {"all" | "portable" | "linux"} mode
 * @param {readonly string[]} [areas] when given, only files under test/<area>/ for these areas
 * @returns {string[]} sorted selection
 */
export function selectTestFiles(files, mode, areas = []) {
  const area = (f) => f.split("/")[1] ?? "";
  const tests = files.filter(
    (f) => f.startsWith("test/") && f.endsWith(".test.ts") && (areas.length === 0 || areas.includes(area(f))),
  );
  const isLinuxOnly = (f) => LINUX_ONLY_AREAS.includes(area(f)) || f.endsWith(".linux.test.ts");
  const isSeparate = (f) => SEPARATE_AREAS.includes(area(f));
  const picked =
    mode === "all"
      ? tests
      : mode === "portable"
        ? tests.filter((f) => !isLinuxOnly(f) && !isSeparate(f))
        : tests.filter((f) => isLinuxOnly(f) && !isSeparate(f));
  return [...picked].sort();
}

/** Parses this script's arguments; throws with the usage on anything unknown. */
export function parseArgs(argv) {
  const usage = "usage: run-tests.mjs [--portable | --linux] [--area NAME]... [--concurrency N] [--list]";
  let mode = "all";
  let list = false;
  let concurrency = 2;
  const areas = [];
  const args = argv.flatMap((a) => (/^--(area|concurrency)=/.test(a) ? a.split(/=(.*)/s, 2) : [a]));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--portable") mode = "portable";
    else if (arg === "--linux") mode = "linux";
    else if (arg === "--list") list = true;
    else if (arg === "--area" && /^[\w.-]+$/.test(args[i + 1] ?? "")) areas.push(args[++i]);
    else if (arg === "--concurrency" && /^[1-9]\d*$/.test(args[i + 1] ?? "")) concurrency = Number(args[++i]);
    else throw new Error(`bad argument ${JSON.stringify(arg)}; ${usage}`);
  }
  return { mode, list, concurrency, areas };
}

/** Every file under `dir`, as paths relative to `root` with forward slashes. */
export function listFiles(root, dir = "test") {
  const out = [];
  const walk = (rel) => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === "target") continue;
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  walk(dir);
  return out;
}

function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err.message);
    return 2;
  }
  const files = selectTestFiles(listFiles(root), opts.mode, opts.areas);
  if (files.length === 0) {
    const areas = opts.areas.length ? `, areas ${opts.areas.join(", ")}` : "";
    console.error(`run-tests: no test files selected (mode ${opts.mode}${areas}) under ${path.join(root, "test")}`);
    return 1;
  }
  if (opts.list) {
    console.log(files.join("\n"));
    return 0;
  }
  const args = ["--import", "tsx", "--test", `--test-concurrency=${opts.concurrency}`, ...files];
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
  if (result.error) {
    console.error(`run-tests: could not start node: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main();
}
