// Compile-time contract of intercom-fetch/testing: handlers are keyed by the spec's paths and methods,
// and their bodies are checked against the generated response types.
import { describe, expectTypeOf, it } from "vitest";
import { createFakeIntercom, type FakeRequest } from "../../src/testing.js";
import type { operations } from "../../src/index.js";

describe("fake Intercom handlers", () => {
  it("accept only paths and methods of the spec", () => {
    // @ts-expect-error not a path of the API
    createFakeIntercom({ handlers: { "/nope": { get: () => ({ body: {} }) } } });
    // @ts-expect-error /me has no POST
    createFakeIntercom({ handlers: { "/me": { post: () => ({ body: {} }) } } });
  });

  it("check the body against the response type of the status", () => {
    // @ts-expect-error name is a string in the tag schema
    createFakeIntercom({ handlers: { "/tags": { post: () => ({ body: { name: 42 } }) } } });
    createFakeIntercom({
      handlers: {
        "/tags": {
          // @ts-expect-error a 404 must have the error body (type and errors are required)
          post: () => ({ status: 404, body: { type: "tag" } }),
        },
      },
    });
    createFakeIntercom({
      handlers: { "/tags": { post: () => ({ status: 401, body: { type: "error.list", errors: [] } }) } },
    });
  });

  it("type path parameters as the raw strings of the URL, and the body as the request body", () => {
    type Req = FakeRequest<operations["attachTagToConversation"]>;
    expectTypeOf<Req["params"]>().toEqualTypeOf<{ conversation_id: string }>();
    expectTypeOf<NonNullable<Req["body"]>>().toHaveProperty("admin_id");
  });

  it("type on() like the handlers option", () => {
    const fake = createFakeIntercom();
    fake.on("/me", "get", () => ({ body: { type: "admin", id: "1" } }));
    // @ts-expect-error /me has no DELETE
    fake.on("/me", "delete", () => ({ body: {} }));
  });
});
