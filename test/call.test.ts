// The client's direct path (src/call.ts) against openapi-fetch's own call, which the client uses
// while middleware is registered: the same calls must put the same bytes on the wire and give the
// same results. A no-op middleware sends a call through openapi-fetch.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type IntercomClient, createIntercomClient } from "../src/index.js";
import { type RecordedRequest, type RecordingServer, startRecordingServer } from "./support/recording-server.js";

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());

const direct = () => createIntercomClient({ token: "call-test-token", baseUrl: server.url });
const viaOpenapiFetch = () => {
  const client = direct();
  client.use({ onRequest: () => undefined });
  return client;
};

type AnyCall = (client: IntercomClient) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
const loose = (client: IntercomClient) =>
  client as unknown as Record<"GET" | "POST" | "PUT" | "DELETE", (path: string, init?: object) => ReturnType<AnyCall>>;

const calls: [string, AnyCall][] = [
  ["a plain GET", (c) => c.GET("/me")],
  [
    "a GET with a query, an array and a form-exploded object",
    (c) =>
      loose(c).GET("/events", {
        params: { query: { type: "user", user_id: "u 1&2", filter: { user_id: "7" }, ids: ["a", "b"], per_page: 5 } },
      }),
  ],
  ["path parameters that need encoding", (c) => c.GET("/contacts/{id}", { params: { path: { id: "a/b c%d?é" } } })],
  ["a POST with a JSON body", (c) => c.POST("/contacts", { body: { email: "ada@example.com", name: "Ada \u2603" } })],
  [
    "headers: the caller's, a header parameter, one removed with null",
    (c) =>
      loose(c).PUT("/contacts/{id}", {
        params: { path: { id: "1" }, header: { "X-From-Params": "p" } },
        headers: { "X-Trace": "t", Accept: null, "Intercom-Version": "2.11" },
        body: { name: "Ada" },
      }),
  ],
  [
    "a form-encoded body",
    (c) =>
      loose(c).POST("/auth/eagle/token", {
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: { a: "1", b: "x y" },
      }),
  ],
  ["a DELETE", (c) => c.DELETE("/contacts/{id}", { params: { path: { id: "42" } } })],
  [
    "header arrays append, to the client's own headers too",
    (c) => loose(c).GET("/me", { headers: { Accept: ["text/plain"], "X-List": ["a", "b"], "X-Empty": [] } }),
  ],
  [
    "a body without JSON's content type, removed with null",
    (c) => loose(c).POST("/contacts", { headers: { "Content-Type": null }, body: { email: "a@example.com" } }),
  ],
];

/** What a request looks like on the wire, less what differs between two connections. */
function wire(request: RecordedRequest) {
  const { host: _host, ...headers } = request.headers;
  return { ...request, headers };
}

describe("the direct path sends what openapi-fetch sends", () => {
  test.each(calls)("%s", async (_name, call) => {
    server.reply({ status: 200, body: { type: "admin", id: "1" } });
    await call(direct());
    const ours = wire(server.take());
    await call(viaOpenapiFetch());
    expect(ours).toEqual(wire(server.take()));
  });
});

describe("the direct path's results are openapi-fetch's", () => {
  const replies: [string, { status: number; body?: unknown }, object?][] = [
    ["200 JSON", { status: 200, body: { type: "admin", id: "1" } }],
    ["204", { status: 204 }],
    ["404 JSON error", { status: 404, body: { type: "error.list", errors: [{ code: "not_found" }] } }],
    ["200 read as text", { status: 200, body: { id: "1" } }, { parseAs: "text" }],
    ["200 read as an ArrayBuffer", { status: 200, body: { id: "1" } }, { parseAs: "arrayBuffer" }],
  ];
  test.each(replies)("%s", async (_name, reply, init) => {
    const results = [];
    for (const client of [direct(), viaOpenapiFetch()]) {
      server.reply(reply);
      const { response, ...result } = await loose(client).GET("/me", { retry: false, ...init });
      server.take();
      const data = result.data instanceof ArrayBuffer ? new TextDecoder().decode(result.data) : result.data;
      results.push({ status: response.status, keys: Object.keys(result), data, error: result.error });
    }
    expect(results[0]).toEqual(results[1]);
  });

  test("a streamed body is the response's body, unread", async () => {
    for (const client of [direct(), viaOpenapiFetch()]) {
      server.reply({ status: 200, body: { id: "1" } });
      const { data } = await loose(client).GET("/me", { parseAs: "stream" });
      server.take();
      expect(data).toBeInstanceOf(ReadableStream);
      expect(await new Response(data as ReadableStream).json()).toEqual({ id: "1" });
    }
  });
});

test("middleware ejected again leaves the direct path, and its hooks no longer run", async () => {
  const client = direct();
  const seen: string[] = [];
  const middleware = { onRequest: ({ request }: { request: Request }) => void seen.push(request.url) };
  client.use(middleware);
  server.reply({ status: 200, body: {} });
  await client.GET("/me");
  client.eject(middleware);
  await client.GET("/me");
  server.requests.splice(0);
  expect(seen).toEqual([`${server.url}/me`]);
});

test("middleware's onResponse and the caller can still read a 2xx JSON body the transport has read", async () => {
  const client = direct();
  const read: unknown[] = [];
  client.use({
    async onResponse({ response }) {
      read.push(await response.clone().json(), await response.json());
    },
  });
  server.reply({ status: 200, body: { type: "admin", id: "7" } });
  const { data, response } = await client.GET("/me");
  server.take();
  expect(read).toEqual([
    { type: "admin", id: "7" },
    { type: "admin", id: "7" },
  ]);
  expect(data).toEqual({ type: "admin", id: "7" });
  expect(await response.text()).toBe('{"type":"admin","id":"7"}');
});

test("a malformed error body rejects json() rather than throwing synchronously", async () => {
  const client = direct();
  const { response } = await loose(client).GET("/me", { retry: false, parseAs: "json" });
  server.take();
  expect(response.status).toBe(200);
  server.reply({ status: 404, body: undefined });
  const failed = await loose(client).GET("/me", { retry: false });
  server.take();
  const json = failed.response.json();
  expect(json).toBeInstanceOf(Promise);
  await expect(json).rejects.toThrow(SyntaxError);
});

describe("a call's own headers are checked before anything is sent", () => {
  test.each([
    ["a value with a line break", { headers: { "X-Trace": "a\r\nX-Injected: 1" } }, "headers"],
    ["a name that is not a token", { headers: { "X Trace": "t" } }, "headers"],
    ["a header parameter that is an object", { params: { header: { "X-Trace": { a: 1 } } } }, "params.header"],
  ])("%s is an IntercomConfigError naming the option", async (_name, init, option) => {
    const error = await loose(direct())
      .GET("/me", init)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "IntercomConfigError", option });
    expect(server.requests).toHaveLength(0);
  });

  test("numbers and booleans are sent as text, as openapi-fetch sends them", async () => {
    server.reply({ status: 200, body: {} });
    await loose(direct()).GET("/me", { headers: { "X-Count": 3, "X-Flag": false } });
    expect(server.take().headers).toMatchObject({ "x-count": "3", "x-flag": "false" });
  });
});
