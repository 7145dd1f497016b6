/** The std-only Lambda stub (test/fixtures/lambda-stub), built through the tests' own helper. */
import { existsSync } from "node:fs";
import { importRepoFile, MissingDependency } from "./deps.js";

const STUB_HELPER = "test/helpers/stub.ts";

/** Build (or reuse) the stub; returns the path of the host binary. */
export async function buildStub(): Promise<string> {
  const mod = await importRepoFile<Record<string, unknown>>(STUB_HELPER, "the std-only stub helper");
  const fn = mod["stubBinary"] as (() => string) | undefined;
  if (typeof fn !== "function") throw new MissingDependency(`${STUB_HELPER} exports no stubBinary()`);
  const path = fn();
  if (!existsSync(path)) throw new MissingDependency(`${STUB_HELPER} gave no built stub binary`);
  return path;
}
