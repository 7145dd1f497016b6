/**
 * Request events for the conformance suite, pure: Lambda Function URL (payload v2) events as
 * AWS sends them to a genezio-aws function, and genezio-cloud events as Genezio's runtime
 * hands them to `handler` (serializable form: `url` is a string here and becomes a URL
 * object in the driver that calls the handler).
 */
import type { V2Event } from "../../../template/base/server/trap/types.ts";

export interface HttpCase {
  /** short label for messages */
  name: string;
  method: string;
  /** path after `/<Class>/handle`, e.g. `/greet/bob` */
  path: string;
  /** raw query string without `?` */
  query?: string;
  /** lower-case header names */
  headers?: Record<string, string>;
  body?: Buffer | string;
  cookies?: string[];
}

/** A Function URL (payload v2) event: the shape the trap runtime produces too (one definition). */
export type FunctionUrlEvent = V2Event;

const DOMAIN = "abc123.lambda-url.us-east-1.on.aws";
const FIXED_EPOCH = 1_796_413_883_541;

function encodeBody(body: Buffer | string | undefined): { body?: string; isBase64Encoded: boolean } {
  if (body === undefined) return { isBase64Encoded: false };
  if (typeof body === "string") return { body, isBase64Encoded: false };
  return { body: body.toString("base64"), isBase64Encoded: true };
}

function queryParams(query: string | undefined): Record<string, string> | undefined {
  if (!query) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(query)) out[k] = v;
  return out;
}

/** The Function URL event for `/<className>/handle<path>` (what genezio-aws's Lambda receives). */
export function functionUrlEvent(className: string, c: HttpCase, requestId = "req-1"): FunctionUrlEvent {
  const path = `/${className}/handle${c.path}`;
  const headers: Record<string, string> = {
    host: DOMAIN,
    "user-agent": "conformance",
    "x-forwarded-proto": "https",
    ...(c.headers ?? {}),
  };
  const event: FunctionUrlEvent = {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: c.query ?? "",
    headers,
    requestContext: {
      accountId: "anonymous",
      apiId: "abc123",
      domainName: DOMAIN,
      domainPrefix: "abc123",
      http: { method: c.method, path, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "conformance" },
      requestId,
      routeKey: "$default",
      stage: "$default",
      time: new Date(FIXED_EPOCH).toISOString(),
      timeEpoch: FIXED_EPOCH,
    },
    ...encodeBody(c.body),
  };
  const qs = queryParams(c.query);
  if (qs) event.queryStringParameters = qs;
  if (c.cookies && c.cookies.length > 0) event.cookies = c.cookies;
  return event;
}

/** genezio-cloud's event with `url` as a string (the driver turns it into a URL object). */
export interface CloudEventWire {
  http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
  url: string;
  headers: Record<string, string>;
  body?: string;
  isBase64Encoded: boolean;
  requestTimestampMs: number;
}

/** What Genezio's runtime passes to `handler` for `/<className>/handle<path>`. Header names lower-cased. */
export function cloudEvent(className: string, c: HttpCase): CloudEventWire {
  const path = `/${className}/handle${c.path}`;
  const headers: Record<string, string> = { host: "example.app.genez.io", "user-agent": "conformance" };
  for (const [k, v] of Object.entries(c.headers ?? {})) headers[k.toLowerCase()] = v;
  if (c.cookies && c.cookies.length > 0) headers["cookie"] = c.cookies.join("; ");
  return {
    http: { method: c.method, path, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "conformance" },
    url: `https://example.app.genez.io${path}${c.query ? `?${c.query}` : ""}`,
    headers,
    ...encodeBody(c.body),
    requestTimestampMs: FIXED_EPOCH,
  };
}

/** The event genezio-aws delivers for a cron method. */
export function awsCronEvent(methodName: string, cronString: string): Record<string, string> {
  return { genezioEventType: "cron", methodName, cronString };
}

/** genezio-cloud delivers cron as a JSON-RPC POST with Genezio-Event headers. */
export function cloudCronEvent(className: string, methodName: string, cronString: string): CloudEventWire {
  const path = `/${className}`;
  return {
    http: { method: "POST", path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "genezio-cron" },
    url: `https://example.app.genez.io${path}`,
    headers: { "content-type": "application/json", "Genezio-Event": "cron", "Genezio-Cronstring": cronString },
    body: JSON.stringify({ jsonrpc: "2.0", method: `${className}.${methodName}`, params: [], id: 1 }),
    isBase64Encoded: false,
    requestTimestampMs: FIXED_EPOCH,
  };
}

/** Bytes 0..=255 four times: what the stub's GET /bin answers. */
export function binPattern(): Buffer {
  const out = Buffer.alloc(1024);
  for (let i = 0; i < out.length; i++) out[i] = i % 256;
  return out;
}
