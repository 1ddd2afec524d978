// One worker process of the shared-budget benchmark and test: `node --import tsx
// bench/rate-limit-worker.ts '<WorkerJob JSON>'` prints "ready", waits for a line on stdin, makes
// `requests` calls with `inFlight` at a time, and prints its WorkerReport as JSON.
import { once } from "node:events";
import { createClient } from "redis";
import { withFallback } from "../src/rate-limit-fallback.js";
import { memoryRateLimitStore } from "../src/rate-limit-schedule.js";
import type { RateLimitStoreEvent } from "../src/rate-limit-store.js";
import { redisRateLimitStore } from "../src/redis.js";
import { type CallCounts, pacedCalls } from "./paced-calls.js";

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
  storeEvents: RateLimitStoreEvent[];
}

const job = JSON.parse(process.argv[2] ?? "{}") as WorkerJob;
const storeEvents: RateLimitStoreEvent[] = [];
const redis = job.redisUrl ? await createClient({ url: job.redisUrl }).connect() : undefined;
const local = memoryRateLimitStore();
const store = redis
  ? withFallback(
      redisRateLimitStore(redis, { key: job.key ?? "bench", ...(job.timeoutMs && { timeoutMs: job.timeoutMs }) }),
      local,
      (e) => storeEvents.push(e),
    )
  : local;
console.log("ready");
await once(process.stdin, "data");
process.stdin.destroy();
const report: WorkerReport = { ...(await pacedCalls(job.baseUrl, job.requests, job.inFlight, store)), storeEvents };
console.log(JSON.stringify(report));
redis?.destroy();
