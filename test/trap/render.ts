/**
 * Test helper: lay down a generated project's server/ (trap runtime + the template's
 * service.ts rendered with the real renderer) in a temp dir, optionally with an
 * embedded.ts, and import it through tsx.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { renderText } from "../../src/render.ts";
import { encodeBinary, encodeEmbeddedModule, renderEmbeddedModule, type EncodeOptions } from "../../template/base/server/trap/embed-format.ts";
import { hostArch } from "../../template/base/server/trap/loader.ts";
import { stubBinary } from "../helpers/stub.ts";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const TRAP_SRC = join(REPO, "template/base/server/trap");

export interface Rendered {
  /** the temp root (holds server/, node_modules → the repo's, bin/ for the loader) */
  root: string;
  serverDir: string;
  /** a writable directory for GENEZIO_RUST_TMPDIR */
  binDir: string;
  serviceUrl: string;
  trapUrl: string;
  cleanup(): void;
}

/** The embedded.ts source holding the stub for this machine's arch. */
export function stubEmbeddedSource(options: EncodeOptions = { compression: "gzip" }): string {
  return encodeEmbeddedModule([{ arch: hostArch(), bytes: readFileSync(stubBinary()) }], options);
}

/**
 * Embed the stub with a sidecar, as `npm run embed` does: server/trap/bin/rust-<arch>-<hex>
 * (0755) plus an embedded.ts whose record names it. Returns the sidecar's path.
 */
export function writeStubWithSidecar(trapDir: string): string {
  const bytes = readFileSync(stubBinary());
  const rec = encodeBinary({ arch: hostArch(), bytes }, { compression: "gzip", sidecar: true });
  writeFileSync(join(trapDir, "embedded.ts"), renderEmbeddedModule([rec]));
  const sidecar = join(trapDir, rec.file!);
  mkdirSync(dirname(sidecar), { recursive: true });
  writeFileSync(sidecar, bytes, { mode: 0o755 });
  return sidecar;
}

export function renderServer(opts: {
  template: "axum" | "lambda-runtime";
  className: string;
  embeddedSource?: string;
  /** embed the stub with a sidecar beside the trap (instead of `embeddedSource`) */
  sidecar?: boolean;
}): Rendered {
  const root = mkdtempSync(join(tmpdir(), "trap-test-"));
  const serverDir = join(root, "server");
  const trapDir = join(serverDir, "trap");
  mkdirSync(trapDir, { recursive: true });
  writeFileSync(join(serverDir, "package.json"), JSON.stringify({ private: true, type: "module" }) + "\n");
  for (const f of readdirSync(TRAP_SRC)) if (f.endsWith(".ts")) copyFileSync(join(TRAP_SRC, f), join(trapDir, f));
  if (opts.sidecar && opts.embeddedSource !== undefined) throw new Error("renderServer: pass either sidecar or embeddedSource");
  if (opts.embeddedSource !== undefined) writeFileSync(join(trapDir, "embedded.ts"), opts.embeddedSource);
  if (opts.sidecar) writeStubWithSidecar(trapDir);
  const servicePath = join(REPO, "template", opts.template, "server", "service.ts");
  const service = renderText(readFileSync(servicePath, "utf8"), { tokens: { className: opts.className }, flags: {} }, servicePath);
  writeFileSync(join(serverDir, "service.ts"), service);
  symlinkSync(join(REPO, "node_modules"), join(root, "node_modules"), "dir");
  const binDir = join(root, "bin");
  mkdirSync(binDir);
  return {
    root,
    serverDir,
    binDir,
    serviceUrl: pathToFileURL(join(serverDir, "service.ts")).href,
    trapUrl: pathToFileURL(join(trapDir, "index.ts")).href,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
