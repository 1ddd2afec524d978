// intercom-fetch/testing: routing from the spec's operations, defaults from its examples, Intercom's
// errors for what a real workspace would refuse, and the node:http server for code that takes a URL.
import { describe, expect, it } from "vitest";
import { IntercomError, createIntercomClient, unwrap } from "../src/index.js";
import { createFakeIntercom, networkError } from "../src/testing.js";

const auth = { headers: { Authorization: "Bearer t" } };

describe("createFakeIntercom().fetch", () => {
  it("answers routes without a handler with the spec's example", async () => {
    const fake = createFakeIntercom();
    const intercom = createIntercomClient({ token: "t", fetch: fake.fetch });
    const { data, response } = await intercom.GET("/me");
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ type: "admin", email: "admin1@email.com" });
  });

  it("passes path parameters, query and JSON body to the handler, and records the request", async () => {
    const fake = createFakeIntercom({
      handlers: {
        "/conversations/{conversation_id}/tags": {
          post: ({ params, body }) => ({
            body: { type: "tag", id: String(body?.id), name: params.conversation_id },
          }),
        },
        "/conversations": {
          get: ({ query }) => ({
            body: { type: "conversation.list", conversations: [], total_count: Number(query.per_page) },
          }),
        },
      },
    });
    const intercom = createIntercomClient({ token: "t", fetch: fake.fetch });
    const { data } = await intercom.POST("/conversations/{conversation_id}/tags", {
      params: { path: { conversation_id: "c 1" } },
      body: { id: "7", admin_id: "9" },
    });
    expect(data).toEqual({ type: "tag", id: "7", name: "c 1" });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      method: "POST",
      route: "/conversations/{conversation_id}/tags",
      body: { id: "7", admin_id: "9" },
    });
    expect(fake.requests[0]!.headers.get("intercom-version")).toBe("2.10");
    const list = await intercom.GET("/conversations", { params: { query: { per_page: 7 } } });
    expect(list.data?.total_count).toBe(7);
  });

  it("routes a literal segment before a parameter", async () => {
    const fake = createFakeIntercom({
      handlers: { "/admins/{id}": { get: () => ({ body: { type: "admin", id: "from-handler" } }) } },
    });
    const intercom = createIntercomClient({ token: "t", fetch: fake.fetch });
    const logs = await intercom.GET("/admins/activity_logs", { params: { query: { created_at_after: "1" } } });
    expect(fake.requests[0]!.route).toBe("/admins/activity_logs");
    expect(logs.data).toMatchObject({ type: "activity_log.list" });
    const admin = await intercom.GET("/admins/{id}", { params: { path: { id: 1 } } });
    expect(admin.data).toMatchObject({ id: "from-handler" });
  });

  it("answers an error response the handler picks, typed as the spec's error", async () => {
    const fake = createFakeIntercom({
      handlers: {
        "/contacts/{id}": {
          get: () => ({ status: 404, body: { type: "error.list", errors: [{ code: "not_found", message: "No" }] } }),
        },
      },
    });
    const intercom = createIntercomClient({ token: "t", fetch: fake.fetch });
    const { error, response } = await intercom.GET("/contacts/{id}", { params: { path: { id: "x" } } });
    expect(response.status).toBe(404);
    expect(error).toMatchObject({ errors: [{ code: "not_found" }] });
  });

  it("passes a Response from the handler through, e.g. a 429 with Retry-After", async () => {
    const fake = createFakeIntercom({
      handlers: { "/me": { get: () => new Response("slow down", { status: 429, headers: { "Retry-After": "0" } }) } },
    });
    const response = await fake.fetch("https://api.intercom.io/me", auth);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("0");
  });

  it("refuses requests without the bearer token, or with another one than `token`", async () => {
    const fake = createFakeIntercom({ token: "right" });
    const none = await fake.fetch("https://api.intercom.io/me");
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ type: "error.list", errors: [{ code: "unauthorized" }] });
    const wrong = await fake.fetch("https://api.intercom.io/me", { headers: { Authorization: "Bearer wrong" } });
    expect(wrong.status).toBe(401);
    const right = await fake.fetch("https://api.intercom.io/me", { headers: { Authorization: "Bearer right" } });
    expect(right.status).toBe(200);
  });

  it("names an unknown path with the nearest ones, and the methods a known path has", async () => {
    const fake = createFakeIntercom();
    const unknown = await fake.fetch("https://api.intercom.io/contact/1", auth);
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(await unknown.json())).toContain(
      "No operation GET /contact/1 in API 2.10 (nearest: /contacts/{id}",
    );
    expect(fake.requests[0]!.route).toBeNull();
    const method = await fake.fetch("https://api.intercom.io/me", { ...auth, method: "DELETE" });
    expect(JSON.stringify(await method.json())).toContain("(it has GET)");
  });

  it("in strict mode, fails a route without a handler once, naming the route", async () => {
    const fake = createFakeIntercom({
      strict: true,
      handlers: { "/me": { get: () => ({ body: { type: "admin", id: "1" } }) } },
    });
    const intercom = createIntercomClient({ token: "t", fetch: fake.fetch });
    expect((await intercom.GET("/me")).data).toEqual({ type: "admin", id: "1" });
    const error = await unwrap(intercom.GET("/contacts/{id}", { params: { path: { id: "42" } } })).catch((e) => e);
    expect(error).toBeInstanceOf(IntercomError);
    expect(error.status).toBe(501);
    expect(error.message).toContain("no handler for GET /contacts/{id} (strict mode), requested as GET /contacts/42");
    expect(fake.requests).toHaveLength(2); // not retried
    expect(fake.requests[1]!.failure).toContain("GET /contacts/{id}");
  });

  it("answers once-handlers in order before the route's handler, and reset() forgets them", async () => {
    const fake = createFakeIntercom({ handlers: { "/me": { get: () => ({ body: { type: "admin", id: "base" } }) } } });
    const intercom = createIntercomClient({ token: "t", fetch: fake.fetch, retry: { baseDelayMs: 1 } });
    fake.once(
      "/me",
      "get",
      () => ({
        status: 429,
        body: { type: "error.list", errors: [{ code: "rate_limit_exceeded" }] },
        headers: { "Retry-After": "0" },
      }),
      () => ({ body: { type: "admin", id: "second" } }),
    );
    expect((await intercom.GET("/me")).data).toEqual({ type: "admin", id: "second" }); // the 429 was retried
    expect((await intercom.GET("/me")).data).toEqual({ type: "admin", id: "base" });
    expect(fake.requests).toHaveLength(3);

    fake.on("/me", "get", () => ({ body: { type: "admin", id: "replaced" } }));
    fake.once("/me", "get", () => ({ body: { type: "admin", id: "queued" } }));
    fake.reset();
    expect(fake.requests).toHaveLength(0);
    expect((await intercom.GET("/me")).data).toEqual({ type: "admin", id: "base" });
  });

  it("fails a dropped connection with networkError(), which the client retries", async () => {
    const fake = createFakeIntercom();
    fake.once("/me", "get", () => networkError("connection reset"));
    const intercom = createIntercomClient({ token: "t", fetch: fake.fetch, retry: { baseDelayMs: 1 } });
    expect((await intercom.GET("/me")).data).toMatchObject({ type: "admin" });
    expect(fake.requests).toHaveLength(2);
    fake.on("/me", "get", () => networkError("connection reset"));
    await expect(fake.fetch("https://api.intercom.io/me", auth)).rejects.toThrow(TypeError);
  });

  it("delays an answer by delayMs, so the client's timeout trips", async () => {
    const fake = createFakeIntercom({
      handlers: { "/me": { get: () => ({ body: { type: "admin", id: "1" }, delayMs: 5_000 }) } },
    });
    const intercom = createIntercomClient({ token: "t", fetch: fake.fetch, timeoutMs: 50, retry: false });
    const started = performance.now();
    const error = await unwrap(intercom.GET("/me")).catch((e) => e);
    expect(error).toMatchObject({ kind: "timeout" });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("fails, without retries, when a handler throws, returns Response.error() or a bad delay", async () => {
    const fake = createFakeIntercom();
    const intercom = createIntercomClient({ token: "t", fetch: fake.fetch, retry: { baseDelayMs: 1 } });
    const cases = [
      [
        () => {
          throw new RangeError("handler bug");
        },
        "the handler of GET /me threw RangeError: handler bug",
      ],
      [() => Response.error(), "returned Response.error(); return networkError() for a dropped connection"],
      [() => ({ body: { type: "admin" }, delayMs: -1 }), "returned delayMs -1; use a finite number ≥ 0"],
      [() => ({ body: { type: "admin" }, delayMs: Infinity }), "returned delayMs Infinity"],
      [() => undefined, "returned undefined, not { body }, a Response or networkError()"],
    ] as const;
    for (const [handler, message] of cases) {
      fake.reset();
      fake.on("/me", "get", handler as never);
      const error = await unwrap(intercom.GET("/me")).catch((e) => e);
      expect(error).toMatchObject({ status: 501, kind: "server" });
      expect(error.message).toContain(message);
      expect(fake.requests).toHaveLength(1);
    }
  });

  it("rejects a handler for an operation the spec does not have, a non-function and an unknown version", () => {
    const fake = createFakeIntercom();
    expect(() =>
      fake.on("/me" as "/contacts", "post", () => ({
        body: { type: "contact", id: "1", created_at: 1, updated_at: 1 },
      })),
    ).toThrow("POST /me is not an operation of API 2.10");
    expect(() => fake.on("/me", "get", { body: {} } as never)).toThrow("the handler of GET /me is object");
    expect(() => fake.once("/me", "get")).toThrow("once(/me, get) needs a handler");
    expect(() => createFakeIntercom({ version: "1.0" as "2.10" })).toThrow('"1.0" is not a generated API version');
  });
});

describe("createFakeIntercom().listen", () => {
  it("serves the fake on 127.0.0.1 for clients that take a base URL", async () => {
    const fake = createFakeIntercom({
      handlers: { "/tags": { post: ({ body }) => ({ body: { type: "tag", id: "1", name: body?.name } }) } },
    });
    const server = await fake.listen();
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const intercom = createIntercomClient({ token: "t", baseUrl: server.url });
      const { data } = await intercom.POST("/tags", { body: { name: "VIP" } });
      expect(data).toEqual({ type: "tag", id: "1", name: "VIP" });
      expect(fake.requests[0]!.headers.get("authorization")).toBe("Bearer t");
    } finally {
      await server.close();
    }
  });

  it("resets the connection for networkError()", async () => {
    const fake = createFakeIntercom({ handlers: { "/me": { get: () => networkError() } } });
    const server = await fake.listen();
    try {
      await expect(fetch(`${server.url}/me`, auth)).rejects.toThrow("fetch failed");
    } finally {
      await server.close();
    }
  });

  it("answers 501 naming the error when a handler throws", async () => {
    const fake = createFakeIntercom({
      handlers: {
        "/me": {
          get: () => {
            throw new Error("handler bug");
          },
        },
      },
    });
    const server = await fake.listen();
    try {
      const response = await fetch(`${server.url}/me`, auth);
      expect(response.status).toBe(501);
      expect(JSON.stringify(await response.json())).toContain("handler bug");
    } finally {
      await server.close();
    }
  });
});
