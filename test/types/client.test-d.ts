// Compile-time contract of the client: every `@ts-expect-error` below must stay an error, so a
// loosened type (openapi-fetch's `[key: string]: unknown`, say) fails the type-check.
import { describe, expectTypeOf, it } from "vitest";
import { createIntercomClient, type IntercomClientOptions, type Schema } from "../../src/index.js";

const intercom = createIntercomClient({ token: "t" });
const tagPath = "/conversations/{conversation_id}/tags";
const conversation_id = "64619700005694";

describe("request types", () => {
  it("requires admin_id when tagging a conversation", () => {
    // @ts-expect-error admin_id is required
    void intercom.POST(tagPath, { params: { path: { conversation_id } }, body: { id: "7522907" } });
    void intercom.POST(tagPath, { params: { path: { conversation_id } }, body: { id: "7522907", admin_id: "780" } });
  });

  it("rejects a misspelt body key", () => {
    void intercom.POST(tagPath, {
      params: { path: { conversation_id } },
      // @ts-expect-error adminid is not a field of the body
      body: { id: "7522907", admin_id: "780", adminid: "780" },
    });
  });

  it("rejects a misspelt query key", () => {
    // @ts-expect-error perpage is not a query parameter of GET /conversations
    void intercom.GET("/conversations", { params: { query: { perpage: 20 } } });
  });

  it("rejects a misspelt path parameter", () => {
    // @ts-expect-error conversationid is not a path parameter
    void intercom.POST(tagPath, { params: { path: { conversationid: "1" } }, body: { id: "1", admin_id: "2" } });
  });

  it("rejects a misspelt request init key", () => {
    // @ts-expect-error signall is not a request option
    void intercom.GET("/me", { signall: AbortSignal.abort() });
    void intercom.GET("/me", { signal: AbortSignal.abort() });
  });

  it("rejects a wrong field type", () => {
    // @ts-expect-error admin_id is an id (a string, or the integer Intercom's own examples send)
    void intercom.POST(tagPath, { params: { path: { conversation_id } }, body: { id: "1", admin_id: true } });
  });

  it("rejects a wrong query parameter type", () => {
    // @ts-expect-error per_page is a number
    void intercom.GET("/conversations", { params: { query: { per_page: "20" } } });
  });

  it("rejects an unknown path", () => {
    // @ts-expect-error there is no GET /conversation (singular)
    void intercom.GET("/conversation", {});
  });

  it("rejects a path with the wrong method", () => {
    // @ts-expect-error /me only has GET
    void intercom.POST("/me", {});
  });

  it("requires path parameters", () => {
    // @ts-expect-error params.path.conversation_id is required
    void intercom.POST(tagPath, { body: { id: "1", admin_id: "2" } });
    // @ts-expect-error the init argument itself is required here
    void intercom.POST(tagPath);
  });

  it("requires one of the identifiers an 'at least one of' schema lists", () => {
    const visitor = { user_id: "3ecf64d0" };
    void intercom.POST("/visitors/convert", { body: { type: "user", user: { user_id: "70" }, visitor } });
    void intercom.POST("/visitors/convert", {
      body: { type: "user", user: { id: "6657ac73", email: "a@b.c" }, visitor },
    });
    // Intercom's own `successful` example identifies the user by email alone.
    void intercom.POST("/visitors/convert", { body: { type: "user", user: { email: "a@b.c" }, visitor } });
    // @ts-expect-error user needs `id`, `user_id` or `email`; openapi-typescript alone types it `unknown`
    void intercom.POST("/visitors/convert", { body: { type: "user", user: {}, visitor } });
    // @ts-expect-error user is an object
    void intercom.POST("/visitors/convert", { body: { type: "user", user: 42, visitor } });
  });

  it("lets a request override Intercom-Version through its typed header parameter", () => {
    void intercom.GET("/me", { params: { header: { "Intercom-Version": "2.9" } } });
    // @ts-expect-error 0.5 is not an Intercom-Version
    void intercom.GET("/me", { params: { header: { "Intercom-Version": "0.5" } } });
  });
});

describe("response types", () => {
  it("types GET /conversations as a conversation.list", async () => {
    const { data } = await intercom.GET("/conversations", { params: { query: { per_page: 20 } } });
    expectTypeOf(data!.type).toEqualTypeOf<"conversation.list">();
    expectTypeOf(data!.conversations).toEqualTypeOf<Schema<"conversation_list_item">[]>();
    expectTypeOf(data!.total_count).toEqualTypeOf<number>();
    expectTypeOf(data!.pages).toEqualTypeOf<Schema<"cursor_pages"> | null | undefined>();
  });

  it("types tag and untag as tags", async () => {
    const tagged = await intercom.POST(tagPath, {
      params: { path: { conversation_id } },
      body: { id: "7522907", admin_id: "780" },
    });
    expectTypeOf(tagged.data).toEqualTypeOf<Schema<"tag"> | undefined>();
    const untagged = await intercom.DELETE("/conversations/{conversation_id}/tags/{id}", {
      params: { path: { conversation_id, id: "7522907" } },
      body: { admin_id: "123" },
    });
    expectTypeOf(untagged.data).toEqualTypeOf<Schema<"tag"> | undefined>();
  });

  it("types errors with Intercom's error schema, also where the spec declares no error response", async () => {
    const { error } = await intercom.GET("/me");
    if (error) expectTypeOf(error).toEqualTypeOf<Schema<"error">>();
  });
});

describe("options", () => {
  it("accepts only known regions", () => {
    createIntercomClient({ region: "eu" });
    createIntercomClient({ region: "au" });
    // @ts-expect-error "de" is not a region
    createIntercomClient({ region: "de" });
  });

  it("accepts only generated versions", () => {
    expectTypeOf(createIntercomClient({ version: "2.10" }).version).toEqualTypeOf<"2.10">();
    // @ts-expect-error 1.4 is not generated
    createIntercomClient({ version: "1.4" });
  });

  it("rejects unknown options", () => {
    // @ts-expect-error regoin is not an option
    const options: IntercomClientOptions = { regoin: "eu" };
    void options;
  });
});
