// `calls` GET /me calls through an intercom-fetch client, `inFlight` at a time: the load of the
// shared-budget benchmark and its test.
import { type IntercomClient, createIntercomClient, type IntercomLogger } from "../src/index.js";
import type { RateLimitStore } from "../src/rate-limit/store.js";

export interface CallCounts {
  /** Calls that ended in a 2xx. */
  ok: number;
  /** Calls that did not (after the client's retries). */
  failed: number;
}

/** A client of the local server; 429s are retried after the reset, as many times as it takes. */
export function benchClient(baseUrl: string, store?: RateLimitStore, logger?: IntercomLogger): IntercomClient {
  return createIntercomClient({
    token: "bench-token",
    baseUrl,
    retry: { maxRetries: 10, maxDelayMs: 60_000 },
    ...(store && { rateLimit: { store } }),
    ...(logger && { logger }),
  });
}

export async function clientCalls(intercom: IntercomClient, calls: number, inFlight: number): Promise<CallCounts> {
  const counts = { ok: 0, failed: 0 };
  let started = 0;
  const lane = async () => {
    while (started < calls) {
      started++;
      const { response } = await intercom.GET("/me");
      if (response.ok) counts.ok++;
      else counts.failed++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return counts;
}
