// A call as the transport sends it. client.ts builds one straight from a call's `init`, with
// openapi-fetch's own serializers, instead of a `Request`: fetch builds a Request of its own from
// whatever it is given, so one built before it is pure cost (about 15% of a loopback call, see
// bench/RESULTS.md), and its body could be read only once, so every retry had to clone it.
import type { ParsedBody } from "./exchange.js";
import type { RequestExtras } from "../method-types.js";

/** A body fetch can send again on a retry or redirect: openapi-fetch serializes to a string or FormData. */
export type ReplayableBody = string | FormData | URLSearchParams | ArrayBuffer;

export interface Outgoing extends RequestExtras {
  method: string;
  url: string;
  /** Lower-case names: fetch copies a plain object faster than a `Headers`. */
  headers: Record<string, string>;
  body: ReplayableBody | undefined;
  /** The caller's signal, followed by every wait and attempt of the call. */
  signal: AbortSignal | undefined;
  /** The caller's other `RequestInit` options (credentials, cache, keepalive, …), passed to fetch as they are. */
  init: RequestInit | undefined;
  /** How the caller reads the body; `"json"` (the default) is read and parsed by the transport. */
  parseAs: "json" | "text" | "blob" | "arrayBuffer" | "stream";
  /** Where the transport leaves a 2xx body's parsed JSON. */
  parsed: ParsedBody;
}

/** The options openapi-fetch copies from a call's `init` onto its Request, where the middleware path finds them. */
interface RequestWithExtras extends Request, RequestExtras {
  intercomSignal?: AbortSignal;
  intercomParseAs?: Outgoing["parseAs"];
  intercomBody?: ParsedBody;
}

/**
 * The call openapi-fetch built as a Request (calls with middleware or their own serializers go that
 * way), as the transport sends it. The body is read from a clone: middleware may still read the original.
 */
export async function outgoingFromRequest(request: Request): Promise<Outgoing> {
  const extras = request as RequestWithExtras;
  const { method, url, headers, retry, timeoutMs, deadlineMs, maxResponseBytes, idempotent } = extras;
  return {
    method,
    url,
    headers: Object.fromEntries(headers),
    body: request.body === null ? undefined : await request.clone().arrayBuffer(),
    signal: extras.intercomSignal,
    init: undefined,
    parseAs: extras.intercomParseAs ?? "json",
    parsed: extras.intercomBody ?? {},
    retry,
    timeoutMs,
    deadlineMs,
    maxResponseBytes,
    idempotent,
  };
}
