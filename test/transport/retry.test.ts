import { describe, expect, it } from "vitest";
import { IntercomConfigError } from "../../src/index.js";
import {
  backoffDelay,
  defaultRetryOptions,
  isIdempotentMethod,
  isRetryableStatus,
  serverRequestedDelay,
  shouldRetry,
} from "../../src/transport/retry.js";
import { resolveRetryOptions } from "../../src/config.js";

const options = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

describe("backoffDelay", () => {
  it("doubles each retry, between half and all of the step", () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, options, () => 0))).toEqual([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, options, () => 1))).toEqual([100, 200, 400, 800]);
    expect(backoffDelay(2, options, () => 0.5)).toBe(150);
  });

  it("caps the step at maxDelayMs", () => {
    expect(backoffDelay(5, options, () => 1)).toBe(1_000);
    expect(backoffDelay(30, options, () => 0)).toBe(500);
  });

  it("spreads the defaults over about 3.5 s for three retries", () => {
    const total = (random: number) =>
      [1, 2, 3].reduce((sum, n) => sum + backoffDelay(n, defaultRetryOptions, () => random), 0);
    expect(total(0)).toBe(1_750);
    expect(total(1)).toBe(3_500);
  });
});

describe("serverRequestedDelay", () => {
  const response = (status: number, headers: Record<string, string>) => new Response(null, { status, headers });
  const now = Date.parse("2026-11-26T12:00:00.000Z");

  it("reads Retry-After in seconds or as an HTTP date", () => {
    expect(serverRequestedDelay(response(503, { "Retry-After": "3" }), now)).toBe(3_000);
    expect(serverRequestedDelay(response(503, { "Retry-After": "Thu, 26 Nov 2026 12:00:04 GMT" }), now)).toBe(4_000);
  });

  it("waits until X-RateLimit-Reset on a 429, measured against the response's Date", () => {
    const reset = String(now / 1000 + 7);
    expect(serverRequestedDelay(response(429, { "X-RateLimit-Reset": reset }), now)).toBe(7_000);
    // The local clock is 5 s fast; the server's Date says 3 s remain.
    const serverDate = new Date(now + 4_000).toUTCString();
    expect(serverRequestedDelay(response(429, { "X-RateLimit-Reset": reset, Date: serverDate }), now + 9_000)).toBe(
      3_000,
    );
  });

  it("clamps past and far-future resets", () => {
    expect(serverRequestedDelay(response(429, { "X-RateLimit-Reset": String(now / 1000 - 5) }), now)).toBe(0);
    expect(serverRequestedDelay(response(429, { "X-RateLimit-Reset": String(now / 1000 + 3_600) }), now)).toBe(60_000);
  });

  it("ignores X-RateLimit-Reset on other statuses, and junk", () => {
    expect(serverRequestedDelay(response(503, { "X-RateLimit-Reset": String(now / 1000 + 7) }), now)).toBeUndefined();
    expect(serverRequestedDelay(response(429, { "X-RateLimit-Reset": "soon" }), now)).toBeUndefined();
    expect(serverRequestedDelay(response(429, {}), now)).toBeUndefined();
  });
});

describe("Retry-After and the backoff floor", () => {
  const response = (status: number, headers: Record<string, string>) => new Response(null, { status, headers });
  const now = Date.parse("2026-11-26T12:00:00.000Z");
  const policy = { retry: { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 5_000 }, idempotent: true };

  it("reads only delta-seconds and HTTP-dates", () => {
    for (const junk of ["1.5", "-1", "1e3", "soon", "2026-11-26T12:00:04Z"]) {
      expect(serverRequestedDelay(response(503, { "Retry-After": junk }), now)).toBeUndefined();
    }
    expect(serverRequestedDelay(response(503, { "Retry-After": "Sunday, 06-Nov-94 08:49:37 GMT" }), now)).toBe(0);
  });

  it.each([
    ["a Retry-After date in the past", { "Retry-After": "Thu, 26 Nov 2026 11:00:00 GMT" }],
    ["a reset in the past", { "X-RateLimit-Reset": String(now / 1000 - 30) }],
    ["Retry-After: 1.5", { "Retry-After": "1.5" }],
    ["Retry-After: -1", { "Retry-After": "-1" }],
    ["Retry-After: 0", { "Retry-After": "0" }],
  ])("%s still waits at least the backoff", (_, headers) => {
    const decision = shouldRetry({ response: response(429, headers) }, 1, policy, now);
    expect(decision!.delayMs).toBeGreaterThanOrEqual(50);
  });
});

describe("what is retried", () => {
  it("retries 429 for every method, 408 and 5xx only when idempotent, never 501 or 4xx", () => {
    expect(isRetryableStatus(429, false)).toBe(true);
    expect([408, 500, 502, 503, 504].map((s) => [isRetryableStatus(s, true), isRetryableStatus(s, false)])).toEqual(
      Array(5).fill([true, false]),
    );
    expect([400, 401, 404, 409, 422, 501].some((s) => isRetryableStatus(s, true))).toBe(false);
  });

  it("treats GET, HEAD, PUT, DELETE as idempotent and POST as not", () => {
    expect(["GET", "HEAD", "PUT", "DELETE", "delete"].every(isIdempotentMethod)).toBe(true);
    expect(isIdempotentMethod("POST")).toBe(false);
  });
});

describe("resolveRetryOptions", () => {
  it("merges over the base, and false means no retries", () => {
    expect(resolveRetryOptions(undefined, options)).toBe(options);
    expect(resolveRetryOptions({ maxRetries: 1 }, options)).toEqual({ ...options, maxRetries: 1 });
    expect(resolveRetryOptions(false, options)).toEqual({ ...options, maxRetries: 0 });
  });

  it("names the wrong key or value", () => {
    expect(() => resolveRetryOptions({ retries: 2 }, options)).toThrow(/unknown key "retries"/);
    expect(() => resolveRetryOptions({ maxRetries: 1.5 }, options)).toThrow(IntercomConfigError);
    expect(() => resolveRetryOptions({ baseDelayMs: -1 }, options)).toThrow(/`retry.baseDelayMs`/);
    expect(() => resolveRetryOptions(true, options)).toThrow(/use `false` or/);
  });
});

describe("shouldRetry", () => {
  const policy = { retry: { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1_000 }, idempotent: true };
  const now = Date.parse("2026-11-26T12:00:00.000Z");
  const status = (code: number, headers: Record<string, string> = {}) => ({
    response: new Response(null, { status: code, headers }),
  });

  it("retries a 503 with backoff, and returns it once the retries are spent", () => {
    expect(shouldRetry(status(503), 1, policy, now)).toMatchObject({ reason: "status 503" });
    expect(shouldRetry(status(503), 3, policy, now)).toBeUndefined();
    expect(shouldRetry(status(200), 1, policy, now)).toBeUndefined();
  });

  it("waits what the server asks, unless that is longer than maxDelayMs", () => {
    const decision = shouldRetry(status(429, { "Retry-After": "1" }), 1, policy, now);
    expect(decision).toMatchObject({ reason: "status 429" });
    expect(decision!.delayMs).toBeGreaterThanOrEqual(1_000);
    expect(decision!.delayMs).toBeLessThanOrEqual(1_200); // jitter: up to 20% more
    expect(shouldRetry(status(429, { "Retry-After": "2" }), 1, policy, now)).toBeUndefined();
  });

  it("retries a failure without a response only when the request is idempotent or was never sent", () => {
    const sent = { failure: "network", neverSent: false } as const;
    expect(shouldRetry(sent, 1, policy, now)).toMatchObject({ reason: "network" });
    expect(shouldRetry(sent, 1, { ...policy, idempotent: false }, now)).toBeUndefined();
    expect(shouldRetry({ ...sent, neverSent: true }, 1, { ...policy, idempotent: false }, now)).toBeDefined();
  });
});
