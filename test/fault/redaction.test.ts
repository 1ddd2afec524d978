// The access token must not leave through any thrown error (message, stack, util.inspect,
// JSON.stringify) or any log event, and must not follow a redirect to another origin.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { IntercomError, type IntercomLogEvent, createIntercomClient, unwrap } from "../../src/index.js";
import { TOKEN, faultClient, rejection } from "./support/client.js";
import {
  closedPort,
  fresh,
  hang,
  json,
  raw,
  rateLimitHeaders,
  startScriptedServer,
  useScriptedServer,
} from "./support/scripted-server.js";

const getContact = { params: { path: { id: "1" } } };

function expectNoToken(value: unknown) {
  const views = [
    inspect(value, { depth: Infinity, showHidden: true }),
    JSON.stringify(value),
    value instanceof Error ? `${value.message}\n${value.stack}` : "",
  ];
  for (const view of views) {
    expect(view).not.toContain(TOKEN);
    expect(view).not.toContain(TOKEN.slice(4, 20)); // nor a recognisable part of it
  }
}

const server = useScriptedServer();

describe("thrown errors hold no token", () => {
  it.each([
    ["server (a proxy page echoing the request headers)", raw(502, `<pre>Authorization: Bearer ${TOKEN}</pre>`)],
    ["unauthorized", json(401, { type: "error.list", errors: [{ code: "unauthorized", message: `Bearer ${TOKEN}` }] })],
    ["rate_limited", fresh(() => json(429, { type: "error.list", errors: [] }, rateLimitHeaders(0, 30)))],
    ["invalid_response", raw(200, `{"token": "Bearer ${TOKEN}`, { "Content-Type": "application/json" })],
    ["the token echoed in a response header", json(403, { type: "error.list", errors: [] }, { "X-Echo": TOKEN })],
    ["a bare token in an error message", json(401, { type: "error.list", errors: [{ code: "x", message: TOKEN }] })],
    ["an URL-encoded bearer token in a body", raw(400, `auth=Bearer%20${encodeURIComponent(TOKEN)}&x=1`)],
  ])("%s", async (_, step) => {
    server.play(step);
    const { intercom } = faultClient(server.url, { retry: { maxRetries: 0 } });
    const error = await rejection(unwrap(intercom.GET("/contacts/{id}", getContact)));
    expect(error).toBeInstanceOf(IntercomError);
    expectNoToken(error);
  });

  it("timeout", async () => {
    server.play(hang);
    const { intercom } = faultClient(server.url, { timeoutMs: 50, retry: false });
    const error = await rejection(intercom.GET("/contacts/{id}", getContact));
    expect(error).toMatchObject({ kind: "timeout" });
    expectNoToken(error);
  });

  it("network", async () => {
    const { intercom } = faultClient(`http://127.0.0.1:${await closedPort()}`, { retry: false });
    const error = await rejection(intercom.GET("/contacts/{id}", getContact));
    expect(error).toMatchObject({ kind: "network" });
    expectNoToken(error);
  });
});

describe("log events", () => {
  it("carry redacted request headers and no token", async () => {
    server.play(json(503, {}), json(200, { type: "contact", id: "1" }, { "Set-Cookie": "session=abc" }));
    const { intercom, events } = faultClient(server.url);
    await intercom.GET("/contacts/{id}", getContact);
    expect(events.map((e) => e.type)).toEqual(["request", "response", "retry", "request", "response"]);
    const request = events[0] as Extract<IntercomLogEvent, { type: "request" }>;
    expect(request.headers).toMatchObject({ authorization: "[redacted]", "intercom-version": "2.10" });
    const response = events[4] as Extract<IntercomLogEvent, { type: "response" }>;
    expect(response).toMatchObject({ status: 200, attempt: 2, headers: { "set-cookie": "[redacted]" } });
    expectNoToken(events);
    // The wire itself still carries the token.
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe("redirects", () => {
  it("a redirect to another origin is refused: neither the body nor any header goes there", async () => {
    const other = await startScriptedServer();
    try {
      server.play(raw(307, "", { Location: `${other.url}/tags` }));
      other.play(json(200, { type: "tag" }));
      const intercom = createIntercomClient({ token: TOKEN, baseUrl: server.url, headers: { "X-Api-Key": "k-123" } });
      const error = await rejection(intercom.POST("/tags", { body: { name: "secret" } }));
      expect(error).toBeInstanceOf(IntercomError);
      expect(error).toMatchObject({ kind: "http", status: 307, method: "POST" });
      expect((error as Error).message).toContain(`refused a redirect to another origin (${other.url})`);
      expect(server.requests).toHaveLength(1);
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it("a redirect loop is a terminal error after a few hops, not a retried network failure", async () => {
    server.play(...Array.from({ length: 30 }, () => raw(302, "", { Location: "/contacts/1" })));
    const { intercom } = faultClient(server.url);
    const error = await rejection(intercom.GET("/contacts/{id}", getContact));
    expect(error).toMatchObject({ kind: "http", status: 302 });
    expect((error as Error).message).toContain("more than 5 redirects");
    expect(server.requests).toHaveLength(6);
  });

  it("a 307 within the origin resends the method and body", async () => {
    server.play(raw(307, "", { Location: "/tags?again=1" }), json(200, { type: "tag", id: "7" }));
    const { intercom } = faultClient(server.url);
    const { data } = await intercom.POST("/tags", { body: { name: "vip" } });
    expect(data).toMatchObject({ id: "7" });
    expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ["POST", "/tags", '{"name":"vip"}'],
      ["POST", "/tags?again=1", '{"name":"vip"}'],
    ]);
  });

  it("a redirect within the origin keeps it", async () => {
    server.play(raw(301, "", { Location: "/contacts/2" }), json(200, { type: "contact", id: "2" }));
    const intercom = createIntercomClient({ token: TOKEN, baseUrl: server.url });
    await intercom.GET("/contacts/{id}", getContact);
    expect(server.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ["/contacts/1", `Bearer ${TOKEN}`],
      ["/contacts/2", `Bearer ${TOKEN}`],
    ]);
  });
});
