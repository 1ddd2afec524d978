// The fetch function intercom-fetch hands to openapi-fetch. It adds, per request: a bound on
// requests in flight, the rate-limit budget, a per-attempt timeout, retries (each attempt sends a
// fresh clone: a consumed body cannot be sent twice), redacted logging, and typed errors for
// failures that have no response. Response bodies are read inside the attempt, so the timeout
// covers them and a connection that breaks mid-body is retried like any other network failure.
import { childController, raceAbort, sleep } from "./abort.js";
import { Slots, type Release } from "./concurrency.js";
import {
  IntercomConfigError,
  IntercomError,
  type RequestSummary,
  intercomErrorFromResponse,
  rememberRequest,
} from "./errors.js";
import { type RateLimit, RateLimitBudget } from "./rate-limit.js";
import { redactHeaders, redactText, redactUrl } from "./redact.js";
import {
  type RetryOptions,
  backoffDelay,
  defaultRetryOptions,
  isIdempotentMethod,
  isRetryableStatus,
  resolveRetryOptions,
  serverRequestedDelay,
} from "./retry.js";

/** What the `logger` option receives. Headers are copies with credentials redacted; bodies are never included. */
export type IntercomLogEvent =
  | { type: "request"; method: string; url: string; attempt: number; headers: Record<string, string> }
  | {
      type: "response";
      method: string;
      url: string;
      attempt: number;
      status: number;
      durationMs: number;
      requestId?: string;
      headers: Record<string, string>;
    }
  | {
      type: "retry";
      method: string;
      url: string;
      /** The attempt that failed (1 for the first). */
      attempt: number;
      delayMs: number;
      /** `"status 503"`, `"timeout"` or `"network"`. */
      reason: string;
    }
  | { type: "throttle"; method: string; url: string; delayMs: number };

/** Receives each log event (retries, throttling), e.g. to forward them to your logger. */
export type IntercomLogger = (event: IntercomLogEvent) => void;

/** The reliability options of `createIntercomClient`. */
export interface TransportOptions {
  /** Retry policy (defaults: 3 retries, 500 ms base, 20 s cap); `false` disables retries. */
  retry?: Partial<RetryOptions> | false;
  /** Per-attempt timeout in ms, covering the response body too (default 30 000). */
  timeoutMs?: number;
  /** The most requests in flight at once (default: no bound). Waiting for a retry frees the slot. */
  maxConcurrent?: number;
  /** Receives request, response, retry and throttle events, with credentials redacted. */
  logger?: IntercomLogger;
  /**
   * A fetch implementation, called as `fetch(request, { signal })` once per attempt; defaults to
   * `globalThis.fetch` at call time. Pass the signal on, or timeouts cannot close the connection.
   */
  fetch?: (request: Request, init: { signal: AbortSignal }) => Promise<Response>;
}

export interface Transport {
  /** openapi-fetch's `fetch`. */
  fetch(request: Request): Promise<Response>;
  /** The rate-limit budget as of the latest response. */
  readonly rateLimit: RateLimit | undefined;
}

/** Long enough for Intercom's slowest searches, short enough that a dead connection surfaces. */
export const defaultTimeoutMs = 30_000;

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
function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const detail = typeof cause?.code === "string" ? cause.code : cause?.message;
  return redactText(typeof detail === "string" && detail !== "" ? `${message} (${detail})` : message);
}

const isPositive = (value: unknown): value is number => typeof value === "number" && value > 0 && !Number.isNaN(value);

function checkTimeout(value: unknown): number | undefined {
  if (value === undefined || isPositive(value)) return value;
  throw new IntercomConfigError("timeoutMs", `${String(value)} is not a positive number of milliseconds.`);
}

function checkIdempotent(value: unknown): boolean | undefined {
  if (value === undefined || typeof value === "boolean") return value;
  throw new IntercomConfigError("idempotent", `${String(value)} is not a boolean.`);
}

function checkOptions(options: TransportOptions): void {
  checkTimeout(options.timeoutMs);
  const max = options.maxConcurrent;
  if (max !== undefined && !(isPositive(max) && (Number.isInteger(max) || max === Infinity))) {
    throw new IntercomConfigError("maxConcurrent", `${String(max)} is not a positive integer.`);
  }
  if (options.logger !== undefined && typeof options.logger !== "function") {
    throw new IntercomConfigError("logger", "must be a function that receives log events.");
  }
}

type Exchange = { response: Response; body: ArrayBuffer | null };
type Failure = { failure: "timeout" | "network"; cause?: unknown; neverSent: boolean };

const hasNoBody = (response: Response, method: string) =>
  method === "HEAD" || response.status === 204 || response.status === 205 || response.status === 304;

/**
 * One request and its whole body within `timeoutMs`. The caller's abort rethrows its reason; a
 * timeout or a network error becomes a `Failure`.
 */
async function exchange(
  fetch: NonNullable<TransportOptions["fetch"]>,
  request: Request,
  timeoutMs: number,
): Promise<Exchange | Failure> {
  const { controller, dispose } = childController(request.signal);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`no response within ${timeoutMs} ms`, "TimeoutError"));
  }, timeoutMs);
  try {
    // A fresh clone per attempt (the original body stays unread). The signal goes in `init`: undici
    // loses the abort of a signal baked into a Request that is garbage-collected mid-fetch.
    const response = await raceAbort(fetch(request.clone(), { signal: controller.signal }), controller.signal);
    const body = hasNoBody(response, request.method)
      ? null
      : await raceAbort(response.arrayBuffer(), controller.signal);
    return { response, body };
  } catch (cause) {
    if (request.signal.aborted) throw request.signal.reason;
    return timedOut
      ? { failure: "timeout", neverSent: false }
      : { failure: "network", cause, neverSent: neverSent(cause) };
  } finally {
    clearTimeout(timer);
    dispose();
  }
}

const isJson = (type: string) => /^application\/(?:[\w.+-]+\+)?json\b/i.test(type);

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Throws `invalid_response` for a 2xx whose body is not the JSON it announces, or an HTML page (a
 * proxy's or captive portal's; Intercom serves none): openapi-fetch would throw a bare SyntaxError
 * that names neither the request nor the body. Other types (the export download's gzip) pass.
 */
function checkJson({ response, body }: Exchange, request: RequestSummary & { attempts: number }): void {
  if (!response.ok || !body || body.byteLength === 0) return;
  const type = response.headers.get("content-type") ?? "";
  const isHtml = /^text\/html\b/i.test(type);
  if (!isHtml && !isJson(type)) return;
  const text = new TextDecoder().decode(body);
  if (isHtml || !parses(text)) throw intercomErrorFromResponse(response, text, request, "invalid_response");
}

/** A copy of `response` with its already-read body, keeping `url` and `redirected`. */
function withBody({ response, body }: Exchange): Response {
  const copy = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  return Object.defineProperties(copy, { url: { value: response.url }, redirected: { value: response.redirected } });
}

/** Creates the transport of one client: its budget, slots and options are per client, created here, not at import. */
export function createTransport(options: TransportOptions = {}): Transport {
  checkOptions(options);
  const retryDefaults = resolveRetryOptions(options.retry, defaultRetryOptions);
  const timeoutDefault = options.timeoutMs ?? defaultTimeoutMs;
  const slots =
    options.maxConcurrent && options.maxConcurrent !== Infinity ? new Slots(options.maxConcurrent) : undefined;
  const budget = new RateLimitBudget();
  const logger = options.logger;
  // Events are built only for a logger: redacting headers on every call costs more than the rest of the layer.
  const log = (event: () => IntercomLogEvent) => logger?.(event());

  /** One attempt: waits for a slot and the rate-limit budget, then exchanges, logs and checks. */
  async function attemptOnce(
    request: Request,
    attempt: number,
    timeoutMs: number,
    url: string,
  ): Promise<{ response: Response } | Failure> {
    const { method, signal } = request;
    const release: Release | undefined = await slots?.acquire(signal);
    try {
      await budget.take(signal, (delayMs) => log(() => ({ type: "throttle", method, url, delayMs })));
      log(() => ({ type: "request", method, url, attempt, headers: redactHeaders(request.headers) }));
      const started = Date.now();
      const result = await exchange(options.fetch ?? globalThis.fetch, request, timeoutMs);
      if ("failure" in result) return result;
      const { response } = result;
      budget.update(response.headers);
      log(() => ({
        type: "response",
        method,
        url,
        attempt,
        status: response.status,
        durationMs: Date.now() - started,
        requestId: response.headers.get("x-request-id") ?? undefined,
        headers: redactHeaders(response.headers),
      }));
      checkJson(result, { method, url, attempts: attempt });
      return { response: withBody(result) };
    } finally {
      release?.();
    }
  }

  async function send(request: Request): Promise<Response> {
    // openapi-fetch copies these `init` keys onto the Request; clones do not carry them, so read them first.
    const extras = request as Request & { retry?: unknown; timeoutMs?: unknown; idempotent?: unknown };
    const retry = resolveRetryOptions(extras.retry, retryDefaults);
    const timeoutMs = checkTimeout(extras.timeoutMs) ?? timeoutDefault;
    const idempotent = checkIdempotent(extras.idempotent) ?? isIdempotentMethod(request.method);
    const { method, signal } = request;
    const url = redactUrl(request.url);
    for (let attempt = 1; ; attempt++) {
      const outcome = await attemptOnce(request, attempt, timeoutMs, url);
      const retriesLeft = attempt <= retry.maxRetries;
      let delayMs: number;
      let reason: string;
      if ("response" in outcome) {
        const { response } = outcome;
        rememberRequest(response, { method, url, attempts: attempt });
        if (response.ok || !retriesLeft || !isRetryableStatus(response.status, idempotent)) return response;
        const asked = serverRequestedDelay(response, Date.now());
        if (asked !== undefined && asked > retry.maxDelayMs) return response;
        delayMs = asked ?? backoffDelay(attempt, retry);
        reason = `status ${response.status}`;
      } else {
        if (!retriesLeft || !(idempotent || outcome.neverSent)) {
          throw new IntercomError({
            kind: outcome.failure,
            method,
            url,
            attempts: attempt,
            reason:
              outcome.failure === "timeout" ? `no response within ${timeoutMs} ms` : describeFailure(outcome.cause),
            cause: outcome.cause,
          });
        }
        delayMs = backoffDelay(attempt, retry);
        reason = outcome.failure;
      }
      log(() => ({ type: "retry", method, url, attempt, delayMs, reason }));
      await sleep(delayMs, signal);
    }
  }

  return {
    fetch: send,
    get rateLimit() {
      return budget.current;
    },
  };
}
