// A client pointed at a scripted server, with backoff small enough for fast tests.
import { createIntercomClient, type IntercomClientOptions, type IntercomLogEvent } from "../../../src/index.js";

export const TOKEN = "tok_fault_suite_SECRET_9f8e7d";

export function faultClient(url: string, options: IntercomClientOptions = {}) {
  const events: IntercomLogEvent[] = [];
  const intercom = createIntercomClient({
    token: TOKEN,
    baseUrl: url,
    retry: { baseDelayMs: 10, maxDelayMs: 3_000 },
    timeoutMs: 2_000,
    logger: (event) => events.push(event),
    ...options,
  });
  return { intercom, events };
}

/** Milliseconds since `start` (a `performance.now()` value). */
export const since = (start: number) => performance.now() - start;

/** The rejection of `promise`, failing the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}
