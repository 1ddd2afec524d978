// Intercom's X-RateLimit-* headers: 429s wait for the reset, and a spent budget holds requests back.
import { describe, expect, it } from "vitest";
import { IntercomError, unwrap } from "../../src/index.js";
import { faultClient, rejection, since } from "./support/client.js";
import { fresh, json, rateLimitHeaders, useScriptedServer } from "./support/scripted-server.js";

const rateLimited = {
  type: "error.list",
  request_id: "req_429",
  errors: [{ code: "rate_limit_exceeded", message: "Exceeded rate limit of 167 in 10_seconds" }],
};
const contact = { type: "contact", id: "1" };
const getContact = { params: { path: { id: "1" } } };

const server = useScriptedServer();

describe("429", () => {
  it("waits until X-RateLimit-Reset, then retries", async () => {
    server.play(
      fresh(() => json(429, rateLimited, rateLimitHeaders(0, 1))),
      fresh(() => json(200, contact, rateLimitHeaders(166, 10))),
    );
    const { intercom, events } = faultClient(server.url);
    const start = performance.now();
    expect(await unwrap(intercom.GET("/contacts/{id}", getContact))).toEqual(contact);
    const [first, second] = server.requests;
    expect(server.requests).toHaveLength(2);
    // Reset is one second after the response's Date; the retry must not come earlier.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(since(start)).toBeLessThan(2_500);
    const retry = events.find((e) => e.type === "retry");
    expect(retry).toMatchObject({ reason: "status 429" });
    expect((retry as { delayMs: number }).delayMs).toBeGreaterThanOrEqual(1_000);
    expect((retry as { delayMs: number }).delayMs).toBeLessThanOrEqual(1_200);
    expect(intercom.rateLimit).toMatchObject({ limit: 167, remaining: 166 });
  });

  it("returns the 429 at once when the reset is further away than maxDelayMs", async () => {
    server.play(fresh(() => json(429, rateLimited, rateLimitHeaders(0, 5))));
    const { intercom } = faultClient(server.url, { retry: { maxDelayMs: 1_000 } });
    const start = performance.now();
    const error = await rejection(unwrap(intercom.GET("/contacts/{id}", getContact)));
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({
      kind: "rate_limited",
      status: 429,
      requestId: "req_429",
      errors: [{ code: "rate_limit_exceeded" }],
      attempts: 1,
    });
    expect((error as IntercomError).headers?.["x-ratelimit-remaining"]).toBe("0");
    expect(server.requests).toHaveLength(1);
    expect(since(start)).toBeLessThan(2_000);
  });
});

describe("spent budget", () => {
  it("holds further requests until the reset instead of sending them", async () => {
    server.play(
      fresh(() => json(200, contact, rateLimitHeaders(0, 1))),
      json(200, contact),
      json(200, contact),
    );
    const { intercom, events } = faultClient(server.url);
    await intercom.GET("/contacts/{id}", getContact);
    expect(intercom.rateLimit).toMatchObject({ limit: 167, remaining: 0 });
    const firstAt = server.requests[0]!.at;
    const start = performance.now();
    await Promise.all([intercom.GET("/contacts/{id}", getContact), intercom.GET("/contacts/{id}", getContact)]);
    expect(server.requests).toHaveLength(3);
    for (const held of server.requests.slice(1)) expect(held.at - firstAt).toBeGreaterThanOrEqual(950);
    expect(events.filter((e) => e.type === "throttle")).toHaveLength(2);
    expect(events.filter((e) => e.type === "retry")).toEqual([]);
    expect(since(start)).toBeLessThan(2_500);
  });

  it("counts requests sent since the last response against the remaining budget", async () => {
    server.play(
      fresh(() => json(200, contact, rateLimitHeaders(1, 1))),
      json(200, contact),
      json(200, contact),
    );
    const { intercom, events } = faultClient(server.url);
    await intercom.GET("/contacts/{id}", getContact);
    const firstAt = server.requests[0]!.at;
    await Promise.all([intercom.GET("/contacts/{id}", getContact), intercom.GET("/contacts/{id}", getContact)]);
    // One request was left in the window: the second waits for the reset.
    const gaps = server.requests.slice(1).map((r) => r.at - firstAt);
    expect(gaps.filter((gap) => gap < 900)).toHaveLength(1);
    expect(gaps.filter((gap) => gap >= 950)).toHaveLength(1);
    expect(events.filter((e) => e.type === "throttle")).toHaveLength(1);
  });

  it("reports no budget before the first response", () => {
    const { intercom } = faultClient(server.url);
    expect(intercom.rateLimit).toBeUndefined();
  });
});
