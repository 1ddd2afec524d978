// Calls paced by a rate-limit store the way the client's transport paces them: take (waiting for the
// slot, or asking again after a jittered wait), send, report the response's window, retry a 429
// after the reset. Used by the shared-budget benchmark and its test.
import { sleep } from "../src/abort.js";
import { msUntilServerTime } from "../src/rate-limit.js";
import type { RateLimitObservation, RateLimitStore } from "../src/rate-limit-store.js";

export interface CallCounts {
  /** Calls that ended in a 2xx. */
  ok: number;
  /** 429 responses seen (each retried after the reset). */
  rateLimited: number;
  /** Calls that never got a 2xx. */
  failed: number;
}

const integer = (headers: Headers, name: string) => Number(headers.get(name) ?? NaN);

function observation(headers: Headers): RateLimitObservation | undefined {
  const limit = integer(headers, "x-ratelimit-limit");
  const remaining = integer(headers, "x-ratelimit-remaining");
  const reset = integer(headers, "x-ratelimit-reset");
  if (![limit, remaining, reset].every(Number.isInteger)) return undefined;
  return { limit, remaining, reset, resetInMs: msUntilServerTime(headers, reset * 1000, Date.now()) };
}

/** `calls` GET /me calls, `inFlight` at a time. */
export async function pacedCalls(
  baseUrl: string,
  calls: number,
  inFlight: number,
  store: RateLimitStore,
): Promise<CallCounts> {
  const report = { ok: 0, rateLimited: 0, failed: 0 };
  const jitter = (ms: number) => ms * (1 + Math.random() * 0.2);
  async function call() {
    for (let attempt = 1; attempt <= 4; attempt++) {
      for (;;) {
        const decision = await store.take();
        if (decision.granted) {
          if (decision.waitMs > 0) await sleep(decision.waitMs);
          break;
        }
        await sleep(jitter(decision.waitMs));
      }
      const response = await fetch(`${baseUrl}/me`);
      await response.arrayBuffer();
      const seen = observation(response.headers);
      if (seen) await store.observe(seen);
      if (response.ok) return void report.ok++;
      if (response.status !== 429) break;
      report.rateLimited++;
      await sleep(jitter(seen ? seen.resetInMs : 1_000));
    }
    report.failed++;
  }
  let next = 0;
  const lane = async () => {
    while (next < calls) {
      next++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return report;
}
