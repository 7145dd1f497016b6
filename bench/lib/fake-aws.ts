/** The test Runtime API host (test/helpers/fake-aws.ts), adapted to what P3 needs. */
import { performance } from "node:perf_hooks";
import { importRepoFile, MissingDependency } from "./deps.js";

export interface NextSeen {
  /** process.hrtime.bigint() (system-wide monotonic clock) when the host saw the request */
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

interface FakeAwsLike {
  start(): Promise<FakeAwsLike>;
  readonly runtimeApi: string;
  firstNext(): Promise<{ at: number; userAgent: string | undefined }>;
  close(): Promise<void>;
}

const HELPER = "test/helpers/fake-aws.ts";

export async function startHost(): Promise<Host> {
  const mod = await importRepoFile<Record<string, unknown>>(HELPER, "the test Runtime API host");
  const FakeAws = mod["FakeAws"] as (new () => FakeAwsLike) | undefined;
  if (typeof FakeAws !== "function") throw new MissingDependency(`${HELPER} has no FakeAws class`);
  const aws = await new FakeAws().start();
  return {
    runtimeApi: aws.runtimeApi,
    // the host stamps arrivals with performance.now(); carry that over to hrtime, which the
    // child process shares (CLOCK_MONOTONIC), by the time elapsed since the stamp
    firstNext: aws.firstNext().then((rec) => {
      const hrNow = process.hrtime.bigint();
      const lagNs = BigInt(Math.round((performance.now() - rec.at) * 1e6));
      return { at: hrNow - lagNs, userAgent: rec.userAgent ?? "" };
    }),
    close: () => aws.close(),
  };
}
