// The budget's rules, as plain functions of the state and the clock, so that the in-process store
// and the Redis script (src/redis.ts, which mirrors them line for line) decide alike:
// - Units of a window are reserved at paced slots: what is left is spread evenly over the time left,
//   so a full queue drains through the window instead of at its start or at the reset.
// - Before any response has reported the budget, requests pass (a server may send no headers), but
//   they are counted: the first window learned starts with at most its limit less those, which are
//   in flight and will count against it. (Redis forgets that count after a minute without answers.)
// - Once the window has reset, its successor is unknown until a response reports it. One request
//   (a probe) goes; the others ask again shortly. A probe that never reports (its sender died, or
//   the response had no headers) lets another go after `probeLeaseMs`.
// - Within a window the lowest count and the earliest reset win: responses arrive out of order, and a
//   reset measured against a whole-second `Date` header is late by up to a second, never early.
// - A window with a larger reset replaces the current one, and so does any window once the current
//   one is over, so a far-future reset (clamped to `maxResetInMs`) cannot stop throttling for good.
import type { RateLimit } from "./rate-limit.js";
import type { RateLimitDecision, RateLimitObservation, RateLimitStore } from "./rate-limit-store.js";

export interface WindowState {
  /** Requests let through while the budget was unknown (limit -1). */
  blind: number;
  limit: number;
  remaining: number;
  /** The window's `X-RateLimit-Reset` (Unix seconds): identifies it. */
  reset: number;
  /** The reset on the store's clock (ms). */
  resetAt: number;
  /** The earliest slot (store clock, ms) for the next reservation. */
  nextAt: number;
  /** After the reset: until when a probe for the next window is out (0: none). */
  probeUntil: number;
}

export const scheduleTimings = {
  /** How long a probe may go unanswered before another is sent. */
  probeLeaseMs: 1_000,
  /** How often requests waiting for a probe's answer ask again. */
  probePollMs: 50,
  /** Windows are 10 s; a reset further out than this is clock trouble. */
  maxResetInMs: 60_000,
} as const;

/** The state before any response reported the budget. */
export const unknownWindow = (): WindowState => ({
  blind: 0,
  limit: -1,
  remaining: 0,
  reset: 0,
  resetAt: 0,
  nextAt: 0,
  probeUntil: 0,
});

/** Decides a take at `now`, updating `state` in place. */
export function decide(state: WindowState, now: number): RateLimitDecision {
  if (state.limit < 0) {
    state.blind += 1;
    return { granted: true, waitMs: 0 };
  }
  if (now >= state.resetAt) {
    if (state.probeUntil > now) {
      return { granted: false, waitMs: Math.min(state.probeUntil - now, scheduleTimings.probePollMs) };
    }
    state.probeUntil = now + scheduleTimings.probeLeaseMs;
    return { granted: true, waitMs: 0 };
  }
  const slot = Math.max(now, state.nextAt);
  if (state.remaining <= 0 || slot >= state.resetAt) return { granted: false, waitMs: state.resetAt - now };
  state.nextAt = Math.floor(slot + (state.resetAt - slot) / state.remaining);
  state.remaining -= 1;
  return { granted: true, waitMs: slot - now };
}

/** Folds a response's window into `state` at `now`; returns the new state. */
export function absorb(state: WindowState, observation: RateLimitObservation, now: number): WindowState {
  const resetAt = now + Math.min(Math.max(observation.resetInMs, 0), scheduleTimings.maxResetInMs);
  if (state.limit < 0 || now >= state.resetAt || observation.reset > state.reset) {
    return {
      blind: 0,
      limit: observation.limit,
      remaining: Math.max(Math.min(observation.remaining, observation.limit - state.blind), 0),
      reset: observation.reset,
      resetAt,
      nextAt: now,
      probeUntil: 0,
    };
  }
  if (observation.reset === state.reset) {
    state.limit = observation.limit;
    state.remaining = Math.min(state.remaining, observation.remaining);
    state.resetAt = Math.min(state.resetAt, resetAt);
  }
  return state;
}

/** The caller-facing view of a state: `resetAt` on the local clock. */
export function rateLimitView(limit: number, remaining: number, resetInMs: number): RateLimit {
  return { limit, remaining: Math.max(remaining, 0), resetAt: new Date(Date.now() + resetInMs) };
}

/** The default store: one process's budget, in memory. */
export function memoryRateLimitStore(now: () => number = Date.now): RateLimitStore {
  let state = unknownWindow();
  return {
    take: () => decide(state, now()),
    observe(observation) {
      state = absorb(state, observation, now());
    },
    get current() {
      return state.limit < 0 ? undefined : rateLimitView(state.limit, state.remaining, state.resetAt - now());
    },
  };
}
