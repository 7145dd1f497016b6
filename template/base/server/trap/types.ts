/**
 * Shared types of the trap runtime. No tokens in this file: it is copied verbatim
 * into generated projects and tested straight from template/.
 */

/** A Linux CPU architecture a binary is built for (Lambda's names). */
export type Arch = "arm64" | "x86_64";

/** How the bytes in `EmbeddedBinary.data` are compressed before base64. */
export type Compression = "br" | "gzip" | "none";

/** One embedded Rust binary (see docs/ARCHITECTURE.md "Embedded module format"). */
export interface EmbeddedBinary {
  arch: Arch;
  /** hex sha256 of the raw (uncompressed) binary */
  sha256: string;
  /** size of the raw binary in bytes */
  size: number;
  compression: Compression;
  /**
   * The sidecar: the raw binary as a file, path relative to server/trap/ (e.g.
   * "bin/rust-x86_64-0123456789abcdef"), written by `npm run embed` beside this module.
   * The loader execs it (after checking size and sha256) instead of decoding `data`.
   */
  file?: string;
  /** base64 of the compressed bytes (a getter in the generated module: parsed only when read) */
  data: string;
}

/** What a Genezio http method receives (structurally compatible with @genezio/types). */
export interface GenezioHttpRequest {
  headers: Record<string, string | undefined>;
  http: {
    method: string;
    path: string;
    protocol?: string;
    userAgent?: string;
    sourceIp?: string;
  };
  queryStringParameters?: Record<string, string | undefined> | null;
  timeEpoch?: number;
  /** the event body as received: base64 text when the request was binary */
  rawBody?: string;
  /** Buffer (binary request), parsed JSON, or string */
  body?: unknown;
}

/** What a Genezio http method returns (structurally compatible with @genezio/types). */
export interface GenezioHttpResponse {
  statusCode: string;
  headers?: Record<string, string>;
  body: string | Buffer;
  isBase64Encoded?: boolean;
  /** Lambda Function URL style cookies (one Set-Cookie each); kept by Genezio's wrappers */
  cookies?: string[];
  /** every header with all its values (Set-Cookie included) */
  multiValueHeaders?: Record<string, string[]>;
}

/** A Lambda Function URL (API Gateway HTTP API payload v2) request event. */
export interface V2Event {
  version: "2.0";
  routeKey: "$default";
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  requestContext: {
    accountId: string;
    apiId: string;
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: "$default";
    stage: "$default";
    time: string;
    timeEpoch: number;
  };
  body?: string;
  isBase64Encoded: boolean;
}

/** A lambda_http v2 answer as posted to /response. */
export interface V2Response {
  statusCode?: number;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body?: string | null;
  isBase64Encoded?: boolean;
  cookies?: string[];
}

/** Genezio's cron event (what genezio-aws delivers to the function). */
export interface CronEvent {
  genezioEventType: "cron";
  methodName: string;
  cronString: string;
}

/** The outcome of one invocation through the bridge. */
export type InvokeResult =
  | { kind: "response"; payload: Buffer }
  | { kind: "error"; errorType: string; errorMessage: string }
  | { kind: "fault"; status: 413 | 502 | 504; errorType: string; errorMessage: string };
