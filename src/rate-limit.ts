// Intercom's rate limit: X-RateLimit-Limit requests per window, X-RateLimit-Remaining left in it,
// and X-RateLimit-Reset, the window's end in Unix seconds (facts §1; 10-second windows). The budget
// tracks the current window so requests wait for the reset instead of provoking 429s.
import { sleep } from "./abort.js";
import { IntercomError } from "./errors.js";

/** The rate-limit budget as of the latest response. */
export interface RateLimit {
  /** Requests allowed in the current window. */
  limit: number;
  /** Requests left in the current window, less those sent since the last response. */
  remaining: number;
  /** When the window resets (local clock). */
  resetAt: Date;
}

// Windows are 10 s; a reset further out than this is clock trouble, not a reason to stall for hours.
const MAX_WAIT_MS = 60_000;

/**
 * Waits that end at the same reset are spread over up to 20% more, as the official SDK does
 * (intercom-node src/core/fetcher/requestWithRetries.ts), so held requests do not all arrive at once.
 */
export const jitter = (ms: number, random: () => number = Math.random) => ms + ms * 0.2 * random();

/**
 * Milliseconds from now until `targetMs` in the server's clock. Measured against the response's own
 * `Date` header when there is one, so a skewed local clock does not matter; `Date` has one-second
 * resolution, so this errs on the late side by under a second. Clamped to 0…60 s.
 */
export function msUntilServerTime(headers: Headers, targetMs: number, now: number): number {
  const serverNow = Date.parse(headers.get("date") ?? "");
  const wait = targetMs - (Number.isNaN(serverNow) ? now : serverNow);
  return Math.min(Math.max(wait, 0), MAX_WAIT_MS);
}

const integerHeader = (headers: Headers, name: string) => {
  const value = headers.get(name);
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
};

interface Window {
  limit: number;
  remaining: number;
  /** The raw `X-RateLimit-Reset` (Unix seconds): identifies the window. */
  reset: number;
  /** The reset in local milliseconds. */
  resetAt: number;
  /** How long the window lasts, as far as seen: the next one is assumed to last as long. */
  lengthMs: number;
}

function parseWindow(headers: Headers, now: number): Window | undefined {
  const limit = integerHeader(headers, "x-ratelimit-limit");
  const remaining = integerHeader(headers, "x-ratelimit-remaining");
  const reset = integerHeader(headers, "x-ratelimit-reset");
  if (limit === undefined || remaining === undefined || reset === undefined) return undefined;
  const serverNow = Date.parse(headers.get("date") ?? "");
  const untilReset = reset * 1000 - (Number.isNaN(serverNow) ? now : serverNow);
  return { limit, remaining, reset, resetAt: now + Math.max(untilReset, 0), lengthMs: Math.max(untilReset, 1_000) };
}

/** The per-client budget of the current rate-limit window. */
export class RateLimitBudget {
  #window: Window | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** The latest known budget, or undefined before the first response with rate-limit headers. */
  get current(): RateLimit | undefined {
    const w = this.#window;
    return w && { limit: w.limit, remaining: w.remaining, resetAt: new Date(w.resetAt) };
  }

  /**
   * Reads a response's rate-limit headers. Responses can arrive out of order, so within one window
   * the lower count wins and an older window is ignored, but only while the current one is plausible:
   * one far-future reset must not switch throttling off for the life of the client.
   */
  update(headers: Headers): void {
    const now = this.now();
    const next = parseWindow(headers, now);
    const current = this.#window;
    if (!next) return;
    if (current && next.reset === current.reset) {
      current.remaining = Math.min(current.remaining, next.remaining);
      return;
    }
    const plausible = current && current.resetAt - now <= MAX_WAIT_MS;
    if (current && plausible && next.reset < current.reset) return;
    if (current) next.lengthMs = Math.max(next.lengthMs, Math.min(current.lengthMs, MAX_WAIT_MS));
    this.#window = next;
  }

  /**
   * Takes one request from the window's budget, first waiting for the reset while it is spent
   * (undefined: no wait). After a reset the next window is assumed to hold `limit` requests and to
   * last as long as the last one, until a response reports it: requests held for the reset are
   * paced through it instead of all being released at once. A wait longer than `maxWaitMs` throws
   * a `rate_limited` IntercomError at once, saying when the window resets.
   */
  take(
    request: { method: string; url: string },
    maxWaitMs: number,
    signal?: AbortSignal | null,
    onWait?: (ms: number) => void,
  ): Promise<void> | undefined {
    const w = this.#window;
    if (!w) return undefined;
    const now = this.now();
    if (w.resetAt <= now) {
      const windows = Math.floor((now - w.resetAt) / w.lengthMs) + 1;
      w.resetAt += windows * w.lengthMs;
      w.remaining = w.limit;
    }
    if (w.remaining > 0) {
      w.remaining--;
      return undefined;
    }
    const wait = jitter(w.resetAt - now);
    if (wait > maxWaitMs) {
      throw new IntercomError({
        kind: "rate_limited",
        ...request,
        reason:
          `the rate-limit budget is spent until ${new Date(w.resetAt).toISOString()}, ` +
          `${Math.ceil(wait)} ms away: longer than this call may wait (${maxWaitMs} ms)`,
      });
    }
    onWait?.(wait);
    return sleep(wait, signal).then(() => this.take(request, maxWaitMs, signal, onWait));
  }
}
