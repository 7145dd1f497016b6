// Facts about Renovate taken from its published npm package (not from memory): the JSON schema
// of its config file, and the ids of its datasources, managers and versionings (the folder
// names under dist/modules/). Renovate 44 needs Node 24, so it is not run, only read: the
// tarball is fetched once with `npm pack` and the facts are cached under .cache/ (git-ignored).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

/** The Renovate release whose schema the config is checked against. */
export const RENOVATE_VERSION = "44.121.2";

export interface RenovateFacts {
  version: string;
  schema: Record<string, unknown>;
  datasources: string[];
  managers: string[];
  versionings: string[];
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Entries of a (ustar) tar archive: name → contents. Handles the formats `npm pack` writes. */
export function readTar(tar: Uint8Array): Map<string, Buffer> {
  const buf = Buffer.from(tar.buffer, tar.byteOffset, tar.byteLength);
  const files = new Map<string, Buffer>();
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= buf.length) {
    const header = buf.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, len: number) => header.subarray(start, start + len).toString("utf8").replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    const prefix = field(257, 6).startsWith("ustar") ? field(345, 155) : "";
    const body = buf.subarray(offset + 512, offset + 512 + size);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    if (type === "x") {
      // pax extended header: may carry the real path of the next entry
      const m = /\d+ path=([^\n]*)\n/.exec(body.toString("utf8"));
      if (m?.[1]) longName = m[1];
    } else if (type === "L") {
      longName = body.toString("utf8").replace(/\0.*$/s, "");
    } else if (type === "0" || type === "") {
      files.set(name, Buffer.from(body));
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** Pulls the facts out of a renovate package tarball (.tgz bytes). */
export function factsFromTarball(tgz: Uint8Array): RenovateFacts {
  const files = readTar(gunzipSync(tgz));
  const schemaText = files.get("package/renovate-schema.json");
  if (!schemaText) throw new Error("package/renovate-schema.json is not in the renovate tarball");
  const pkg = JSON.parse(files.get("package/package.json")?.toString("utf8") ?? "{}") as { version?: string };
  const ids = (kind: string) => {
    const re = new RegExp(`^package/dist/modules/${kind}/([^/]+)/index\\.js$`);
    return [...files.keys()].flatMap((f) => re.exec(f)?.[1] ?? []).sort();
  };
  return {
    version: pkg.version ?? "unknown",
    schema: JSON.parse(schemaText.toString("utf8")) as Record<string, unknown>,
    datasources: ids("datasource"),
    managers: ids("manager"),
    versionings: ids("versioning"),
  };
}

function npm(args: string[], cwd: string) {
  // Under `npm run`/`npm test`, npm_execpath is npm's own CLI script: run it with this node.
  const npmCli = process.env.npm_execpath;
  const useCli = npmCli !== undefined && /npm-cli\.js$/.test(npmCli);
  return spawnSync(useCli ? process.execPath : "npm", useCli ? [npmCli, ...args] : args, {
    cwd,
    encoding: "utf8",
    shell: !useCli && process.platform === "win32",
  });
}

/** The facts for RENOVATE_VERSION, fetched from the npm registry on first use, then cached. */
export function renovateFacts(): RenovateFacts {
  const cacheDir = path.join(repoRoot, ".cache", "renovate");
  const cacheFile = path.join(cacheDir, `facts-${RENOVATE_VERSION}.json`);
  try {
    return JSON.parse(readFileSync(cacheFile, "utf8")) as RenovateFacts;
  } catch {
    // not cached yet
  }
  const work = mkdtempSync(path.join(tmpdir(), "renovate-pack-"));
  try {
    const res = npm(["pack", `renovate@${RENOVATE_VERSION}`, "--silent", "--pack-destination", work], work);
    const tgz = readdirSync(work).find((f) => f.endsWith(".tgz"));
    if (res.status !== 0 || !tgz) {
      throw new Error(
        `could not fetch renovate@${RENOVATE_VERSION} from the npm registry (needed for its config schema): ` +
          `${res.error?.message ?? res.stderr}\nFix: check the network/registry settings, or run ` +
          `\`npm pack renovate@${RENOVATE_VERSION}\` by hand to see the error.`,
      );
    }
    const facts = factsFromTarball(readFileSync(path.join(work, tgz)));
    mkdirSync(cacheDir, { recursive: true });
    const partial = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(facts));
    renameSync(partial, cacheFile); // atomic: parallel test processes never read half a file
    return facts;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
