// Several worker processes, one budget: real processes, a real redis-server and a local server that
// enforces Intercom-style windows and counts what each window received.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RateLimitedServer, startRateLimitedServer } from "../../bench/rate-limited-server.js";
import { fullWindows, runWorkers } from "../../bench/shared-budget.js";
import { type RedisServer, startRedis } from "../support/redis-server.js";

const limit = 10;
let redis: RedisServer;
let server: RateLimitedServer;

beforeEach(async () => {
  [redis, server] = await Promise.all([
    startRedis(),
    startRateLimitedServer({ limit, windowSeconds: 2, latencyMs: 10 }),
  ]);
});

afterEach(async () => {
  await Promise.all([redis.stop(), server.close()]);
});

// A generous Redis timeout: on a loaded machine a slow event loop must not pass for Redis failing.
const job = (requests: number) => ({ requests, inFlight: 4, key: "workspace", timeoutMs: 5_000 });

describe("workers sharing a budget through Redis", () => {
  it("stay within every window after the first", async () => {
    const reports = await runWorkers({ baseUrl: server.url, redisUrl: redis.url, ...job(12) }, 3);
    expect(reports.map((r) => r.ok)).toEqual([12, 12, 12]);
    expect(reports.flatMap((r) => r.storeEvents)).toEqual([]);
    const [first, ...later] = server.windows();
    // Before the first answer the budget is unknown, and 12 requests go at once against a limit of 10.
    expect(first!.rejected).toBeLessThanOrEqual(2);
    expect(later.map((w) => w.rejected)).toEqual(later.map(() => 0));
    // And they use the budget: once a reset has been placed from answers of two windows (the first
    // reset is up to a second late: Date headers have whole seconds), each full window is 80% used.
    for (const window of fullWindows(server.windows()).slice(1)) expect(window.ok).toBeGreaterThanOrEqual(limit * 0.8);
  }, 90_000);

  it("carry on when Redis is killed mid-run, and go back to it when it returns", async () => {
    const run = runWorkers({ baseUrl: server.url, redisUrl: redis.url, ...job(24) }, 3);
    // Kill Redis once the workers are under way, and bring it back (empty) a little later.
    await expect.poll(() => server.windows().reduce((n, w) => n + w.ok, 0), { timeout: 60_000 }).toBeGreaterThan(8);
    await redis.kill();
    // Down for longer than a window (2 s), so every worker asks for a unit while Redis is gone: a
    // worker held until the next window could otherwise sleep through a shorter outage unaware.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await redis.restart();
    const reports = await run;
    // No call was lost or failed, no worker crashed (each reported), each said it fell back and came back.
    expect(reports.map((r) => [r.ok, r.failed])).toEqual([
      [24, 0],
      [24, 0],
      [24, 0],
    ]);
    for (const report of reports) {
      expect(report.storeEvents.map((e) => e.status)).toEqual(["unavailable", "restored"]);
    }
  }, 120_000);
});
