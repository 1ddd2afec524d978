// Compile-time contract of intercom-fetch/testing: handlers are keyed by the spec's paths and methods,
// and their bodies are checked against the generated response types.
import { describe, expectTypeOf, it } from "vitest";
import { createFakeIntercom, networkError, type FakeRequest } from "../../src/testing.js";
import type { operations } from "../../src/index.js";
import type { OperationsByVersion } from "../../src/generated.js";

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

  it("keep enum literals of bodies without `as const` or an explicit version (the version comes from `version`)", () => {
    // `type` of the tag list is the enum "list": inferring the version from the handlers widened it to string.
    createFakeIntercom({ handlers: { "/tags": { get: () => ({ body: { type: "list", data: [] } }) } } });
    createFakeIntercom({
      handlers: {
        "/conversations": {
          get: async () => ({ body: { type: "conversation.list", conversations: [], total_count: 0 } }),
        },
      },
    });
    createFakeIntercom({
      version: "2.11",
      handlers: { "/tags": { get: () => ({ body: { type: "list", data: [] } }) } },
    });
    const fake = createFakeIntercom();
    fake.on("/tags", "get", () => ({ body: { type: "list", data: [] } }));
    fake.once(
      "/tags",
      "get",
      () => networkError(),
      () => ({ body: { type: "list", data: [] } }),
    );
    // @ts-expect-error the tag list's type is "list"
    fake.on("/tags", "get", () => ({ body: { type: "tag", data: [] } }));
    // @ts-expect-error delayMs is a number
    fake.on("/tags", "get", () => ({ body: { type: "list", data: [] }, delayMs: "1s" }));
  });

  it("type the query like the path parameters: the spec's names, raw strings", () => {
    type Req = FakeRequest<operations["listConversations"]>;
    expectTypeOf<Req["query"]>().toEqualTypeOf<{ per_page?: string; starting_after?: string }>();
    expectTypeOf<FakeRequest<operations["identifyAdmin"]>["query"]>().toEqualTypeOf<{}>();
    createFakeIntercom({
      handlers: {
        "/conversations": {
          get: ({ query }) => ({
            // @ts-expect-error `page` is not a query parameter of the operation
            body: { type: "conversation.list", conversations: [], total_count: Number(query.page) },
          }),
        },
      },
    });
    type Req211 = FakeRequest<OperationsByVersion["2.11"]["listConversations"]>;
    expectTypeOf<Req211["query"]>().toHaveProperty("per_page");
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
