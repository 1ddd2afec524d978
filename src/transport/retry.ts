// Retry policy as pure functions, testable without a socket (like stripe-node's
// `RequestSender._shouldRetry`, src/RequestSender.ts): which outcomes are retried, and how long to
// wait before each retry. Intercom has no idempotency keys, so a POST that may have reached the
// server is not repeated unless the caller says it is safe.
import { jitter, msUntilServerTime } from "../rate-limit/budget.js";

/** How often and how patiently to retry. */
export interface RetryOptions {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  /** The first backoff step in ms; retry n waits between ½ and 1 × `baseDelayMs`·2ⁿ⁻¹. */
  baseDelayMs: number;
  /**
   * The longest wait before a retry, in ms: it caps the backoff, and when the server asks for a
   * longer wait (`Retry-After`, `X-RateLimit-Reset`) its response is returned instead of waiting.
   */
  maxDelayMs: number;
}

/**
 * Up to 4 attempts spread over about 3.5 s for server errors, and room for a full 10-second rate-limit
 * window (plus clock slack) on 429.
 */
export const defaultRetryOptions: Readonly<RetryOptions> = Object.freeze({
  maxRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
});

/** Methods that can be repeated without repeating their effect. */
const idempotentMethods = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);

export function isIdempotentMethod(method: string): boolean {
  return idempotentMethods.has(method.toUpperCase());
}

/**
 * Whether a response status is worth another attempt. 429 means the request was not processed, so
 * every method is retried; 408 and 5xx may come after the work was done, so only idempotent
 * requests are. 501 Not Implemented will not change.
 */
export function isRetryableStatus(status: number, idempotent: boolean): boolean {
  if (status === 429) return true;
  return idempotent && (status === 408 || (status >= 500 && status <= 599 && status !== 501));
}

/** The wait before retry number `retry` (1-based): exponential, capped, with "equal jitter". */
export function backoffDelay(retry: number, options: RetryOptions, random: () => number = Math.random): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return step / 2 + (random() * step) / 2;
}

// An HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, or the obsolete RFC 850 and asctime forms.
const httpDate =
  /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT|[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/;

/**
 * The wait a response asks for: `Retry-After` (RFC 9110 delta-seconds or an HTTP-date; anything
 * else, such as `1.5` or `-1`, is ignored), else, on a 429, until `X-RateLimit-Reset`. Intercom
 * documents only the latter (https://developers.intercom.com/docs/references/rest-api/errors/rate-limiting).
 */
export function serverRequestedDelay(response: Response, now: number): number | undefined {
  const retryAfter = response.headers.get("retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Math.min(Number(retryAfter) * 1000, Number.MAX_SAFE_INTEGER);
    if (httpDate.test(retryAfter)) return msUntilServerTime(response.headers, Date.parse(retryAfter), now);
  }
  const reset = response.headers.get("x-ratelimit-reset")?.trim();
  if (response.status === 429 && reset && /^\d+$/.test(reset)) {
    return msUntilServerTime(response.headers, Number(reset) * 1000, now);
  }
  return undefined;
}

/** How one attempt ended: with a response, or without one. */
export type AttemptOutcome =
  | { response: Response }
  | {
      failure: "timeout" | "network";
      /** The connection never opened, so not a byte of the request was sent. */
      neverSent: boolean;
      cause?: unknown;
    };

/** A retry and its wait; `undefined` means the outcome is final. */
type RetryDecision = { delayMs: number; reason: string } | undefined;

/**
 * Whether to retry after `attempt` (1 for the first) ended in `outcome`, and how long to wait.
 * A server that asks for a longer wait than `maxDelayMs` gets its response returned instead.
 */
export function shouldRetry(
  outcome: AttemptOutcome,
  attempt: number,
  policy: { retry: RetryOptions; idempotent: boolean },
  now: number,
): RetryDecision {
  const { retry, idempotent } = policy;
  if (attempt > retry.maxRetries) return undefined;
  if ("response" in outcome) {
    const { status } = outcome.response;
    if (status < 300 || !isRetryableStatus(status, idempotent)) return undefined;
    const asked = serverRequestedDelay(outcome.response, now);
    if (asked !== undefined && asked > retry.maxDelayMs) return undefined;
    // Never sooner than the backoff: a Retry-After or reset in the past would retry at once.
    const backoff = backoffDelay(attempt, retry);
    return { delayMs: asked === undefined ? backoff : Math.max(jitter(asked), backoff), reason: `status ${status}` };
  }
  if (!idempotent && !outcome.neverSent) return undefined;
  return { delayMs: backoffDelay(attempt, retry), reason: outcome.failure };
}
