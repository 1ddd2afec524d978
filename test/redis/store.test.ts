// The Redis rate-limit store against a real redis-server (one per test, on a free port): it decides
// exactly as the in-process store does, atomically across processes, per key, and it fails fast
// and visibly when Redis goes away, so the client can fall back and come back.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createClient } from "redis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IntercomConfigError } from "../../src/errors.js";
import { withFallback } from "../../src/rate-limit/fallback.js";
import { memoryRateLimitStore, scheduleTimings } from "../../src/rate-limit/schedule.js";
import type { RateLimitObservation, RateLimitStoreEvent } from "../../src/rate-limit/store.js";
import { createRedisStore } from "../../src/rate-limit/redis-store.js";
import { redisRateLimitStore } from "../../src/redis.js";
import { type RedisServer, startRedis } from "../support/redis-server.js";

let redis: RedisServer;
const clients: { destroy(): void }[] = [];

async function connect() {
  // Reconnect quickly, so the restart test does not wait on node-redis's backoff.
  const client = await createClient({ url: redis.url, socket: { reconnectStrategy: () => 50 } }).connect();
  client.on("error", () => {});
  clients.push(client);
  return client;
}

beforeEach(async () => {
  redis = await startRedis();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await redis.stop();
});

const T0 = 1_800_000_000_000;
const window = (remaining: number, resetInMs: number, reset = T0 / 1000 + 10, limit = 10): RateLimitObservation => ({
  limit,
  remaining,
  reset,
  resetInMs,
});

/** A small deterministic PRNG (mulberry32), so a failing sequence can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("the Redis script", () => {
  it("decides every take exactly as the in-process store does", async () => {
    let now = T0;
    const clock = () => now;
    const memory = memoryRateLimitStore(clock);
    const shared = createRedisStore(await connect(), { key: "same" }, clock);
    const next = random(42);
    const trace: string[] = [];
    for (let step = 0; step < 400; step++) {
      now += Math.floor(next() * 300);
      const roll = next();
      if (roll < 0.25) {
        // 3-second windows on Unix-second boundaries; now and then a late answer from the previous
        // window, or a far-future reset that must not stop throttling for good.
        const windowEnd = (Math.floor(now / 3000) + 1) * 3;
        const reset = roll < 0.02 ? windowEnd + 100_000 : roll < 0.05 ? windowEnd - 3 : windowEnd;
        const observation: RateLimitObservation = {
          ...window(Math.floor(next() * 11), reset * 1000 - now + Math.floor(next() * 900), reset),
          ...(next() < 0.7 && { sentAgoMs: Math.floor(next() * 600) }),
        };
        memory.observe(observation);
        await shared.observe(observation);
        trace.push(`observe ${JSON.stringify(observation)}`);
      } else {
        const expected = memory.take();
        const actual = await shared.take();
        trace.push(`take → ${JSON.stringify(actual)}`);
        expect(actual, trace.slice(-8).join("\n")).toEqual(expected);
      }
      const { limit, remaining } = memory.current ?? {};
      expect(shared.current && { limit: shared.current.limit, remaining: shared.current.remaining }).toEqual(
        memory.current && { limit, remaining },
      );
    }
    expect(trace.filter((t) => t.includes('"granted":false')).length).toBeGreaterThan(10);
  });

  it("grants no more units than remain, to takes racing from four processes", async () => {
    const client = await connect();
    const store = createRedisStore(client, { key: "race" });
    await store.observe(window(25, 30_000, T0 / 1000 + 30, 100));
    const script = fileURLToPath(new URL("./take-worker.ts", import.meta.url));
    const workers = Array.from({ length: 4 }, () =>
      spawn(process.execPath, ["--import", "tsx", script, redis.url, "race", "20"], {
        stdio: ["pipe", "pipe", "inherit"],
      }),
    );
    const lines = workers.map((w) => createInterface({ input: w.stdout! })[Symbol.asyncIterator]());
    for (const line of lines) expect((await line.next()).value).toBe("ready");
    for (const worker of workers) worker.stdin!.end("go\n");
    const granted = await Promise.all(
      lines.map(async (line) => (JSON.parse((await line.next()).value as string) as { granted: number }).granted),
    );
    await Promise.all(workers.map((w) => (w.exitCode === null ? once(w, "exit") : undefined)));
    expect(granted.reduce((a, b) => a + b)).toBe(25);
    expect((await store.take()).granted).toBe(false);
    expect(store.current?.remaining).toBe(0);
  }, 90_000);

  it("keeps budgets of different keys apart", async () => {
    const client = await connect();
    const a = redisRateLimitStore(client, { key: "workspace-a" });
    const b = redisRateLimitStore(client, { key: "workspace-b" });
    await a.observe(window(1, 30_000));
    expect(await a.take()).toEqual({ granted: true, waitMs: 0 });
    expect((await a.take()).granted).toBe(false);
    // b has seen no response: its budget is unknown, so requests pass.
    expect(await b.take()).toEqual({ granted: true, waitMs: 0 });
    expect(b.current).toBeUndefined();
    expect(await client.sendCommand(["EXISTS", "intercom-fetch:rate-limit:workspace-a"])).toBe(1);
  });

  it("returns units with the window: after the reset one probe goes, and a lost probe is replaced", async () => {
    let now = T0;
    const store = createRedisStore(await connect(), { key: "expiry" }, () => now);
    await store.observe(window(0, 2_000));
    expect(await store.take()).toEqual({ granted: false, waitMs: 2_000 });
    now += 2_000;
    // The window reset: one request learns the new one; the others ask again shortly.
    expect(await store.take()).toEqual({ granted: true, waitMs: 0 });
    expect(await store.take()).toEqual({ granted: false, waitMs: scheduleTimings.probePollMs });
    // The probe's sender died without reporting: after its lease, another goes.
    now += scheduleTimings.probeLeaseMs;
    expect(await store.take()).toEqual({ granted: true, waitMs: 0 });
    await store.observe(window(9, 10_000, T0 / 1000 + 20));
    expect(await store.take()).toEqual({ granted: true, waitMs: 0 });
  });

  it("counts requests let through before the budget was known against the first window learned", async () => {
    let now = T0;
    const store = createRedisStore(await connect(), { key: "blind" }, () => now);
    for (let i = 0; i < 4; i++) expect(await store.take()).toEqual({ granted: true, waitMs: 0 });
    // The first answer says 9 remain, but three more requests are still on their way to the server.
    await store.observe(window(9, 10_000));
    expect(store.current?.remaining).toBe(6);
  });

  it("lets an idle budget's key expire an hour after its window", async () => {
    const client = await connect();
    const store = redisRateLimitStore(client, { key: "ttl" });
    await store.observe(window(5, 10_000));
    const ttl = Number(await client.sendCommand(["PTTL", "intercom-fetch:rate-limit:ttl"]));
    expect(ttl).toBeGreaterThan(3_600_000);
    expect(ttl).toBeLessThanOrEqual(3_610_000);
  });

  it("works with a fresh Redis that has not cached the script (NOSCRIPT)", async () => {
    const client = await connect();
    const store = redisRateLimitStore(client, { key: "noscript" });
    await store.observe(window(3, 10_000));
    await client.sendCommand(["SCRIPT", "FLUSH"]);
    expect((await store.take()).granted).toBe(true);
    expect(store.current?.remaining).toBe(2);
  });
});

describe("when Redis fails", () => {
  it("fails at once while disconnected, and within timeoutMs when Redis hangs", async () => {
    const client = await connect();
    const store = redisRateLimitStore(client, { key: "fail", timeoutMs: 200 });
    await store.observe(window(5, 10_000));
    redis.pause();
    let started = performance.now();
    await expect(store.take()).rejects.toThrow("no answer from Redis within 200 ms");
    expect(performance.now() - started).toBeLessThan(1_000);
    redis.resume();
    await redis.kill();
    await expect.poll(() => client.isReady).toBe(false);
    started = performance.now();
    await expect(store.take()).rejects.toThrow("Redis is not connected");
    expect(performance.now() - started).toBeLessThan(50);
  });

  it("falls back to the in-process budget, says so once, and returns to Redis when it is back", async () => {
    const client = await connect();
    const events: RateLimitStoreEvent[] = [];
    const shared = redisRateLimitStore(client, { key: "fallback", timeoutMs: 200 });
    const store = withFallback(shared, memoryRateLimitStore(), (e) => events.push(e), { retryMs: 100 });
    await store.observe(window(3, 30_000));
    expect(await store.take()).toMatchObject({ granted: true });

    await redis.kill();
    // Mid-run: every call still answers, from the in-process budget, which learned the same window.
    const during = [await store.take(), await store.take()];
    await store.observe(window(2, 30_000));
    expect(during.map((d) => d.granted)).toEqual([true, true]);
    expect(events).toEqual([{ type: "rate_limit_store", status: "unavailable", reason: expect.any(String) }]);
    // The in-process budget saw the window's 3, took 2 and then saw 2: it knows nothing of Redis's take.
    expect(store.current?.remaining).toBe(1);

    await redis.restart();
    await expect.poll(() => client.isReady, { timeout: 5_000 }).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 120));
    // Redis came back empty: its budget is unknown again until a response reports it.
    expect(await store.take()).toEqual({ granted: true, waitMs: 0 });
    expect(events.map((e) => e.status)).toEqual(["unavailable", "restored"]);
    await store.observe(window(4, 30_000));
    expect(await client.sendCommand(["HGET", "intercom-fetch:rate-limit:fallback", "remaining"])).toBe("4");
  });
});

describe("options", () => {
  it("refuses a missing or empty key, a bad timeout and something that is not a client", async () => {
    const client = await connect();
    for (const key of ["", "  ", undefined, 5]) {
      expect(() => redisRateLimitStore(client, { key } as never)).toThrow(IntercomConfigError);
    }
    for (const timeoutMs of [0, -1, Infinity, NaN, 1e9, "100"]) {
      expect(() => redisRateLimitStore(client, { key: "k", timeoutMs } as never)).toThrow(/timeoutMs/);
    }
    expect(() => redisRateLimitStore({} as never, { key: "k" })).toThrow(/`redis` package/);
    expect(() => redisRateLimitStore(client, undefined as never)).toThrow(/key/);
  });
});
