/**
 * Where the template files come from. The published bundle carries a build-time snapshot of
 * template/ (scripts/build.ts defines __CGR_TEMPLATES__), so a scaffold reads no template
 * files from disk: one module instead of ~65 open/stat/read calls, the biggest cost of a
 * scaffold after Node's own start-up (bench P1). Unbundled (tsx, tests of src/) and with
 * CREATE_GENEZIO_RUST_TEMPLATE_DIR set (template development), the files are read from disk.
 */
import fs from "node:fs";
import nodePath from "node:path";
import { readTemplateDir, type TemplateFile } from "./render.js";

/** One file of the snapshot: text (UTF-8) or, for a binary file, base64. */
export interface SnapshotFile {
  path: string;
  mode: number;
  text?: string;
  base64?: string;
}
export type TemplateSnapshot = Record<string, readonly SnapshotFile[]>;

declare const __CGR_TEMPLATES__: TemplateSnapshot | undefined;

/** The snapshot the bundle was built with, if any. */
function bundledSnapshot(): TemplateSnapshot | undefined {
  return typeof __CGR_TEMPLATES__ === "undefined" ? undefined : __CGR_TEMPLATES__;
}

/** Snapshot of every layer (base, axum, lambda-runtime) under `templateRoot`; used by the build. */
export function snapshotTemplates(templateRoot: string): TemplateSnapshot {
  const out: Record<string, SnapshotFile[]> = {};
  for (const entry of readTemplateDirNames(templateRoot)) {
    out[entry] = readTemplateDir(nodePath.join(templateRoot, entry)).map((f) =>
      f.contents.includes(0)
        ? { path: f.path, mode: f.mode, base64: f.contents.toString("base64") }
        : { path: f.path, mode: f.mode, text: f.contents.toString("utf8") },
    );
  }
  return out;
}

function readTemplateDirNames(templateRoot: string): string[] {
  return fs
    .readdirSync(templateRoot, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** The files of one template layer ("base", "axum", "lambda-runtime"). */
export function loadLayer(templateRoot: string, layer: string, env: NodeJS.ProcessEnv = process.env): TemplateFile[] {
  const override = env["CREATE_GENEZIO_RUST_TEMPLATE_DIR"];
  const snapshot = override ? undefined : bundledSnapshot();
  if (!snapshot) return readTemplateDir(nodePath.join(override || templateRoot, layer));
  return (snapshot[layer] ?? []).map((f) => ({
    path: f.path,
    mode: f.mode,
    contents: f.base64 !== undefined ? Buffer.from(f.base64, "base64") : Buffer.from(f.text ?? "", "utf8"),
  }));
}
