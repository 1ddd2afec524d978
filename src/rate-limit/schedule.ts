// The budget's rules, as plain functions of the state and the clock, so that the in-process store
// and the Redis script (src/redis.ts, which mirrors them line for line) decide alike:
// - Units of a window are reserved at paced slots: what is left is spread evenly over the time left,
//   so a full queue drains through the window instead of at its start or at the reset.
// - Before any response has reported the budget, requests pass (a server may send no headers), but
//   they are counted: the first window learned starts with at most its limit less those, which are
//   in flight and will count against it. (Redis forgets that count after a minute without answers.)
// - A window that turns out to have reset before the store's estimate (an answer reports the next
//   one) starts with what that answer says is left, less the units granted after its request was
//   sent: those reach the server after it, so they will count in this window and it has not seen them.
// - Once the window has reset, its successor is unknown until a response reports it. One request
//   (a probe) goes; the others ask again shortly. A probe that never reports (its sender died, or
//   the response had no headers) lets another go after `probeLeaseMs`.
// - Within a window the lowest count wins: responses arrive out of order.
// - A reset measured against a whole-second `Date` header is late by up to a second, never early, so
//   the store keeps the smallest offset between its clock and the server's that answers have shown
//   (over this window and the last), and places each reset with it.
// - A window with a larger reset replaces the current one, and so does any window once the current
//   one is over, or while the current one's reset was too far out to be plausible (it is clamped to
//   `maxResetInMs`), so a far-future reset cannot stop throttling.
import type { RateLimitDecision, RateLimitObservation, RateLimitStore } from "./store.js";

interface WindowState {
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
  /** The smallest (store clock − server clock) seen in the previous window and this one. */
  offsetPrev: number;
  offsetCur: number;
  /** The slots of the latest grants (store clock, ms; ascending): the last `recentGrants.count`, within `recentGrants.ms`. */
  recent: number[];
}

/** An offset not yet measured. (Not Infinity: the Redis script stores it as a number.) */
const unknownOffset = 1e15;

export const scheduleTimings = {
  /** How long a probe may go unanswered before another is sent. */
  probeLeaseMs: 1_000,
  /** How often requests waiting for a probe's answer ask again. */
  probePollMs: 50,
  /** Windows are 10 s; a reset further out than this is clock trouble. */
  maxResetInMs: 60_000,
  /**
   * How much earlier than a request's send time a grant may have been made and still reach the server
   * after it (a busy event loop sends late), or an answer be recorded after its arrival.
   */
  lagMs: 250,
} as const;

/** The state before any response reported the budget. */
const unknownWindow = (): WindowState => ({
  blind: 0,
  limit: -1,
  remaining: 0,
  reset: 0,
  resetAt: 0,
  nextAt: 0,
  probeUntil: 0,
  offsetPrev: unknownOffset,
  offsetCur: unknownOffset,
  recent: [],
});

export const recentGrants = { count: 128, ms: 2_000 } as const;

/**
 * `recent` without grants older than `recentGrants.ms`, plus `slot`, at most `recentGrants.count`:
 * compacted in place, since it runs on every grant and a copy of up to 128 slots per request showed
 * in CPU profiles.
 */
function remember(recent: number[], slot: number, now: number): number[] {
  const oldest = now - recentGrants.ms;
  let kept = 0;
  for (const at of recent) if (at > oldest) recent[kept++] = at;
  recent.length = kept;
  recent.push(slot);
  if (recent.length > recentGrants.count) recent.splice(0, recent.length - recentGrants.count);
  return recent;
}

/** Grants the server cannot have counted when it answered a request sent `sentAgoMs` ago (unknown: those not yet due). */
function unseen(recent: number[], now: number, sentAgoMs: number | undefined): number {
  if (sentAgoMs === undefined) return recent.filter((at) => at > now).length;
  const sentAt = now - sentAgoMs - scheduleTimings.lagMs;
  // The request itself is among them, and the server did count it.
  return Math.max(recent.filter((at) => at >= sentAt).length - 1, 0);
}

/** Decides a take at `now`, updating `state` in place. */
function decide(state: WindowState, now: number): RateLimitDecision {
  if (state.limit < 0) {
    state.blind += 1;
    state.recent = remember(state.recent, now, now);
    return { granted: true, waitMs: 0 };
  }
  if (now >= state.resetAt) {
    if (state.probeUntil > now) {
      return { granted: false, waitMs: Math.min(state.probeUntil - now, scheduleTimings.probePollMs) };
    }
    state.probeUntil = now + scheduleTimings.probeLeaseMs;
    state.recent = remember(state.recent, now, now);
    return { granted: true, waitMs: 0 };
  }
  const slot = Math.max(now, state.nextAt);
  if (state.remaining <= 0 || slot >= state.resetAt) return { granted: false, waitMs: state.resetAt - now };
  state.nextAt = Math.floor(slot + (state.resetAt - slot) / state.remaining);
  state.remaining -= 1;
  state.recent = remember(state.recent, slot, now);
  return { granted: true, waitMs: slot - now };
}

/** Folds a response's window into `state` at `now`; returns the new state. */
function absorb(state: WindowState, observation: RateLimitObservation, now: number): WindowState {
  const { limit, remaining, reset, resetInMs } = observation;
  const clamped = resetInMs > scheduleTimings.maxResetInMs;
  const measured = now + Math.min(Math.max(resetInMs, 0), scheduleTimings.maxResetInMs);
  const offset = clamped ? unknownOffset : measured - reset * 1000;
  const place = (prev: number, cur: number) => (clamped ? measured : reset * 1000 + Math.min(prev, cur));
  // A window placed from a far-future reset (offset unknown) is implausible: any other replaces it.
  const implausible = state.limit >= 0 && state.offsetCur === unknownOffset;
  if (state.limit < 0 || now >= state.resetAt || reset > state.reset || (implausible && reset !== state.reset)) {
    const offsetPrev = state.limit < 0 ? unknownOffset : state.offsetCur;
    const notCounted = unseen(state.recent, now, observation.sentAgoMs);
    return {
      blind: 0,
      limit,
      remaining: Math.max(Math.min(remaining - notCounted, limit - state.blind), 0),
      reset,
      resetAt: place(offsetPrev, offset),
      nextAt: now,
      probeUntil: 0,
      offsetPrev,
      offsetCur: offset,
      recent: state.recent,
    };
  }
  if (reset === state.reset) {
    state.limit = limit;
    state.remaining = Math.min(state.remaining, remaining);
    state.offsetCur = Math.min(state.offsetCur, offset);
    state.resetAt = Math.min(state.resetAt, place(state.offsetPrev, state.offsetCur));
  }
  return state;
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
      if (state.limit < 0) return undefined;
      return { limit: state.limit, remaining: state.remaining, resetAt: new Date(state.resetAt) };
    },
  };
}
