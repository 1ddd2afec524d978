// deadlineMs: one limit over a whole call (attempts, retry waits, rate-limit holds). When it passes,
// or a wait would end after it, the call fails with a `timeout` IntercomError and no attempt starts.
import { describe, expect, it } from "vitest";
import { IntercomConfigError, IntercomError, createIntercomClient } from "../../src/index.js";
import { TOKEN, faultClient, rejection, since } from "./support/client.js";
import { fresh, hang, json, raw, rateLimitHeaders, useScriptedServer } from "./support/scripted-server.js";

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
