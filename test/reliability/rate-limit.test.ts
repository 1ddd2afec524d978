import { describe, expect, it } from "vitest";
import { RateLimitBudget } from "../../src/rate-limit.js";

const T0 = Date.parse("2026-11-26T12:00:00.000Z");

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
    expect(budget.take()).toBeUndefined();
    // The second is paced 2 s later (10 s over 5), but its unit is taken now.
    const waits: number[] = [];
    void budget.take(AbortSignal.abort(), (ms) => waits.push(ms))?.catch(() => {});
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
    await budget.take(undefined, (ms) => waits.push(ms));
    expect(waits).toEqual([]);
  });

  it("waits while the budget is spent, and the wait ends on abort", async () => {
    const budget = new RateLimitBudget({ now: () => T0 });
    budget.update(headers(0, 10));
    const waits: number[] = [];
    const reason = new Error("stop");
    const taking = budget.take(AbortSignal.abort(reason), (ms) => waits.push(ms));
    await expect(taking).rejects.toBe(reason);
    // Waits that end at the reset get 0–20% of jitter, so held requests do not all go at once.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(10_000);
    expect(waits[0]).toBeLessThanOrEqual(12_000);
  });
});
