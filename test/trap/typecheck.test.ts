// A generated project's server/ (trap runtime + rendered service.ts) type-checks with
// the template's own server/tsconfig.json (strict, no experimentalDecorators), with the
// empty embedded.ts the scaffolder ships and with a generated one.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { encodeEmbeddedModule } from "../../template/base/server/trap/embed-format.ts";
import { REPO, renderServer } from "./render.ts";

function tsc(serverDir: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [join(REPO, "node_modules/typescript/bin/tsc"), "-p", join(serverDir, "tsconfig.json")], { encoding: "utf8" });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe("generated server/ type-checks", () => {
  for (const template of ["axum", "lambda-runtime"] as const) {
    for (const embedded of ["empty", "generated"] as const) {
      it(`${template}, ${embedded} embedded.ts`, () => {
        const r = renderServer({
          template,
          className: "MyApp",
          embeddedSource: embedded === "empty" ? undefined : encodeEmbeddedModule([{ arch: "arm64", bytes: Buffer.from("x") }], { compression: "gzip" }),
        });
        try {
          copyFileSync(join(REPO, "template/base/server/tsconfig.json"), join(r.serverDir, "tsconfig.json"));
          symlinkSync(join(REPO, "node_modules"), join(r.serverDir, "node_modules"), "dir");
          const { status, out } = tsc(r.serverDir);
          assert.equal(status, 0, out);
        } finally {
          r.cleanup();
        }
      });
    }
  }
});
