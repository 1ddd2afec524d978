// Intercom's rate limit: X-RateLimit-Limit requests per window, X-RateLimit-Remaining left in it,
// and X-RateLimit-Reset, the window's end in Unix seconds (facts §1; 10-second windows). The budget
// tracks the current window so requests are paced through it instead of provoking 429s; its rules
// are in rate-limit-schedule.ts, and its state in a store (rate-limit-store.ts).
import { sleep } from "./abort.js";
import { withFallback } from "./rate-limit-fallback.js";
import { memoryRateLimitStore } from "./rate-limit-schedule.js";
import type {
  RateLimitDecision,
  RateLimitObservation,
  RateLimitStore,
  RateLimitStoreEvent,
} from "./rate-limit-store.js";

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

/** What a response's `X-RateLimit-*` headers say, or undefined when it has none (or not all three). */
export function observeHeaders(headers: Headers, now: number): RateLimitObservation | undefined {
  const limit = integerHeader(headers, "x-ratelimit-limit");
  const remaining = integerHeader(headers, "x-ratelimit-remaining");
  const reset = integerHeader(headers, "x-ratelimit-reset");
  if (limit === undefined || remaining === undefined || reset === undefined) return undefined;
  return { limit, remaining, reset, resetInMs: msUntilServerTime(headers, reset * 1000, now) };
}

/** Waits that end at the same reset are spread by 0–20%, as Intercom's own SDK does (core/fetcher/requestWithRetries.ts). */
const withJitter = (ms: number) => ms * (1 + Math.random() * 0.2);

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> => typeof (value as Promise<T>)?.then === "function";

export interface RateLimitBudgetOptions {
  /** A shared store (e.g. `intercom-fetch/redis`); without one, the budget is this client's own. */
  store?: RateLimitStore;
  /** Hears when the shared store fails and when it answers again. */
  report?: (event: RateLimitStoreEvent) => void;
  now?: () => number;
}

/**
 * The client's rate-limit budget: reads each response's headers into its store, and holds each request
 * until the store grants it a unit. A shared store that fails is replaced by the client's own until it
 * answers again (fail-open; src/rate-limit-fallback.ts).
 */
export class RateLimitBudget {
  readonly #store: RateLimitStore;
  readonly #now: () => number;

  constructor({ store, report = () => {}, now = Date.now }: RateLimitBudgetOptions = {}) {
    const local = memoryRateLimitStore(now);
    this.#store = store ? withFallback(store, local, report, { now }) : local;
    this.#now = now;
  }

  /** The latest known budget, or undefined before the first response with rate-limit headers. */
  get current(): RateLimit | undefined {
    return this.#store.current;
  }

  /**
   * Reads the rate-limit headers of the response to a request sent at `sentAt` (local ms). A shared
   * store learns them in the background: no request waits for that.
   */
  update(headers: Headers, sentAt?: number): void {
    const now = this.#now();
    const observation = observeHeaders(headers, now);
    if (!observation) return;
    if (sentAt !== undefined) observation.sentAgoMs = Math.max(now - sentAt, 0);
    void this.#store.observe(observation);
  }

  /**
   * Takes a unit of the window's budget: at once (undefined) when the store grants it without a wait,
   * else a promise that waits for the unit's paced slot, or for the reset while the budget is spent.
   * `onWait` hears of the first wait only.
   */
  take(signal?: AbortSignal | null, onWait?: (ms: number) => void): Promise<void> | undefined {
    const decision = this.#store.take();
    if (isPromise(decision)) return decision.then((d) => this.#hold(d, signal, onWait));
    return decision.granted && decision.waitMs <= 0 ? undefined : this.#hold(decision, signal, onWait);
  }

  async #hold(decision: RateLimitDecision, signal?: AbortSignal | null, onWait?: (ms: number) => void) {
    for (;;) {
      if (decision.granted && decision.waitMs <= 0) return;
      const wait = decision.granted ? decision.waitMs : withJitter(decision.waitMs);
      onWait?.(wait);
      onWait = undefined;
      await sleep(wait, signal);
      if (decision.granted) return;
      decision = await this.#store.take();
    }
  }
}
