/** The std-only Lambda stub (test/fixtures/lambda-stub), built through the tests' own helper. */
import { existsSync } from "node:fs";
import { importRepoFile, MissingDependency } from "./deps.js";

const STUB_HELPER = "test/helpers/stub.ts";

/** Build (or reuse) the stub; returns the path of the host binary. */
export async function buildStub(): Promise<string> {
  const override = process.env["BENCH_STUB"]; // seam: a stub binary built elsewhere
  if (override) {
    if (!existsSync(override)) throw new MissingDependency(`BENCH_STUB=${override} does not exist`);
    return override;
  }
  const mod = await importRepoFile<Record<string, unknown>>(STUB_HELPER, "the std-only stub helper");
  const fn = (mod.buildStub ?? mod.stubBinary ?? mod.ensureStub) as (() => Promise<string> | string) | undefined;
  if (typeof fn !== "function") throw new MissingDependency(`${STUB_HELPER} exports no buildStub()`);
  const result = (await fn()) as unknown;
  const path = typeof result === "string" ? result : (result as { path?: string }).path;
  if (typeof path !== "string" || !existsSync(path)) throw new MissingDependency(`${STUB_HELPER} gave no built stub binary`);
  return path;
}
