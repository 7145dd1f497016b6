/**
 * Genezio's own tools, driven offline: its genezio.yaml parser, `genezio bundleClass`
 * (the bundle `genezio deploy` would upload) and `genezio local`.
 * Facts behind each step: docs/genezio-findings.md.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Peers } from "../../helpers/peers.js";
import { plain, run, runOk, start, tailLines, type Proc } from "./proc.js";

export type CloudAdapter = "aws" | "runtime";

/** The parsed genezio.yaml, as far as the suite looks at it. */
export interface GenezioYaml {
  name: string;
  region: string;
  yamlVersion: number;
  backend?: {
    path: string;
    language: { name: string; runtime?: string; architecture?: string };
    classes?: Array<{ path: string; type?: string; methods?: Array<{ name: string; type: string; cronString?: string }> }>;
  };
}

/** A filesystem for the parser whose writes throw: reading must not change the project. */
export function readOnlyFs(): Record<string, unknown> {
  const deny = (): never => {
    throw new Error("genezio's YAML parser tried to write genezio.yaml");
  };
  return {
    statSync: fs.statSync,
    readFileSync: fs.readFileSync,
    existsSync: fs.existsSync,
    writeFileSync: deny,
    promises: { readFile: fs.promises.readFile, writeFile: deny },
  };
}

/** Parse `file` with `YamlConfigurationIOController` from the installed genezio package. */
export async function parseGenezioYaml(peers: Peers, file: string): Promise<GenezioYaml> {
  const modUrl = pathToFileURL(join(peers.genezioPkgDir, "build", "src", "projectConfiguration", "yaml", "v2.js")).href;
  const mod = (await import(modUrl)) as {
    YamlConfigurationIOController: new (file: string, vars: Record<string, string>, fs: unknown) => { read(): Promise<GenezioYaml> };
  };
  return new mod.YamlConfigurationIOController(file, { stage: "prod" }, readOnlyFs()).read();
}

/** Environment for the genezio CLI: its own HOME (it writes ~/.genezio) and TMPDIR (bundles, workers). */
export interface GenezioDirs {
  home: string;
  tmp: string;
}

/**
 * `genezio bundleClass --className <C> --cloudAdapter <a> --output <out>` from the project root,
 * then unzip bundle.zip into `<out>/unzipped`. Returns that folder.
 */
export async function bundleClass(
  peers: Peers,
  projectDir: string,
  className: string,
  adapter: CloudAdapter,
  out: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  fs.rmSync(out, { recursive: true, force: true });
  const args = [peers.genezioBin, "bundleClass", "--className", className, "--cloudAdapter", adapter, "--output", out];
  const r = await run(process.execPath, args, { cwd: projectDir, env, limitMs: 5 * 60_000 });
  const zip = join(out, "bundle.zip");
  if (r.code !== 0 || !fs.existsSync(zip)) {
    const log = plain(r.output).split("\n").filter((l) => !l.includes("[BABEL]") && !l.startsWith("tslog:"));
    throw new Error(`genezio bundleClass --cloudAdapter ${adapter} exited ${r.code ?? r.signal}:\n${tailLines(log.join("\n"), 25)}`);
  }
  const dir = join(out, "unzipped");
  if (spawnSync("unzip", ["-v"], { stdio: "ignore" }).status !== 0) {
    throw new Error("unzip not found (needed to open bundle.zip): apt-get install -y unzip");
  }
  await runOk("unzip", ["-q", "-o", zip, "-d", dir], { cwd: out, limitMs: 120_000 });
  return dir;
}

/** `genezio local --port <port>` from the project root, returned once its HTTP server listens. */
export async function startLocal(peers: Peers, projectDir: string, port: number, env: NodeJS.ProcessEnv): Promise<Proc> {
  const p = start(process.execPath, [peers.genezioBin, "local", "--port", String(port)], { cwd: projectDir, env });
  try {
    await p.waitFor(new RegExp(`Server listening on port ${port}`), 180_000);
  } catch (e) {
    await p.stop();
    throw new Error(`genezio local did not start: ${plain((e as Error).message)}`);
  }
  return p;
}
