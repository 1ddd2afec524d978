// One worker process of the shared-budget benchmark and test: `node --import tsx
// bench/rate-limit-worker.ts '<WorkerJob JSON>'` prints "ready", waits for a line on stdin, makes
// `requests` calls with `inFlight` at a time through one client, and prints its WorkerReport as JSON.
import { once } from "node:events";
import { createClient } from "redis";
import type { IntercomLogEvent } from "../src/index.js";
import type { RateLimitStoreEvent } from "../src/rate-limit/store.js";
import { redisRateLimitStore } from "../src/redis.js";
import { type CallCounts, benchClient, clientCalls } from "./client-calls.js";

export interface WorkerJob {
  baseUrl: string;
  requests: number;
  inFlight: number;
  /** Share one budget through this Redis; without it, each worker keeps its own. */
  redisUrl?: string;
  key?: string;
  /** The store's Redis timeout (its default unless set). */
  timeoutMs?: number;
}

export interface WorkerReport extends CallCounts {
  /** 429 responses seen (each retried by the client after the reset). */
  rateLimited: number;
  storeEvents: RateLimitStoreEvent[];
}

const job = JSON.parse(process.argv[2] ?? "{}") as WorkerJob;
const redis = job.redisUrl ? await createClient({ url: job.redisUrl }).connect() : undefined;
const store =
  redis && redisRateLimitStore(redis, { key: job.key ?? "bench", ...(job.timeoutMs && { timeoutMs: job.timeoutMs }) });
let rateLimited = 0;
const storeEvents: RateLimitStoreEvent[] = [];
const logger = (event: IntercomLogEvent) => {
  if (event.type === "response" && event.status === 429) rateLimited++;
  if (event.type === "rate_limit_store") storeEvents.push(event);
};
const intercom = benchClient(job.baseUrl, store, logger);
console.log("ready");
await once(process.stdin, "data");
process.stdin.destroy();
const counts = await clientCalls(intercom, job.requests, job.inFlight);
console.log(JSON.stringify({ ...counts, rateLimited, storeEvents } satisfies WorkerReport));
redis?.destroy();
