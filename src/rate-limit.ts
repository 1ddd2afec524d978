// Intercom's rate limit: X-RateLimit-Limit requests per window, X-RateLimit-Remaining left in it,
// and X-RateLimit-Reset, the window's end in Unix seconds (facts §1; 10-second windows). The budget
// tracks the current window so requests wait for the reset instead of provoking 429s.
import { sleep } from "./abort.js";

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
}

function parseWindow(headers: Headers, now: number): Window | undefined {
  const limit = integerHeader(headers, "x-ratelimit-limit");
  const remaining = integerHeader(headers, "x-ratelimit-remaining");
  const reset = integerHeader(headers, "x-ratelimit-reset");
  if (limit === undefined || remaining === undefined || reset === undefined) return undefined;
  return { limit, remaining, reset, resetAt: now + msUntilServerTime(headers, reset * 1000, now) };
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

  /** Reads a response's rate-limit headers. Responses can arrive out of order, so within one window the lower count wins. */
  update(headers: Headers): void {
    const next = parseWindow(headers, this.now());
    const current = this.#window;
    if (!next || (current && next.reset < current.reset)) return;
    if (current && next.reset === current.reset) current.remaining = Math.min(current.remaining, next.remaining);
    else this.#window = next;
  }

  /**
   * Takes one request from the window's budget, first waiting for the reset while it is spent
   * (undefined: no wait). After the reset the new window is unknown until a response reports it,
   * so requests pass.
   */
  take(signal?: AbortSignal | null, onWait?: (ms: number) => void): Promise<void> | undefined {
    const w = this.#window;
    const wait = w ? w.resetAt - this.now() : 0;
    if (!w || wait <= 0) return undefined;
    if (w.remaining > 0) {
      w.remaining--;
      return undefined;
    }
    onWait?.(wait);
    return sleep(wait, signal).then(() => this.take(signal, onWait));
  }
}
