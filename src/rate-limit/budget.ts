// Intercom's rate limit: X-RateLimit-Limit requests per window, X-RateLimit-Remaining left in it,
// and X-RateLimit-Reset, the window's end in Unix seconds, in 10-second windows
// (https://developers.intercom.com/docs/references/rest-api/errors/rate-limiting). The budget
// tracks the current window so requests are paced through it instead of provoking 429s; its rules
// are in schedule.ts, and its state in a store (store.ts).
import { raceAbort, sleep } from "../abort.js";
import { IntercomError } from "../errors.js";
import { withFallback } from "./fallback.js";
import { memoryRateLimitStore } from "./schedule.js";
import type { RateLimitDecision, RateLimitObservation, RateLimitStore, RateLimitStoreEvent } from "./store.js";

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
function observeHeaders(headers: Headers, now: number): RateLimitObservation | undefined {
  const limit = integerHeader(headers, "x-ratelimit-limit");
  const remaining = integerHeader(headers, "x-ratelimit-remaining");
  const reset = integerHeader(headers, "x-ratelimit-reset");
  if (limit === undefined || remaining === undefined || reset === undefined) return undefined;
  // Unclamped: the store must see a far-future reset as such, to treat it as implausible.
  const serverNow = Date.parse(headers.get("date") ?? "");
  const resetInMs = Math.max(reset * 1000 - (Number.isNaN(serverNow) ? now : serverNow), 0);
  return { limit, remaining, reset, resetInMs };
}

/**
 * Waits that end at the same reset are spread over up to 20% more, as the official SDK does
 * (intercom-node src/core/fetcher/requestWithRetries.ts), so held requests do not all arrive at once.
 */
export const jitter = (ms: number, random: () => number = Math.random) => ms + ms * 0.2 * random();

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> => typeof (value as Promise<T>)?.then === "function";

interface RateLimitBudgetOptions {
  /** A shared store (e.g. `intercom-fetch/redis`); without one, the budget is this client's own. */
  store?: RateLimitStore;
  /** Hears when the shared store fails and when it answers again. */
  report?: (event: RateLimitStoreEvent) => void;
  now?: () => number;
}

/**
 * The client's rate-limit budget: reads each response's headers into its store, and holds each request
 * until the store grants it a unit. A shared store that fails is replaced by the client's own until it
 * answers again (fail-open; src/rate-limit/fallback.ts).
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
   * A wait longer than `maxWaitMs`, or one that would end after `deadline` (epoch ms) however many
   * waits came before it (a reset, then the next window's probe), rejects with a `rate_limited`
   * IntercomError as soon as that is known, saying how long it would be. `onWait` hears of the first
   * wait only.
   */
  take(
    request: { method: string; url: string },
    maxWaitMs: number,
    signal?: AbortSignal | null,
    onWait?: (ms: number) => void,
    deadline = Infinity,
  ): Promise<void> | undefined {
    const allowedMs = () => Math.min(maxWaitMs, deadline - Date.now());
    const decision = this.#ask(request, allowedMs(), signal);
    if (isPromise(decision)) return decision.then((d) => this.#hold(d, request, allowedMs, signal, onWait));
    if (decision.granted && decision.waitMs <= 0) return undefined;
    const wait = waitFor(decision, request, allowedMs()); // a hold that is too long throws here, synchronously
    return this.#hold(decision, request, allowedMs, signal, onWait, wait);
  }

  async #hold(
    decision: RateLimitDecision,
    request: { method: string; url: string },
    allowedMs: () => number,
    signal?: AbortSignal | null,
    onWait?: (ms: number) => void,
    wait?: number,
  ): Promise<void> {
    for (;;) {
      if (decision.granted && decision.waitMs <= 0) return;
      wait ??= waitFor(decision, request, allowedMs());
      onWait?.(wait);
      onWait = undefined;
      await sleep(wait, signal);
      if (decision.granted) return;
      decision = await this.#ask(request, allowedMs(), signal);
      wait = undefined;
    }
  }

  /** The store's decision. A shared store that gives none within `withinMs`, or before `signal` aborts, ends the hold. */
  #ask(
    request: { method: string; url: string },
    withinMs: number,
    signal?: AbortSignal | null,
  ): RateLimitDecision | Promise<RateLimitDecision> {
    const decision = this.#store.take();
    if (!isPromise(decision)) return decision;
    return raceAbort(decision, signal, {
      at: Date.now() + withinMs,
      error: () =>
        new IntercomError({
          kind: "timeout",
          ...request,
          reason: `the rate-limit store gave no answer within ${Math.max(Math.round(withinMs), 0)} ms, the longest this call may wait`,
        }),
    });
  }
}

/** How long to hold for `decision`: its paced slot, or a jittered wait to ask again; too long for the call throws. */
function waitFor(decision: RateLimitDecision, request: { method: string; url: string }, maxWaitMs: number): number {
  const wait = decision.granted ? decision.waitMs : jitter(decision.waitMs);
  if (wait <= maxWaitMs) return wait;
  throw new IntercomError({
    kind: "rate_limited",
    ...request,
    reason: `the rate-limit budget is spent for another ${Math.ceil(wait)} ms: longer than this call may wait (${maxWaitMs} ms)`,
  });
}
