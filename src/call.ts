// A call without middleware, sent without openapi-fetch's Request: the URL, headers and body come
// from openapi-fetch's own serializers, exactly as its `coreFetch` builds them
// (https://github.com/openapi-ts/openapi-typescript/blob/main/packages/openapi-fetch/src/index.js),
// and the result has openapi-fetch's shape. Calls with middleware or their own serializers go
// through openapi-fetch itself (client.ts).
import {
  type QuerySerializer,
  createFinalURL,
  createQuerySerializer,
  defaultBodySerializer,
  defaultPathSerializer,
  type mergeHeaders,
} from "openapi-fetch";
import { checkHeader } from "./config.js";
import type { RequestExtras } from "./method-types.js";
import type { Outgoing, ReplayableBody } from "./transport/outgoing.js";

export interface CallResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

export type Send = (call: Outgoing) => Promise<Response>;

type HeadersOption = Parameters<typeof mergeHeaders>[number];

interface CallInit extends Omit<RequestInit, "body" | "headers">, RequestExtras {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: HeadersOption };
  headers?: HeadersOption;
  body?: unknown;
  parseAs?: Outgoing["parseAs"];
}

// Its declaration lags its code, which also takes the merged headers (for a form content type).
const serializeBody = defaultBodySerializer as (body: unknown, headers: Record<string, string>) => ReplayableBody;

/**
 * openapi-fetch's `mergeHeaders` (a later value replaces, null removes, an array appends, undefined is
 * skipped) into a plain object with lower-case names: fetch copies a plain object faster than a
 * `Headers` (about 5% of a local call). A call's own headers are checked as the client's are at
 * construction, so a bad one is an IntercomConfigError and nothing is sent.
 */
function mergeHeaderRecords(
  base: Record<string, string>,
  own: [option: string, headers: HeadersOption][],
): Record<string, string> {
  const merged = { ...base };
  for (const [option, headers] of own) {
    if (!headers || typeof headers !== "object") continue;
    for (const [name, value] of headers instanceof Headers ? headers.entries() : Object.entries(headers)) {
      const key = name.toLowerCase();
      if (value === null) delete merged[key];
      else if (Array.isArray(value)) {
        for (const one of value) {
          const text = checkHeader(option, name, one);
          merged[key] = key in merged ? `${merged[key]}, ${text}` : text;
        }
      } else if (value !== undefined) merged[key] = checkHeader(option, name, value);
    }
  }
  return merged;
}

const lowerCaseNames = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

/**
 * OpenAPI's default for query objects is form + explode (`?user_id=1`), which is what the spec
 * declares for GET /events `filter`; openapi-fetch would default to deepObject (`?filter[user_id]=1`).
 */
export const querySerializerOptions = { object: { style: "form", explode: true } } as const;

/**
 * The client's direct call: `(method, path, init) => { data | error, response }`. The query
 * serializer is built once here; openapi-fetch builds it again for every call.
 */
export function directCall(baseUrl: string, baseHeaders: Record<string, string>, send: Send) {
  const querySerializer: QuerySerializer<unknown> = createQuerySerializer(querySerializerOptions);
  const base = lowerCaseNames(baseHeaders);
  // As openapi-fetch does, JSON's content type is a default the caller's headers override or remove.
  const baseWithJson = { "content-type": "application/json", ...base };

  return async (method: string, path: string, init: CallInit = {}): Promise<CallResult> => {
    const { params = {}, headers, body, parseAs = "json", signal, ...rest } = init;
    // What is left is fetch's own `RequestInit` (credentials, cache, keepalive, …).
    const { retry, timeoutMs, deadlineMs, maxResponseBytes, idempotent, ...requestInit } = rest;
    const url = createFinalURL(path, { baseUrl, params, querySerializer, pathSerializer: defaultPathSerializer });
    const own: [string, HeadersOption][] = [
      ["headers", headers],
      ["params.header", params.header],
    ];
    const merged = mergeHeaderRecords(base, own);
    let serialized: ReplayableBody | undefined;
    let finalHeaders = merged;
    if (body !== undefined) {
      // The serializer sees the caller's headers: a form content type makes it encode a form.
      serialized = serializeBody(body, merged);
      if (!(serialized instanceof FormData)) finalHeaders = mergeHeaderRecords(baseWithJson, own);
    }
    const parsed: Outgoing["parsed"] = {};
    const response = await send({
      method,
      url,
      headers: finalHeaders,
      body: serialized,
      signal: signal ?? undefined,
      init: Object.keys(requestInit).length > 0 ? requestInit : undefined,
      parseAs,
      parsed,
      retry,
      timeoutMs,
      deadlineMs,
      maxResponseBytes,
      idempotent,
    });
    return resultOf(response, method, parseAs, parsed);
  };
}

/** `{ data, response }` or `{ error, response }`, decided as openapi-fetch decides them. */
async function resultOf(
  response: Response,
  method: string,
  parseAs: Outgoing["parseAs"],
  parsed: Outgoing["parsed"],
): Promise<CallResult> {
  const contentLength = response.headers.get("Content-Length");
  if (
    response.status === 204 ||
    method === "HEAD" ||
    (contentLength === "0" && !response.headers.get("Transfer-Encoding")?.includes("chunked"))
  ) {
    return response.ok ? { data: undefined, response } : { error: undefined, response };
  }
  if (response.ok) {
    if (parseAs === "json") return { data: parsed.data, response };
    return { data: parseAs === "stream" ? response.body : await response[parseAs](), response };
  }
  // The transport has read an error's body; its `text()` returns what was read.
  let error: unknown = await response.text();
  try {
    error = JSON.parse(error as string);
  } catch {
    // Not JSON: the text is the error, as openapi-fetch gives it.
  }
  return { error, response };
}
