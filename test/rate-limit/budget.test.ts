import { describe, expect, it } from "vitest";
import { RateLimitBudget } from "../../src/rate-limit/budget.js";

const T0 = Date.parse("2026-11-26T12:00:00.000Z");
const request = { method: "GET", url: "https://api.intercom.io/me" };

function headers(remaining: number, resetInSeconds: number, limit = 167) {
  return new Headers({
    "X-RateLimit-Limit": String(limit),
    "X-RateLimit-Remaining": String(remaining),
    "X-RateLimit-Reset": String(T0 / 1000 + resetInSeconds),
  });
}

describe("RateLimitBudget", () => {
  it("is unknown until a response reports it", () => {
    const budget = new RateLimitBudget({ now: () => T0 });
    expect(budget.current).toBeUndefined();
    budget.update(new Headers());
    expect(budget.current).toBeUndefined();
    budget.update(headers(100, 10));
    expect(budget.current).toEqual({ limit: 167, remaining: 100, resetAt: new Date(T0 + 10_000) });
  });

  it("takes one per request sent, and keeps the lower count within a window", async () => {
    const budget = new RateLimitBudget({ now: () => T0 });
    budget.update(headers(5, 10));
    expect(budget.take(request, Infinity)).toBeUndefined();
    // The second is paced 2 s later (10 s over 5), but its unit is taken now.
    const waits: number[] = [];
    void budget.take(request, Infinity, AbortSignal.abort(), (ms) => waits.push(ms))?.catch(() => {});
    expect(waits).toEqual([2_000]);
    expect(budget.current?.remaining).toBe(3);
    budget.update(headers(4, 10)); // a response to the first of the two: stale
    expect(budget.current?.remaining).toBe(3);
    budget.update(headers(2, 10));
    expect(budget.current?.remaining).toBe(2);
  });

  it("ignores an older window and adopts a newer one", () => {
    const budget = new RateLimitBudget({ now: () => T0 });
    budget.update(headers(50, 10));
    budget.update(headers(1, 0));
    expect(budget.current?.remaining).toBe(50);
    budget.update(headers(160, 20));
    expect(budget.current).toMatchObject({ remaining: 160, resetAt: new Date(T0 + 20_000) });
  });

  it("lets requests pass once the window has reset", async () => {
    let now = T0;
    const budget = new RateLimitBudget({ now: () => now });
    budget.update(headers(0, 10));
    now = T0 + 10_000;
    const waits: number[] = [];
    await budget.take(request, Infinity, undefined, (ms) => waits.push(ms));
    expect(waits).toEqual([]);
  });

  it("waits while the budget is spent, and the wait ends on abort", async () => {
    const budget = new RateLimitBudget({ now: () => T0 });
    budget.update(headers(0, 10));
    const waits: number[] = [];
    const reason = new Error("stop");
    const taking = budget.take(request, Infinity, AbortSignal.abort(reason), (ms) => waits.push(ms));
    await expect(taking).rejects.toBe(reason);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(10_000);
    expect(waits[0]).toBeLessThanOrEqual(12_000); // jitter: up to 20% more
  });

  it("after a reset, sends one request to learn the next window and holds the others instead of releasing them all", () => {
    let now = T0;
    const budget = new RateLimitBudget({ now: () => now });
    budget.update(headers(0, 2, 10));
    now = T0 + 2_000;
    const held = new AbortController();
    const passed = Array.from({ length: 15 }, () => {
      const taking = budget.take(request, Infinity, held.signal);
      taking?.catch(() => {});
      return taking === undefined;
    });
    held.abort();
    expect(passed.filter(Boolean)).toHaveLength(1);
  });

  it("one far-future reset does not switch throttling off", async () => {
    let now = T0;
    const budget = new RateLimitBudget({ now: () => now });
    budget.update(headers(100, 5 * 3_600));
    budget.update(headers(0, 10));
    expect(budget.current).toMatchObject({ remaining: 0, resetAt: new Date(T0 + 10_000) });
  });

  it("a hold longer than the caller allows fails at once with rate_limited, saying when the window resets", () => {
    const budget = new RateLimitBudget({ now: () => T0 });
    budget.update(headers(0, 5 * 3_600));
    // A reset further out than a minute is clamped to one, which is still longer than this call may wait.
    expect(() => budget.take(request, 20_000)).toThrow(
      expect.objectContaining({
        kind: "rate_limited",
        message: expect.stringContaining("longer than this call may wait"),
      }),
    );
  });
});
