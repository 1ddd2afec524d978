// Per-attempt timeouts, cancellation and the bound on requests in flight.
import { describe, expect, it } from "vitest";
import { IntercomConfigError, IntercomError } from "../../src/index.js";
import { faultClient, rejection, since } from "./support/client.js";
import { after, hang, json, raw, useScriptedServer } from "./support/scripted-server.js";

const getContact = { params: { path: { id: "1" } } };
const contact = { type: "contact", id: "1" };

const server = useScriptedServer();

describe("timeouts", () => {
  it("a hung response ends in a timeout error after each attempt's timeoutMs", async () => {
    server.play(hang, hang);
    const { intercom, events } = faultClient(server.url, { timeoutMs: 150, retry: { maxRetries: 1, baseDelayMs: 5 } });
    const start = performance.now();
    const error = await rejection(intercom.GET("/contacts/{id}", getContact));
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({ kind: "timeout", attempts: 2, status: undefined, method: "GET" });
    expect((error as Error).message).toContain("no response within 150 ms");
    expect(server.requests).toHaveLength(2);
    expect(events.filter((e) => e.type === "retry").map((e) => e.reason)).toEqual(["timeout"]);
    expect(since(start)).toBeGreaterThanOrEqual(290);
    expect(since(start)).toBeLessThan(1_500);
  });

  it("a per-request timeoutMs overrides the client's, and a timed-out POST is not resent", async () => {
    server.play(hang);
    const { intercom } = faultClient(server.url, { timeoutMs: 5_000 });
    const start = performance.now();
    const error = await rejection(intercom.POST("/tags", { body: { name: "vip" }, timeoutMs: 100 }));
    expect(error).toMatchObject({ kind: "timeout", attempts: 1, method: "POST" });
    expect(server.requests).toHaveLength(1);
    expect(since(start)).toBeLessThan(2_000);
  });

  it("the timeout covers a body that stalls after the headers", async () => {
    server.play((res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write('{"type":');
    });
    const { intercom } = faultClient(server.url, { timeoutMs: 150, retry: false });
    const error = await rejection(intercom.GET("/contacts/{id}", getContact));
    expect(error).toMatchObject({ kind: "timeout", attempts: 1 });
  });

  it("ends in a timeout even when a custom fetch ignores its signal", async () => {
    const { intercom } = faultClient(server.url, { timeoutMs: 50, retry: false, fetch: () => new Promise(() => {}) });
    const error = await rejection(intercom.GET("/contacts/{id}", getContact));
    expect(error).toMatchObject({ kind: "timeout", attempts: 1 });
  });

  it("rejects invalid per-request options with a config error, sending nothing", async () => {
    const { intercom } = faultClient(server.url);
    const error = await rejection(intercom.GET("/contacts/{id}", { ...getContact, timeoutMs: -1 }));
    expect(error).toBeInstanceOf(IntercomConfigError);
    // A JavaScript caller's mistake the types would have caught.
    const notBoolean = await rejection(intercom.POST("/tags", { body: { name: "vip" }, idempotent: "yes" as never }));
    expect(notBoolean).toMatchObject({ name: "IntercomConfigError", option: "idempotent" });
    expect(server.requests).toHaveLength(0);
  });
});

describe("abort", () => {
  it("aborting during the backoff wait rejects at once with the signal's reason", async () => {
    server.play(raw(503), json(200, contact));
    const controller = new AbortController();
    const { intercom } = faultClient(server.url, {
      retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 },
      logger: (event) => {
        if (event.type === "retry") setTimeout(() => controller.abort(new Error("user gave up")), 20);
      },
    });
    const start = performance.now();
    const error = await rejection(intercom.GET("/contacts/{id}", { ...getContact, signal: controller.signal }));
    expect(error).toEqual(new Error("user gave up"));
    expect(server.requests).toHaveLength(1);
    expect(since(start)).toBeLessThan(2_000);
  });

  it("aborting a request in flight rejects with an AbortError and sends nothing more", async () => {
    server.play(hang);
    const { intercom } = faultClient(server.url);
    const start = performance.now();
    const error = await rejection(intercom.GET("/contacts/{id}", { ...getContact, signal: AbortSignal.timeout(100) }));
    expect(error).toMatchObject({ name: "TimeoutError" }); // the caller's own signal's reason
    expect(error).not.toBeInstanceOf(IntercomError);
    expect(server.requests).toHaveLength(1);
    expect(since(start)).toBeLessThan(1_500);
  });
});

describe("maxConcurrent", () => {
  it("never has more than maxConcurrent requests in flight", async () => {
    server.play(...Array(6).fill(after(80, json(200, contact))));
    const { intercom } = faultClient(server.url, { maxConcurrent: 2 });
    const start = performance.now();
    const results = await Promise.all(Array.from({ length: 6 }, () => intercom.GET("/contacts/{id}", getContact)));
    expect(results.map((r) => r.response.status)).toEqual(Array(6).fill(200));
    expect(server.maxInFlight).toBe(2);
    expect(since(start)).toBeGreaterThanOrEqual(3 * 80 - 10);
    expect(since(start)).toBeLessThan(1_500);
  });

  it("a queued request whose signal aborts leaves the queue without being sent", async () => {
    server.play(after(150, json(200, contact)), json(200, contact));
    const { intercom } = faultClient(server.url, { maxConcurrent: 1 });
    const first = intercom.GET("/contacts/{id}", getContact);
    const queued = intercom.GET("/contacts/{id}", { ...getContact, signal: AbortSignal.timeout(30) });
    expect(await rejection(queued)).toMatchObject({ name: "TimeoutError" });
    expect((await first).response.status).toBe(200);
    const third = await intercom.GET("/contacts/{id}", getContact);
    expect(third.response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it("rejects a maxConcurrent that is not a positive integer", () => {
    expect(() => faultClient(server.url, { maxConcurrent: 0 })).toThrow(IntercomConfigError);
    expect(() => faultClient(server.url, { maxConcurrent: 1.5 })).toThrow(/maxConcurrent/);
  });
});
