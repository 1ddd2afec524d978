// The budget's rules on a fixed clock (the Redis script is checked against these in test/redis).
import { describe, expect, it } from "vitest";
import { memoryRateLimitStore, scheduleTimings } from "../../src/rate-limit/schedule.js";
import type { RateLimitDecision, RateLimitObservation } from "../../src/rate-limit/store.js";

const T0 = 1_800_000_000_000;
const reset = T0 / 1000 + 10;
const window = (remaining: number, resetInMs: number, at = reset, limit = 10): RateLimitObservation => ({
  limit,
  remaining,
  reset: at,
  resetInMs,
});

function clocked() {
  const clock = { now: T0 };
  return { clock, store: memoryRateLimitStore(() => clock.now) };
}

const takes = (store: { take(): unknown }, n: number) =>
  Array.from({ length: n }, () => store.take() as RateLimitDecision);

describe("pacing", () => {
  it("spreads what is left evenly over the time left, instead of sending it all at once", () => {
    const { store } = clocked();
    store.observe(window(5, 10_000));
    expect(takes(store, 6)).toEqual([
      { granted: true, waitMs: 0 },
      { granted: true, waitMs: 2_000 },
      { granted: true, waitMs: 4_000 },
      { granted: true, waitMs: 6_000 },
      { granted: true, waitMs: 8_000 },
      // Spent: ask again at the reset.
      { granted: false, waitMs: 10_000 },
    ]);
  });

  it("sends at once while requests come no faster than the pace", () => {
    const { clock, store } = clocked();
    store.observe(window(10, 10_000));
    for (let i = 0; i < 5; i++) {
      expect(store.take()).toEqual({ granted: true, waitMs: 0 });
      clock.now += 1_500;
    }
  });
});

describe("windows", () => {
  it("keeps the lower count and the earlier reset of one window, whatever order answers come in", () => {
    const { store } = clocked();
    store.observe(window(6, 9_800));
    store.observe(window(8, 9_000)); // an older answer, but its Date was closer to the true reset
    expect(store.current).toMatchObject({ limit: 10, remaining: 6 });
    expect(store.take()).toEqual({ granted: true, waitMs: 0 });
    expect(store.take()).toEqual({ granted: true, waitMs: 1_500 }); // 9 000 ms over 6
  });

  it("places a new window's reset with the clock offset the last window's answers showed", () => {
    const { clock, store } = clocked();
    store.observe(window(9, 9_900));
    store.observe(window(8, 9_000)); // its Date was 900 ms fresher: the reset is earlier than first thought
    clock.now += 10_000;
    // The next window's first answer has a stale Date again; the offset learned before still holds.
    store.observe(window(9, 9_900, reset + 10));
    expect(store.current?.resetAt).toEqual(new Date(T0 + 19_000));
  });

  it("counts units granted after an early next window's answer was requested against that window", () => {
    for (const [sentAgoMs, remaining] of [
      [2_100, 8], // sent with the first slot: the two granted since reach the server after it
      [1_900, 8], // sent 200 ms after the second slot's grant: that one may still have been sent later
      [undefined, 9], // unknown: only the slot not yet due is sure to count in the new window
    ] as const) {
      const { clock, store } = clocked();
      store.observe(window(5, 10_000));
      takes(store, 3); // slots at +0, +2 s and +4 s
      clock.now += 2_100;
      store.observe({ ...window(10, 10_000, reset + 10), ...(sentAgoMs !== undefined && { sentAgoMs }) });
      expect(store.current?.remaining).toBe(remaining);
    }
  });

  it("ignores an older window and adopts a newer one", () => {
    const { store } = clocked();
    store.observe(window(5, 10_000));
    store.observe(window(0, 0, reset - 10));
    expect(store.current?.remaining).toBe(5);
    store.observe(window(9, 10_000, reset + 10));
    expect(store.current?.remaining).toBe(9);
  });

  it("cannot be stopped for good by a far-future reset: it counts for at most a minute", () => {
    const { clock, store } = clocked();
    store.observe(window(0, 5 * 3_600_000, reset + 5 * 3_600));
    expect(store.take()).toEqual({ granted: false, waitMs: scheduleTimings.maxResetInMs });
    clock.now += scheduleTimings.maxResetInMs;
    expect(store.take()).toEqual({ granted: true, waitMs: 0 }); // a probe
    store.observe(window(9, 8_000, reset + 60));
    expect(store.current?.remaining).toBe(9);
  });

  it("after the reset sends one probe; the others ask again shortly, and go once it answers", () => {
    const { clock, store } = clocked();
    store.observe(window(0, 1_000));
    clock.now += 1_000;
    expect(takes(store, 3)).toEqual([
      { granted: true, waitMs: 0 },
      { granted: false, waitMs: scheduleTimings.probePollMs },
      { granted: false, waitMs: scheduleTimings.probePollMs },
    ]);
    store.observe(window(9, 10_000, reset + 10));
    expect(store.take()).toEqual({ granted: true, waitMs: 0 });
  });

  it("passes everything while no response has reported the budget, and counts it", () => {
    const { store } = clocked();
    expect(takes(store, 12).every((d) => d.granted && d.waitMs === 0)).toBe(true);
    expect(store.current).toBeUndefined();
    store.observe(window(9, 10_000));
    // 12 requests are in flight, more than the limit of 10: nothing is left for this window.
    expect(store.current?.remaining).toBe(0);
    expect(store.take()).toEqual({ granted: false, waitMs: 10_000 });
  });
});
