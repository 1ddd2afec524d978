// intercom-fetch/msw: the fake behind msw's interception of the global fetch, as a suite that already
// uses msw runs it (the client is created without a `fetch` option).
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { createIntercomClient, unwrap } from "../src/index.js";
import { intercomHandlers } from "../src/msw.js";
import { createFakeIntercom, networkError } from "../src/testing.js";

const fake = createFakeIntercom({
  strict: true,
  handlers: { "/tags": { get: () => ({ body: { type: "list", data: [{ type: "tag", id: "1", name: "VIP" }] } }) } },
});
const server = setupServer(
  ...intercomHandlers(fake, { baseUrl: ["https://api.eu.intercom.io", "http://127.0.0.1:9"] }),
);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => fake.reset());
afterAll(() => server.close());

it("answers the client's requests with the fake's typed handlers, on each given origin", async () => {
  const eu = createIntercomClient({ token: "t", region: "eu" });
  expect((await unwrap(eu.GET("/tags"))).data).toEqual([{ type: "tag", id: "1", name: "VIP" }]);
  const local = createIntercomClient({ token: "t", baseUrl: "http://127.0.0.1:9" });
  await unwrap(local.GET("/tags"));
  expect(fake.requests.map((r) => `${r.url.origin} ${r.route}`)).toEqual([
    "https://api.eu.intercom.io /tags",
    "http://127.0.0.1:9 /tags",
  ]);
});

it("passes the fake's failures through: strict mode's 501, the 401, networkError()", async () => {
  const eu = createIntercomClient({ token: "t", region: "eu", retry: false });
  await expect(unwrap(eu.GET("/me"))).rejects.toMatchObject({
    status: 501,
    message: expect.stringContaining("GET /me"),
  });
  fake.once("/tags", "get", () => networkError());
  await expect(unwrap(eu.GET("/tags"))).rejects.toMatchObject({ kind: "network" });
  const noToken = await fetch("https://api.eu.intercom.io/tags");
  expect(noToken.status).toBe(401);
});

it("intercepts only the given origins, and refuses what is not an origin", () => {
  expect(() => intercomHandlers(fake, { baseUrl: "https://api.intercom.io/v2" })).toThrow("is not an http(s) origin");
  expect(() => intercomHandlers(fake, { baseUrl: "api.intercom.io" })).toThrow("is not an http(s) origin");
  expect(() => intercomHandlers(fake, { baseUrl: [] })).toThrow("empty list");
  expect(intercomHandlers(fake)).toHaveLength(3);
});
