/**
 * Test helper: the two shapes of GenezioHttpRequest that Genezio's wrappers build
 * (genezio-platform.md "What an http method actually receives").
 */
import type { GenezioHttpRequest } from "../../template/base/server/trap/types.ts";

export interface RequestSpec {
  method?: string;
  /** path after `/<Class>/<method>` (may hold %-escapes) */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** text body (string) or binary body (Buffer) */
  body?: string | Buffer;
}

function bodyFields(spec: RequestSpec): { rawBody: string; body: unknown } {
  if (spec.body === undefined) return { rawBody: "", body: "" };
  if (Buffer.isBuffer(spec.body)) {
    const rawBody = spec.body.toString("base64");
    return { rawBody, body: Buffer.from(rawBody, "base64") };
  }
  let body: unknown = spec.body;
  try {
    body = JSON.parse(spec.body);
  } catch {
    /* stays a string */
  }
  return { rawBody: spec.body, body };
}

/** genezio-aws: built from the Function URL event (headers as received, AWS lower-cases them). */
export function awsShape(prefix: string, spec: RequestSpec): GenezioHttpRequest {
  const headers: Record<string, string> = { host: "abc.lambda-url.us-east-1.on.aws", "user-agent": "test", ...spec.headers };
  return {
    headers,
    http: { method: spec.method ?? "GET", path: prefix + spec.path, protocol: "HTTP/1.1", sourceIp: "1.2.3.4", userAgent: "test" },
    queryStringParameters: spec.query,
    timeEpoch: Date.now(),
    ...bodyFields(spec),
  };
}

/** genezio-cloud: lower-cased headers plus injected access-control-allow-*, query from url.searchParams. */
export function cloudShape(prefix: string, spec: RequestSpec): GenezioHttpRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries({ Host: "app.us-east-1.cloud.genez.io", "User-Agent": "test", ...spec.headers })) {
    headers[k.toLowerCase()] = v;
  }
  headers["access-control-allow-origin"] = "*";
  headers["access-control-allow-headers"] = "*";
  headers["access-control-allow-methods"] = "*";
  return {
    headers,
    http: { method: spec.method ?? "GET", path: prefix + spec.path, protocol: "HTTP/1.1", sourceIp: "5.6.7.8", userAgent: "test" },
    queryStringParameters: Object.fromEntries(new URLSearchParams(spec.query ?? {})),
    timeEpoch: Date.now(),
    ...bodyFields(spec),
  };
}

export const SHAPES = { "genezio-aws": awsShape, "genezio-cloud": cloudShape } as const;
