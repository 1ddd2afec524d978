// Which failures are retried, how often, and that every attempt carries the full request.
import { describe, expect, it } from "vitest";
import { IntercomError, unwrap } from "../../src/index.js";
import { faultClient, rejection, since } from "./support/client.js";
import {
  type ScriptedServer,
  closedPort,
  json,
  raw,
  resetMidBody,
  startScriptedServer,
  useScriptedServer,
} from "./support/scripted-server.js";

const contact = { type: "contact", id: "1" };
const serverError = { type: "error.list", request_id: "req_500", errors: [{ code: "server_error", message: "Boom" }] };
const message = {
  message_type: "email" as const,
  subject: "Hi",
  body: "Hello",
  template: "plain",
  from: { type: "admin" as const, id: "394051" },
  to: { type: "user" as const, id: "536e564f316c83104c000020" },
  create_conversation_without_contact_reply: false,
};

const server = useScriptedServer();

describe("GET", () => {
  it("retries 503, 503 and returns the 200, with backoff between attempts", async () => {
    server.play(raw(503, "", { "Retry-After": "0" }), json(503, serverError), json(200, contact));
    const { intercom, events } = faultClient(server.url);
    const start = performance.now();
    const { data, response } = await intercom.GET("/contacts/{id}", { params: { path: { id: "1" } } });
    expect(response.status).toBe(200);
    expect(data).toEqual(contact);
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(Array(3).fill("GET /contacts/1"));
    const retries = events.filter((e) => e.type === "retry");
    expect(retries.map((e) => e.reason)).toEqual(["status 503", "status 503"]);
    // Retry-After: 0 still waits the backoff floor (retry 1: between 5 and 10 ms), never 0 ms.
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(5);
    expect(retries[1]!.delayMs).toBeGreaterThanOrEqual(10); // retry 2: between 10 and 20 ms
    expect(retries[1]!.delayMs).toBeLessThanOrEqual(20);
    expect(since(start)).toBeLessThan(1_500);
  });

  it("gives up after maxRetries and reports every attempt", async () => {
    server.play(...Array(3).fill(json(500, serverError)));
    const { intercom } = faultClient(server.url, { retry: { maxRetries: 2, baseDelayMs: 5 } });
    const error = await rejection(unwrap(intercom.GET("/contacts/{id}", { params: { path: { id: "1" } } })));
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({ kind: "server", status: 500, attempts: 3, requestId: "req_500", method: "GET" });
    expect(server.requests).toHaveLength(3);
  });

  it("retries a connection reset in the middle of the body", async () => {
    server.play(resetMidBody, json(200, contact));
    const { intercom, events } = faultClient(server.url);
    const start = performance.now();
    const { data } = await intercom.GET("/contacts/{id}", { params: { path: { id: "1" } } });
    expect(data).toEqual(contact);
    expect(server.requests).toHaveLength(2);
    expect(events.filter((e) => e.type === "retry").map((e) => e.reason)).toEqual(["network"]);
    expect(since(start)).toBeLessThan(1_500);
  });

  it("does not retry a 404", async () => {
    server.play(json(404, { type: "error.list", errors: [{ code: "not_found", message: "Contact Not Found" }] }));
    const { intercom } = faultClient(server.url);
    const error = await rejection(unwrap(intercom.GET("/contacts/{id}", { params: { path: { id: "1" } } })));
    expect(error).toMatchObject({ kind: "not_found", status: 404, errors: [{ code: "not_found" }], attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it("retries nothing with retry: false on the request", async () => {
    server.play(json(503, serverError));
    const { intercom } = faultClient(server.url);
    const { error, response } = await intercom.GET("/contacts/{id}", { params: { path: { id: "1" } }, retry: false });
    expect(response.status).toBe(503);
    expect(error).toEqual(serverError);
    expect(server.requests).toHaveLength(1);
  });
});

describe("POST", () => {
  it("sends POST /messages exactly once on a 500", async () => {
    server.play(json(500, serverError), json(200, { type: "user_message", id: "2" }));
    const { intercom, events } = faultClient(server.url);
    const start = performance.now();
    const error = await rejection(unwrap(intercom.POST("/messages", { body: message })));
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({ kind: "server", status: 500, method: "POST", attempts: 1, requestId: "req_500" });
    expect((error as IntercomError).url).toBe(`${server.url}/messages`);
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["POST /messages"]);
    expect(events.filter((e) => e.type === "retry")).toEqual([]);
    expect(since(start)).toBeLessThan(1_500);
  });

  it("retries POST /messages on a 500 when the request is declared idempotent, resending the full body", async () => {
    server.play(json(500, serverError), json(502, serverError), json(200, { type: "user_message", id: "2" }));
    const { intercom } = faultClient(server.url);
    const sent = await unwrap(intercom.POST("/messages", { body: message, idempotent: true }));
    expect(sent).toEqual({ type: "user_message", id: "2" });
    expect(server.requests).toHaveLength(3);
    for (const request of server.requests) {
      expect(request.method).toBe("POST");
      expect(JSON.parse(request.body)).toEqual(message);
    }
  });

  it("does not retry a POST whose connection broke after it was sent", async () => {
    server.play(resetMidBody, json(200, {}));
    const { intercom } = faultClient(server.url);
    const error = await rejection(intercom.POST("/messages", { body: message }));
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({ kind: "network", method: "POST", attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it("retries a POST whose connection was refused, since nothing was sent", async () => {
    const port = await closedPort();
    let revived: ScriptedServer | undefined;
    const { intercom, events } = faultClient(`http://127.0.0.1:${port}`, {
      retry: { baseDelayMs: 400 },
      logger: (event) => {
        events.push(event);
        // Bring the server up during the backoff; the retry must find it.
        if (event.type === "retry" && !revived) {
          void startScriptedServer(port).then((s) => {
            revived = s;
            s.play(json(200, { type: "user_message", id: "3" }));
          });
        }
      },
    });
    try {
      const start = performance.now();
      const sent = await unwrap(intercom.POST("/messages", { body: message }));
      expect(sent).toEqual({ type: "user_message", id: "3" });
      expect(events.filter((e) => e.type === "retry").map((e) => e.reason)).toEqual(["network"]);
      expect(revived!.requests.map((r) => r.method)).toEqual(["POST"]);
      expect(JSON.parse(revived!.requests[0]!.body)).toEqual(message);
      expect(since(start)).toBeLessThan(1_500);
    } finally {
      await revived?.close();
    }
  });

  it("throws a network IntercomError, not a TypeError, when the connection stays refused", async () => {
    const port = await closedPort();
    const { intercom } = faultClient(`http://127.0.0.1:${port}`, { retry: { maxRetries: 1, baseDelayMs: 5 } });
    const error = await rejection(intercom.POST("/messages", { body: message }));
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({ kind: "network", attempts: 2, status: undefined });
    expect((error as Error).message).toContain("ECONNREFUSED");
  });

  it("retries a 429 for POST too: the request was not processed", async () => {
    const rateLimited = {
      type: "error.list",
      errors: [{ code: "rate_limit_exceeded", message: "Exceeded rate limit" }],
    };
    server.play(json(429, rateLimited, { "Retry-After": "0" }), json(200, { type: "user_message", id: "4" }));
    const { intercom } = faultClient(server.url);
    expect(await unwrap(intercom.POST("/messages", { body: message }))).toEqual({ type: "user_message", id: "4" });
    expect(server.requests).toHaveLength(2);
  });
});
