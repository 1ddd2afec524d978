// Where a client keeps its rate-limit budget. The default store lives in the client's own process;
// another (e.g. `intercom-fetch/redis`) lets several processes draw on one budget, because Intercom
// counts a workspace's calls together, whichever process sends them.
import type { RateLimit } from "./budget.js";

/** What one response's `X-RateLimit-*` headers said. */
export interface RateLimitObservation {
  /** `X-RateLimit-Limit`: requests allowed in the window. */
  limit: number;
  /** `X-RateLimit-Remaining`: requests left in it when the server answered. */
  remaining: number;
  /** `X-RateLimit-Reset`: the window's end in Unix seconds. It identifies the window. */
  reset: number;
  /** Milliseconds from the response's arrival until the reset, measured against its `Date` header. */
  resetInMs: number;
  /** Milliseconds since the request was sent, if known: grants after it reached the server after it. */
  sentAgoMs?: number;
}

/**
 * A store's answer to "may I send?". `granted`: a unit of the budget is reserved; send after `waitMs`
 * (its paced slot in the window). Not granted: nothing was reserved; ask again after `waitMs`.
 */
export interface RateLimitDecision {
  granted: boolean;
  waitMs: number;
}

/**
 * A rate-limit budget, shared by whoever uses the same store. Each call must be atomic with respect
 * to every other user of the store. A store that fails (rejects) makes the client fall back to its
 * in-process budget until the store answers again.
 */
export interface RateLimitStore {
  /** Reserves a unit of the current window, or says how long to wait before asking again. */
  take(): Promise<RateLimitDecision> | RateLimitDecision;
  /** Records what a response said about the window. */
  observe(observation: RateLimitObservation): Promise<void> | void;
  /** The budget as this process last saw it, or undefined before it saw any. */
  readonly current: RateLimit | undefined;
}

/** Reported through the client's logger when its store fails and when it answers again. */
export interface RateLimitStoreEvent {
  type: "rate_limit_store";
  /** `"unavailable"`: the client now uses its in-process budget; `"restored"`: the store again. */
  status: "unavailable" | "restored";
  /** Why the store failed (for `"unavailable"`). */
  reason?: string;
}
