/** Bundles src/index.ts into ONE file, dist/index.mjs (zero runtime dependencies), executable. */
import { build } from "esbuild";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { snapshotTemplates } from "../src/template-source.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outfile = path.join(root, "dist", "index.mjs");
// Build beside the output and rename, so a concurrent reader never sees a half-written file.
const tmpfile = `${outfile}.${process.pid}.tmp.mjs`;

await build({
  entryPoints: [path.join(root, "src", "index.ts")],
  outfile: tmpfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: false,
  legalComments: "none",
  banner: { js: "#!/usr/bin/env node" },
  logLevel: "warning",
  // The templates travel inside the bundle (src/template-source.ts): no file reads per scaffold.
  define: { __CGR_TEMPLATES__: JSON.stringify(snapshotTemplates(path.join(root, "template"))) },
});
fs.chmodSync(tmpfile, 0o755);
fs.renameSync(tmpfile, outfile);
const size = fs.statSync(outfile).size;
console.log(`dist/index.mjs: ${(size / 1024).toFixed(1)} KiB`);
