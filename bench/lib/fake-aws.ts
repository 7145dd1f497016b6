/** The test Runtime API host (test/helpers/fake-aws.ts), adapted to what P3 needs. */
import { importRepoFile } from "./deps.js";

export interface NextSeen {
  /** process.hrtime.bigint() when the host saw the request */
  at: bigint;
  userAgent: string;
}

export interface Host {
  /** the AWS_LAMBDA_RUNTIME_API value */
  runtimeApi: string;
  /** resolves at the first GET /runtime/invocation/next */
  firstNext: Promise<NextSeen>;
  close(): Promise<void>;
}

const HELPER = "test/helpers/fake-aws.ts";

export async function startHost(): Promise<Host> {
  const dev = process.env["BENCH_FAKE_AWS_DEV"];
  const mod = dev
    ? ((await import(dev)) as Record<string, unknown>)
    : await importRepoFile<Record<string, unknown>>(HELPER, "the test Runtime API host");
  const start = mod["startHost"] as (() => Promise<Host>) | undefined;
  if (typeof start !== "function") throw new Error(`${HELPER}: no startHost export`);
  return start();
}
