// One attempt on the wire: a request and its whole body within the attempt's timeout, classified
// as a response or a failure (timeout, or a network error that may or may not have sent the
// request). Reading the body here lets the timeout cover it, and a connection that breaks mid-body
// counts as a network failure like any other. The body is read once and parsed once: openapi-fetch
// gets the same Response back, whose `json()`/`text()` return what was read.
import { IntercomError, type RequestSummary, intercomErrorFromResponse, responseRequests } from "../errors.js";
import { type Deadlines, raceAbort } from "../abort.js";
import type { AttemptOutcome } from "./retry.js";
import type { Outgoing } from "./outgoing.js";
import { readAtMost } from "../read-capped.js";
import { redactText } from "../redact.js";

/**
 * Where the transport leaves a 2xx body's parsed JSON for the caller (each call's `Outgoing.parsed`),
 * so neither call path parses it a second time. Nothing is attached to the Response itself: it would
 * live as long as the Response.
 */
export interface ParsedBody {
  parsed?: boolean;
  data?: unknown;
}

/** Errors whose cause says the connection never opened, so not a byte of a request was sent. */
const neverSentCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function neverSent(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown; errors?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === "string") return neverSentCodes.has(cause.code);
  // Happy eyeballs: one refusal per address, collected in an AggregateError.
  return Array.isArray(cause?.errors) && cause.errors.length > 0 && cause.errors.every((e) => neverSent({ cause: e }));
}

/** undici says only "fetch failed"; the reason is in its cause, e.g. `ECONNREFUSED` or "other side closed". */
export function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const detail = typeof cause?.code === "string" ? cause.code : cause?.message;
  return redactText(typeof detail === "string" && detail !== "" ? `${message} (${detail})` : message);
}

const hasNoBody = (response: Response, method: string) =>
  method === "HEAD" || response.status === 204 || response.status === 205 || response.status === 304;

const isHtml = (type: string) => /^text\/html\b/i.test(type);

const invalidResponse = (response: Response, text: string, request: RequestSummary & { attempts: number }) =>
  intercomErrorFromResponse(response, text, request, "invalid_response");

/**
 * Makes the already-read `text` what `response` gives its readers (openapi-fetch, middleware, the
 * caller): own properties shadow the consumed body's methods. Records the parsed JSON of a 2xx; a
 * 2xx that is not the JSON it should be throws `invalid_response`, where openapi-fetch would throw a
 * bare SyntaxError that names neither the request nor the body.
 */
function settleText(
  response: Response,
  text: string,
  request: RequestSummary & { attempts: number },
  body: ParsedBody,
): void {
  const own = response as { -readonly [K in "text" | "json" | "clone"]: Response[K] };
  own.text = async () => text;
  own.json = async () => JSON.parse(text);
  own.clone = () => new Response(text, response);
  if (!response.ok) return;
  if (isHtml(response.headers.get("content-type") ?? "")) throw invalidResponse(response, text, request);
  let parsed: unknown;
  if (text !== "") {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalidResponse(response, text, request);
    }
  }
  body.parsed = true;
  body.data = parsed;
}

/** A copy of `response` with an already-read binary body, keeping `url` and `redirected`. */
function withBody(response: Response, body: Uint8Array): Response {
  const copy = new Response(body as Uint8Array<ArrayBuffer>, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  return Object.defineProperties(copy, { url: { value: response.url }, redirected: { value: response.redirected } });
}

function tooLarge(summary: RequestSummary & { attempts: number }, response: Response, maxBytes: number, what: string) {
  return new IntercomError({
    kind: "invalid_response",
    status: response.status,
    ...summary,
    reason: `the response body ${what} maxResponseBytes (${maxBytes} bytes)`,
  });
}

/**
 * Whether the body must be read through the cap: with a `Content-Length` over it, the body is
 * cancelled unread and this throws; an uncompressed body with a `Content-Length` under it is read by
 * the runtime directly (undici stops at the announced length); any other (chunked, or inflated from
 * gzip) is counted while read (read-capped.ts).
 */
function needsCappedRead(response: Response, maxBytes: number, summary: RequestSummary & { attempts: number }) {
  const length = response.headers.get("content-length");
  if (length !== null && Number(length) > maxBytes) {
    response.body?.cancel().catch(() => {});
    throw tooLarge(summary, response, maxBytes, `announces ${length} bytes, more than`);
  }
  if (maxBytes === Infinity || response.body === null) return false;
  return length === null || response.headers.has("content-encoding");
}

/** How an attempt is sent: the fetch to call, and the client's timer for timeouts. */
export interface Wire {
  /** Called as fetch is, with a URL and the attempt's `init` (client.ts adapts a custom `fetch` option). */
  fetch: (url: string, init: RequestInit & { signal: AbortSignal; redirect: "manual" }) => Promise<Response>;
  /** Whether `fetch` is the caller's, which may ignore its signal. */
  custom: boolean;
  deadlines: Deadlines;
  controllers: ControllerPool;
}

/**
 * Attempt controllers, reused: creating an AbortController costs more in Node than the rest of an
 * attempt's bookkeeping together. A controller is reused only while it has never aborted, for
 * attempts whose body was read in full (an abort then reaches no one), and at most `maxUses`
 * times: undici's listeners on it go only when their requests are garbage-collected, and undici
 * counts them on every request (`getEventListeners`), so a long-lived signal gets slower to use.
 */
export class ControllerPool {
  static readonly maxUses = 8;
  readonly #idle: { controller: AbortController; uses: number }[] = [];

  take(): { controller: AbortController; uses: number } {
    const entry = this.#idle.pop() ?? { controller: new AbortController(), uses: 0 };
    entry.uses++;
    return entry;
  }

  give(entry: { controller: AbortController; uses: number }): void {
    if (!entry.controller.signal.aborted && entry.uses < ControllerPool.maxUses && this.#idle.length < 16) {
      this.#idle.push(entry);
    }
  }
}

/**
 * One request and its whole body within `timeoutMs`. The caller's abort rethrows its reason; a
 * timeout or a network error becomes a failure outcome; a 2xx that is not JSON, and a body over
 * `maxBytes`, throw.
 */
export async function exchange(
  wire: Wire,
  request: Outgoing,
  limits: { timeoutMs: number; maxResponseBytes: number },
  summary: RequestSummary & { attempts: number },
): Promise<AttemptOutcome> {
  const { timeoutMs, maxResponseBytes } = limits;
  const pooled = wire.controllers.take();
  const { controller } = pooled;
  const { signal } = controller;
  // The caller's signal, when there is one; most calls have none to follow.
  const parent = request.signal;
  const onParentAbort = parent && (() => controller.abort(parent.reason));
  if (parent) {
    if (parent.aborted) throw parent.reason;
    parent.addEventListener("abort", onParentAbort!, { once: true });
  }
  const release = wire.deadlines.watch(controller, timeoutMs);
  let reusable = false;
  let streaming = false;
  // undici honours the signal; only a custom fetch needs racing against it.
  const bounded = <T>(promise: Promise<T>) => (wire.custom ? raceAbort(promise, signal) : promise);
  try {
    const { method, url, headers, body, init } = request;
    const response = await bounded(wire.fetch(url, { ...init, method, headers, body, signal, redirect: "manual" }));
    responseRequests.set(response, summary);
    if (hasNoBody(response, request.method)) {
      reusable = true;
      return { response };
    }
    const { parseAs } = request;
    if (parseAs === "stream" && response.ok) {
      // Streamed to the caller unread (the export download's gzip can be large): the timeout covers
      // the wait for the headers; the caller's signal still cancels the body, so it keeps the listener.
      streaming = true;
      return { response };
    }
    let capped: Uint8Array | undefined;
    if (needsCappedRead(response, maxResponseBytes, summary)) {
      capped = await bounded(readAtMost(response.body!, maxResponseBytes));
      if (!capped) throw tooLarge(summary, response, maxResponseBytes, "is larger than");
    }
    // The caller's other `parseAs`: the bytes are kept as they came.
    if (parseAs !== "json") {
      const bytes = capped ?? new Uint8Array(await bounded(response.arrayBuffer()));
      const copy = withBody(response, bytes);
      reusable = true;
      responseRequests.set(copy, summary);
      return { response: copy };
    }
    const text = capped ? new TextDecoder().decode(capped) : await bounded(response.text());
    reusable = true;
    settleText(response, text, summary, request.parsed);
    return { response };
  } catch (cause) {
    if (parent?.aborted) throw parent.reason;
    if (cause instanceof IntercomError) throw cause;
    const timedOut = signal.aborted && (signal.reason as { name?: unknown })?.name === "TimeoutError";
    return timedOut
      ? { failure: "timeout", neverSent: false }
      : { failure: "network", cause, neverSent: neverSent(cause) };
  } finally {
    release();
    if (parent && !streaming) parent.removeEventListener("abort", onParentAbort!);
    if (reusable) wire.controllers.give(pooled);
  }
}
