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
  it("a redirect to another origin does not carry Authorization", async () => {
    const other = await startScriptedServer();
    try {
      server.play(raw(302, "", { Location: `${other.url}/contacts/1` }));
      other.play(json(200, { type: "contact", id: "1" }));
      const intercom = createIntercomClient({ token: TOKEN, baseUrl: server.url });
      const { response } = await intercom.GET("/contacts/{id}", getContact);
      expect(response.status).toBe(200);
      expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(other.requests).toHaveLength(1);
      expect(other.requests[0]!.headers.authorization).toBeUndefined();
    } finally {
      await other.close();
    }
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
