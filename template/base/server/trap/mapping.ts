/**
 * Pure mapping between the shapes the bridge deals with:
 * Genezio request / plain Node HTTP request → Lambda Function URL (v2) event, and
 * lambda_http's v2 answer (or a bridge fault) → Genezio response / plain Node response.
 */
import type { GenezioHttpRequest, GenezioHttpResponse, InvokeResult, V2Event, V2Response } from "./types.js";

/** Identity of one invocation, used to fill the event's requestContext. */
export interface EventMeta {
  requestId: string;
  /** epoch ms of the request (default: now) */
  timeEpoch?: number;
}

/**
 * Remove Genezio's `/<Class>/<method>` prefix from a path (`/Svc/handle/a/b` → `/a/b`,
 * `/Svc/handle` → `/`). Genezio picks the method by the second segment and never checks
 * the first, so any first segment is accepted. Paths without the prefix are returned as-is.
 */
export function stripMethodPrefix(path: string, method: string): string {
  if (!path.startsWith("/")) path = "/" + path;
  const second = path.indexOf("/", 1);
  if (second < 0) return path;
  const end = path.indexOf("/", second + 1);
  const seg = end < 0 ? path.slice(second + 1) : path.slice(second + 1, end);
  if (seg !== method) return path;
  return end < 0 ? "/" : path.slice(end);
}

/** Rebuild a raw query string from Genezio's queryStringParameters (it has no raw one). */
export function buildQueryString(params: Record<string, string | undefined> | null | undefined): string {
  if (!params) return "";
  const parts: string[] = [];
  for (const key of Object.keys(params)) {
    const value = params[key];
    if (value === undefined) continue;
    parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(value));
  }
  return parts.join("&");
}

/** Parse a raw query string into Function URL's queryStringParameters (repeated keys joined by ","). */
export function parseQueryString(raw: string): Record<string, string> | undefined {
  if (raw === "") return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = k in out ? out[k] + "," + v : v;
  }
  return out;
}

/** True when Function URLs would pass a body with this content type as text (not base64). */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const ct = contentType.toLowerCase();
  return (
    ct.startsWith("text/") ||
    /(^|[/+])json\b/.test(ct) ||
    ct.includes("javascript") ||
    /(^|[/+])xml\b/.test(ct) ||
    ct.includes("yaml")
  );
}

function splitCookies(header: string): string[] {
  return header
    .split(";")
    .map((c) => c.trim())
    .filter((c) => c !== "");
}

function baseEvent(
  method: string,
  path: string,
  rawQuery: string,
  headers: Record<string, string>,
  meta: EventMeta,
  sourceIp: string,
): V2Event {
  const timeEpoch = meta.timeEpoch ?? Date.now();
  const host = headers["host"] ?? "localhost";
  const event: V2Event = {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: rawQuery,
    headers,
    requestContext: {
      accountId: "anonymous",
      apiId: "genezio-rust",
      domainName: host,
      domainPrefix: host.split(".")[0] ?? host,
      http: {
        method: method.toUpperCase(),
        path,
        protocol: "HTTP/1.1",
        sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: meta.requestId,
      routeKey: "$default",
      stage: "$default",
      time: new Date(timeEpoch).toISOString(),
      timeEpoch,
    },
    isBase64Encoded: false,
  };
  const cookie = headers["cookie"];
  if (cookie !== undefined) {
    delete headers["cookie"];
    const cookies = splitCookies(cookie);
    if (cookies.length > 0) event.cookies = cookies;
  }
  const qs = parseQueryString(rawQuery);
  if (qs) event.queryStringParameters = qs;
  return event;
}

/**
 * Map a Genezio http request (either Genezio runtime's shape) to a Function URL v2 event:
 * `/<Class>/<method>` prefix removed, query rebuilt, Cookie header → `cookies`, body from
 * `rawBody` when present (exact bytes; base64 when the request was binary).
 */
export function genezioRequestToEvent(req: GenezioHttpRequest, method: string, meta: EventMeta): V2Event {
  const headers: Record<string, string> = {};
  for (const key of Object.keys(req.headers ?? {})) {
    const value = req.headers[key];
    if (value !== undefined && value !== null) headers[key.toLowerCase()] = String(value);
  }
  let fullPath = req.http?.path ?? "/";
  let rawQuery: string;
  const q = fullPath.indexOf("?");
  if (q >= 0) {
    rawQuery = fullPath.slice(q + 1);
    fullPath = fullPath.slice(0, q);
  } else {
    rawQuery = buildQueryString(req.queryStringParameters);
  }
  const event = baseEvent(
    req.http?.method ?? "GET",
    stripMethodPrefix(fullPath, method),
    rawQuery,
    headers,
    { requestId: meta.requestId, timeEpoch: meta.timeEpoch ?? req.timeEpoch },
    req.http?.sourceIp ?? "127.0.0.1",
  );
  const body = req.body;
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) {
    event.body = typeof req.rawBody === "string" && req.rawBody !== "" ? req.rawBody : Buffer.from(body).toString("base64");
    event.isBase64Encoded = true;
  } else if (typeof req.rawBody === "string" && req.rawBody !== "") {
    event.body = req.rawBody;
  } else if (typeof body === "string") {
    if (body !== "") event.body = body;
  } else if (body !== undefined && body !== null) {
    event.body = JSON.stringify(body);
  }
  return event;
}

/** A plain Node HTTP request, already read (for `npm run dev`). */
export interface PlainHttpRequest {
  method: string;
  /** raw path + query as on the request line, e.g. `/a%20b?x=1` */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  remoteAddress?: string;
}

/** Map a plain Node HTTP request to a Function URL v2 event (text body when text-like, else base64). */
export function plainRequestToEvent(req: PlainHttpRequest, meta: EventMeta): V2Event {
  const headers: Record<string, string> = {};
  for (const key of Object.keys(req.headers)) {
    const value = req.headers[key];
    if (value === undefined) continue;
    headers[key.toLowerCase()] = Array.isArray(value) ? value.join(key.toLowerCase() === "cookie" ? "; " : ",") : value;
  }
  const q = req.url.indexOf("?");
  const path = q >= 0 ? req.url.slice(0, q) : req.url;
  const rawQuery = q >= 0 ? req.url.slice(q + 1) : "";
  const event = baseEvent(req.method, path || "/", rawQuery, headers, meta, req.remoteAddress ?? "127.0.0.1");
  if (req.body.byteLength > 0) {
    if (isTextContentType(headers["content-type"]) && !headers["content-encoding"]) {
      event.body = req.body.toString("utf8");
    } else {
      event.body = req.body.toString("base64");
      event.isBase64Encoded = true;
    }
  }
  return event;
}

/** Parse the bytes posted to /response as a lambda_http v2 answer; throws on anything else. */
export function parseV2Response(payload: Buffer): V2Response {
  const value: unknown = JSON.parse(payload.toString("utf8"));
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error("the binary's answer is not a JSON object (expected lambda_http's v2 response)");
  }
  return value as V2Response;
}

/** Headers of a v2 answer, flattened: name → all values, Set-Cookie (incl. `cookies`) separated out. */
export function collectHeaders(res: V2Response): { headers: Map<string, string[]>; cookies: string[] } {
  const headers = new Map<string, string[]>();
  const cookies: string[] = [];
  const add = (name: string, value: string): void => {
    const key = name.toLowerCase();
    if (key === "set-cookie") {
      if (!cookies.includes(value)) cookies.push(value);
      return;
    }
    const list = headers.get(key);
    if (!list) headers.set(key, [value]);
    else if (!list.includes(value)) list.push(value);
  };
  for (const [k, v] of Object.entries(res.multiValueHeaders ?? {})) {
    for (const one of Array.isArray(v) ? v : [v]) add(k, String(one));
  }
  for (const [k, v] of Object.entries(res.headers ?? {})) add(k, String(v));
  for (const c of res.cookies ?? []) if (!cookies.includes(c)) cookies.push(c);
  return { headers, cookies };
}

function bodyBytes(res: V2Response): Buffer {
  const body = res.body ?? "";
  return res.isBase64Encoded ? Buffer.from(body, "base64") : Buffer.from(body, "utf8");
}

/**
 * Map a lambda_http v2 answer to a Genezio response: statusCode as a string, headers
 * (repeated values joined by ", "), Set-Cookie values in `cookies` and
 * `multiValueHeaders["set-cookie"]` (a header record cannot hold several), base64
 * bodies as a Buffer (Genezio's wrapper base64-encodes Buffers).
 */
export function v2ToGenezioResponse(res: V2Response): GenezioHttpResponse {
  const { headers, cookies } = collectHeaders(res);
  const out: GenezioHttpResponse = {
    statusCode: String(res.statusCode ?? 200),
    headers: Object.fromEntries([...headers].map(([k, v]) => [k, v.join(", ")])),
    body: res.isBase64Encoded ? bodyBytes(res) : (res.body ?? ""),
  };
  if (cookies.length > 0) {
    out.cookies = cookies;
    out.multiValueHeaders = { "set-cookie": cookies };
  }
  return out;
}

/** A response ready for Node's `res.writeHead(status, headers); res.end(body)`. */
export interface PlainHttpResponse {
  status: number;
  /** `set-cookie` is an array (one header line each) */
  headers: Record<string, string | string[]>;
  body: Buffer;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "content-length"]);

/** Map a lambda_http v2 answer to a plain Node HTTP response (multiple Set-Cookie kept). */
export function v2ToPlainResponse(res: V2Response): PlainHttpResponse {
  const { headers, cookies } = collectHeaders(res);
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of headers) if (!HOP_BY_HOP.has(k)) out[k] = v.join(", ");
  if (cookies.length > 0) out["set-cookie"] = cookies;
  return { status: res.statusCode ?? 200, headers: out, body: bodyBytes(res) };
}

function errorJson(errorType: string, errorMessage: string): string {
  return JSON.stringify({ errorType, errorMessage });
}

/**
 * Turn any bridge outcome into a Genezio response: the binary's answer mapped back;
 * `/error` → 502 JSON {errorType, errorMessage}; faults → their status (413/502/504) with the same JSON.
 */
export function resultToGenezioResponse(result: InvokeResult): GenezioHttpResponse {
  if (result.kind === "response") {
    try {
      return v2ToGenezioResponse(parseV2Response(result.payload));
    } catch (err) {
      return resultToGenezioResponse({
        kind: "fault",
        status: 502,
        errorType: "InvalidResponse",
        errorMessage: (err as Error).message,
      });
    }
  }
  const status = result.kind === "error" ? 502 : result.status;
  return {
    statusCode: String(status),
    headers: { "content-type": "application/json" },
    body: errorJson(result.errorType, result.errorMessage),
  };
}

/** Same as resultToGenezioResponse, for a plain Node HTTP response. */
export function resultToPlainResponse(result: InvokeResult): PlainHttpResponse {
  if (result.kind === "response") {
    try {
      return v2ToPlainResponse(parseV2Response(result.payload));
    } catch (err) {
      return resultToPlainResponse({ kind: "fault", status: 502, errorType: "InvalidResponse", errorMessage: (err as Error).message });
    }
  }
  const status = result.kind === "error" ? 502 : result.status;
  return {
    status,
    headers: { "content-type": "application/json" },
    body: Buffer.from(errorJson(result.errorType, result.errorMessage)),
  };
}
