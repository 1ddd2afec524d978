// deadlineMs: one limit over a whole call (attempts, retry waits, rate-limit holds). When it passes,
// or a wait would end after it, the call fails with a `timeout` IntercomError and no attempt starts.
import { describe, expect, it } from "vitest";
import { IntercomConfigError, IntercomError, createIntercomClient } from "../../src/index.js";
import { TOKEN, faultClient, rejection, since } from "./support/client.js";
import { after, fresh, hang, json, raw, rateLimitHeaders, useScriptedServer } from "./support/scripted-server.js";

const server = useScriptedServer();
const unavailable = () => raw(503, "busy");
const patientRetry = { maxRetries: 6, baseDelayMs: 100, maxDelayMs: 3_000 };

describe("deadlineMs", () => {
  it("ends retries of repeated 503s near the deadline", async () => {
    server.play(...Array.from({ length: 7 }, unavailable));
    const { intercom } = faultClient(server.url, { deadlineMs: 700, retry: patientRetry });
    const start = performance.now();
    const error = (await rejection(intercom.GET("/me"))) as IntercomError;
    expect(error).toBeInstanceOf(IntercomError);
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("deadline of 700 ms (deadlineMs)");
    expect(error.message).toContain(`GET ${server.url}/me`);
    expect(since(start)).toBeLessThan(900);
    // No attempt starts after the deadline.
    const last = server.requests.at(-1)!.at;
    expect(last - start).toBeLessThan(700);
    expect(server.requests.length).toBeLessThan(7);
  });

  it("applies per request over the client's", async () => {
    server.play(...Array.from({ length: 7 }, unavailable));
    const { intercom } = faultClient(server.url, { deadlineMs: 60_000, retry: patientRetry });
    const start = performance.now();
    const error = (await rejection(intercom.GET("/me", { deadlineMs: 400 }))) as IntercomError;
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("deadline of 400 ms");
    expect(since(start)).toBeLessThan(600);
  });

  it("cuts an attempt short when its timeout would end after the deadline", async () => {
    server.play(hang, hang);
    const { intercom } = faultClient(server.url, { timeoutMs: 10_000, deadlineMs: 300 });
    const start = performance.now();
    const error = (await rejection(intercom.GET("/me"))) as IntercomError;
    expect(error).toMatchObject({ kind: "timeout", attempts: 1 });
    expect(error.message).toContain("deadline of 300 ms");
    expect(since(start)).toBeGreaterThanOrEqual(290);
    expect(since(start)).toBeLessThan(800);
    expect(server.requests).toHaveLength(1);
  });

  it("fails at once when a rate-limit hold would end after the deadline", async () => {
    server.play(
      fresh(() => json(200, { type: "admin" }, rateLimitHeaders(0, 2))),
      json(200, { type: "admin" }),
    );
    const { intercom } = faultClient(server.url);
    await intercom.GET("/me");
    const start = performance.now();
    const error = (await rejection(intercom.GET("/me", { deadlineMs: 500 }))) as IntercomError;
    expect(error.kind).toBe("rate_limited");
    expect(since(start)).toBeLessThan(300);
    expect(server.requests).toHaveLength(1);
  });

  it("leaves calls within it alone, and Infinity means none", async () => {
    server.play(unavailable(), json(200, { type: "admin" }), unavailable(), json(200, { type: "admin" }));
    const { intercom } = faultClient(server.url, { deadlineMs: 5_000 });
    expect((await intercom.GET("/me")).data).toEqual({ type: "admin" });
    expect((await intercom.GET("/me", { deadlineMs: Infinity })).data).toEqual({ type: "admin" });
  });

  it.each([0, -1, NaN, 2 ** 31, 3e9, -Infinity, "500"])("refuses %s, naming the option", async (value) => {
    const options = { token: TOKEN, baseUrl: server.url, deadlineMs: value as number };
    expect(() => createIntercomClient(options)).toThrow(IntercomConfigError);
    expect(() => createIntercomClient(options)).toThrow("invalid `deadlineMs`");
    const { intercom } = faultClient(server.url);
    const error = await rejection(intercom.GET("/me", { deadlineMs: value as number }));
    expect(error).toBeInstanceOf(IntercomConfigError);
    expect((error as IntercomConfigError).option).toBe("deadlineMs");
    expect(server.requests).toHaveLength(0);
  });

  it("accepts Infinity and the longest timer, 2**31 - 1", () => {
    for (const deadlineMs of [Infinity, 2 ** 31 - 1, 1]) {
      expect(() => createIntercomClient({ token: TOKEN, baseUrl: server.url, deadlineMs })).not.toThrow();
    }
  });
});

describe("waits before the first attempt", () => {
  const never = () => new Promise<string>(() => {});

  it("a wait for a maxConcurrent slot ends at the deadline, leaving the queue", async () => {
    server.play(after(600, json(200, { type: "admin" })), json(200, { type: "admin" }));
    const { intercom } = faultClient(server.url, { maxConcurrent: 1 });
    const first = intercom.GET("/me");
    const start = performance.now();
    const error = (await rejection(intercom.GET("/me", { deadlineMs: 200 }))) as IntercomError;
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({ kind: "timeout", attempts: 0 });
    expect(error.message).toContain("deadline of 200 ms (deadlineMs) passed while waiting for a maxConcurrent slot");
    expect(since(start)).toBeGreaterThanOrEqual(190);
    expect(since(start)).toBeLessThan(500);
    expect((await first).response.status).toBe(200);
    // The expired waiter left the queue: the slot goes to the next call, and nothing more was sent.
    expect((await intercom.GET("/me")).response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it("a token function that never returns ends at the deadline, sending nothing", async () => {
    const { intercom } = faultClient(server.url, { token: never, deadlineMs: 200 });
    const start = performance.now();
    const error = (await rejection(intercom.GET("/me"))) as IntercomError;
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({ kind: "timeout", attempts: 0 });
    expect(error.message).toContain("deadline of 200 ms (deadlineMs) passed while waiting for the token function");
    expect(since(start)).toBeLessThan(500);
    expect(server.requests).toHaveLength(0);
  });

  it("a token function that never returns is bounded by timeoutMs when there is no deadline", async () => {
    const { intercom } = faultClient(server.url, { token: never, timeoutMs: 200 });
    const start = performance.now();
    const error = (await rejection(intercom.GET("/me"))) as IntercomError;
    expect(error).toMatchObject({ kind: "timeout", attempts: 0 });
    expect(error.message).toContain("the token function returned no token within 200 ms (timeoutMs)");
    expect(since(start)).toBeLessThan(500);
    expect(server.requests).toHaveLength(0);
  });

  it("the call's signal ends the wait for a token function at once", async () => {
    const { intercom } = faultClient(server.url, { token: never });
    const start = performance.now();
    const error = await rejection(intercom.GET("/me", { signal: AbortSignal.timeout(100) }));
    expect(error).toMatchObject({ name: "TimeoutError" });
    expect(since(start)).toBeLessThan(400);
    expect(server.requests).toHaveLength(0);
  });
});

describe("rate-limit holds", () => {
  // A custom shared store whose take() never settles (the Redis store has its own timeout).
  const silentStore = { take: () => new Promise<never>(() => {}), observe() {}, current: undefined };

  it("a shared store that never answers ends at the deadline, at maxDelayMs, or with the signal; nothing is sent", async () => {
    const { intercom } = faultClient(server.url, { rateLimit: { store: silentStore }, retry: { maxDelayMs: 300 } });
    let start = performance.now();
    const error = (await rejection(intercom.GET("/me", { deadlineMs: 150 }))) as IntercomError;
    expect(error).toBeInstanceOf(IntercomError);
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("the rate-limit store gave no answer");
    expect(since(start)).toBeLessThan(400);
    start = performance.now();
    expect(await rejection(intercom.GET("/me"))).toMatchObject({ kind: "timeout" });
    expect(since(start)).toBeGreaterThanOrEqual(280);
    expect(since(start)).toBeLessThan(700);
    start = performance.now();
    expect(await rejection(intercom.GET("/me", { signal: AbortSignal.timeout(50) }))).toMatchObject({
      name: "TimeoutError",
    });
    expect(since(start)).toBeLessThan(250);
    expect(server.requests).toHaveLength(0);
  });

  it("a hold that outlasts one wait (a reset, then a probe that hangs) still ends by the deadline", async () => {
    server.play(
      fresh(() => json(200, { type: "admin" }, rateLimitHeaders(0, 1))),
      hang,
      hang,
    );
    const { intercom } = faultClient(server.url, { timeoutMs: 5_000 });
    await intercom.GET("/me");
    const start = performance.now();
    // Both wait for the reset; one goes as the probe of the next window and hangs, the other waits for
    // its answer, 50 ms at a time, and would go itself once the probe's lease ran out (1 s later).
    const calls = [intercom.GET("/me", { deadlineMs: 1_600 }), intercom.GET("/me", { deadlineMs: 1_600 })];
    const errors = (await Promise.all(calls.map(rejection))) as IntercomError[];
    expect(since(start)).toBeLessThan(1_900);
    expect(errors.map((e) => e.kind).sort()).toEqual(["rate_limited", "timeout"]);
    // No attempt started after the deadline.
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.at - start).toBeLessThan(1_600);
  });
});
