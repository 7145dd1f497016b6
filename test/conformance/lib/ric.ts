/**
 * Runs a genezio-aws bundle the way AWS Lambda's nodejs20.x runtime does: AWS's own Node
 * runtime interface client (aws-lambda-ric) loads `index.handler` from the task root and
 * talks to a Runtime API host, here the test host playing AWS (test/helpers/fake-aws.ts).
 */
import { FakeAws } from "../../helpers/fake-aws.js";
import type { Peers } from "../../helpers/peers.js";
import { cleanEnv, start, type Proc } from "./proc.js";

export interface RicSession {
  aws: FakeAws;
  proc: Proc;
}

/** Lambda's variables for a function (what the Rust client requires at startup). */
export function lambdaEnv(runtimeApi: string, taskRoot: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return cleanEnv({
    AWS_LAMBDA_RUNTIME_API: runtimeApi,
    AWS_LAMBDA_FUNCTION_NAME: "conformance",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "1024",
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_LOG_GROUP_NAME: "/aws/lambda/conformance",
    AWS_LAMBDA_LOG_STREAM_NAME: "stream",
    AWS_REGION: "us-east-1",
    LAMBDA_TASK_ROOT: taskRoot,
    _HANDLER: "index.handler",
    ...extra,
  });
}

/** Start the host, then `node <ric>/bin/index.mjs index.handler` in `taskRoot`; `body` drives it. */
export async function withRic<T>(
  peers: Peers,
  taskRoot: string,
  extraEnv: Record<string, string>,
  body: (s: RicSession) => Promise<T>,
): Promise<T> {
  const aws = await new FakeAws().start();
  const proc = start(process.execPath, [peers.ricBin, "index.handler"], {
    cwd: taskRoot,
    env: lambdaEnv(aws.runtimeApi, taskRoot, extraEnv),
  });
  try {
    return await body({ aws, proc });
  } finally {
    await proc.stop();
    await aws.close();
  }
}

/** Resolves with `p` or rejects when the runtime process exits first (so a crash is reported, not waited on). */
export async function unlessExited<T>(proc: Proc, p: Promise<T>, what: string): Promise<T> {
  const exited = proc.wait().then((r) => {
    throw new Error(`the runtime exited (${r.code ?? r.signal}) before ${what}; output:\n${r.output.trimEnd().split("\n").slice(-30).join("\n")}`);
  });
  return Promise.race([p, exited]);
}
