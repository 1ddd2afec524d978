// intercom-fetch/testing: routing from the spec's operations, defaults from its examples, Intercom's
// errors for what a real workspace would refuse, and the node:http server for code that takes a URL.
import { describe, expect, it } from "vitest";
import { createIntercomClient } from "../src/index.js";
import { createFakeIntercom } from "../src/testing.js";

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
          post: ({ params, body, query }) => ({
            body: { type: "tag", id: String(body?.id), name: `${params.conversation_id}:${query.get("x") ?? ""}` },
          }),
        },
      },
    });
    const intercom = createIntercomClient({ token: "t", fetch: fake.fetch });
    const { data } = await intercom.POST("/conversations/{conversation_id}/tags", {
      params: { path: { conversation_id: "c 1" } },
      body: { id: "7", admin_id: "9" },
    });
    expect(data).toEqual({ type: "tag", id: "7", name: "c 1:" });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      method: "POST",
      route: "/conversations/{conversation_id}/tags",
      body: { id: "7", admin_id: "9" },
    });
    expect(fake.requests[0]!.headers.get("intercom-version")).toBe("2.10");
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
    const response = await fake.fetch("https://api.intercom.io/me", { headers: { Authorization: "Bearer t" } });
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
    const auth = { headers: { Authorization: "Bearer t" } };
    const unknown = await fake.fetch("https://api.intercom.io/contact/1", auth);
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(await unknown.json())).toContain(
      "No operation GET /contact/1 in API 2.10 (nearest: /contacts/{id}",
    );
    expect(fake.requests[0]!.route).toBeNull();
    const method = await fake.fetch("https://api.intercom.io/me", { ...auth, method: "DELETE" });
    expect(JSON.stringify(await method.json())).toContain("(it has GET)");
  });

  it("answers 501 for routes without a handler when examples are off", async () => {
    const fake = createFakeIntercom({ examples: false });
    const response = await fake.fetch("https://api.intercom.io/me", { headers: { Authorization: "Bearer t" } });
    expect(response.status).toBe(501);
    expect(JSON.stringify(await response.json())).toContain("no handler or example for GET /me");
  });

  it("rejects a handler for an operation the spec does not have, and an unknown version", () => {
    const fake = createFakeIntercom();
    expect(() =>
      fake.on("/me" as "/contacts", "post", () => ({
        body: { type: "contact", id: "1", created_at: 1, updated_at: 1 },
      })),
    ).toThrow("POST /me is not an operation of API 2.10");
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

  it("answers 500 naming the error when a handler throws", async () => {
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
      const response = await fetch(`${server.url}/me`, { headers: { Authorization: "Bearer t" } });
      expect(response.status).toBe(500);
      expect(JSON.stringify(await response.json())).toContain("handler bug");
    } finally {
      await server.close();
    }
  });
});
