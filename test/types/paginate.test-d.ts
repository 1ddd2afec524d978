// Compile-time contract of pagination: only list paths, items typed from each response schema,
// and `init` checked exactly like the plain call's.
import { describe, expectTypeOf, it } from "vitest";
import { type Schema, createIntercomClient } from "../../src/index.js";
import { type PageCursor, paginate } from "../../src/paginate/paginate.js";

const intercom = createIntercomClient({ token: "t" });

type ItemOf<T> = T extends AsyncIterable<infer Item> ? Item : never;
// What the plain calls return. (openapi-fetch maps bodies through `Readable<>`, which leaves some
// schemas, e.g. contact, not identical to their `components` type.)
type SearchContacts = NonNullable<Awaited<ReturnType<typeof intercom.POST<"/contacts/search">>>["data"]>;
type SearchArticles = NonNullable<Awaited<ReturnType<typeof intercom.GET<"/articles/search">>>["data"]>;
type Contact = NonNullable<SearchContacts["data"]>[number];

describe("item types, one operation per style", () => {
  it("cursor: GET /conversations yields conversation list items", () => {
    const items = paginate(intercom, "/conversations");
    expectTypeOf<ItemOf<typeof items>>().toEqualTypeOf<Schema<"conversation_list_item">>();
  });

  it("search: POST /contacts/search yields contacts", () => {
    const contacts = paginate(intercom, "/contacts/search", {
      body: { query: { field: "email", operator: "~", value: "@acme.com" } },
    });
    expectTypeOf<ItemOf<typeof contacts>>().toEqualTypeOf<Contact>();
    expectTypeOf<Awaited<ReturnType<typeof contacts.toArray>>>().toEqualTypeOf<Contact[]>();
  });

  it("page number: POST /companies/list yields companies; pages.next is a link", () => {
    const pages = paginate(intercom, "/companies/list").pages();
    type Page = ItemOf<typeof pages>;
    expectTypeOf<Page["data"][number]>().toEqualTypeOf<Schema<"company">>();
    expectTypeOf<Page["response"]>().toEqualTypeOf<Response>();
    expectTypeOf<NonNullable<Page["body"]["pages"]>["next"]>().toEqualTypeOf<string | null | undefined>();
  });

  it("next link: GET /events yields data events, or their summaries with summary=true", () => {
    const events = paginate(intercom, "/events", { params: { query: { filter: { user_id: "u1" }, type: "user" } } });
    expectTypeOf<ItemOf<typeof events>>().toEqualTypeOf<Schema<"data_event"> | Schema<"data_event_summary_item">>();
  });

  it("scroll: GET /companies/scroll yields companies", () => {
    const companies = paginate(intercom, "/companies/scroll");
    expectTypeOf<ItemOf<typeof companies>>().toEqualTypeOf<Schema<"company">>();
  });

  it("single page: GET /teams yields teams", () => {
    const teams = paginate(intercom, "/teams");
    expectTypeOf<ItemOf<typeof teams>>().toEqualTypeOf<Schema<"team">>();
  });

  it("a nested items path: GET /articles/search yields articles", () => {
    const articles = paginate(intercom, "/articles/search");
    expectTypeOf<ItemOf<typeof articles>>().toEqualTypeOf<
      NonNullable<NonNullable<SearchArticles["data"]>["articles"]>[number]
    >();
  });

  it("GET /contacts yields contacts", () => {
    const contacts = paginate(intercom, "/contacts");
    expectTypeOf<ItemOf<typeof contacts>>().toEqualTypeOf<Contact>();
  });
});

describe("per API version", () => {
  const v211 = createIntercomClient({ token: "t", version: "2.11" });

  it("takes the list paths of the client's own version", () => {
    paginate(v211, "/companies/{company_id}/contacts", { params: { path: { company_id: "c1" } } });
    // @ts-expect-error 2.11 renamed the parameter: `/companies/{id}/contacts` is a 2.10 path
    paginate(v211, "/companies/{id}/contacts", { params: { path: { id: "c1" } } });
    // @ts-expect-error and the other way round
    paginate(intercom, "/companies/{company_id}/contacts", { params: { path: { company_id: "c1" } } });
  });

  it("types the items from the version's own schema", () => {
    const contacts = paginate(v211, "/contacts");
    expectTypeOf<ItemOf<typeof contacts>>().toHaveProperty("formatted_phone");
    expectTypeOf<ItemOf<ReturnType<typeof paginate<"2.10", "/contacts">>>>().not.toHaveProperty("formatted_phone");
  });

  it("is not a client method: the client carries no pagination", () => {
    // @ts-expect-error `paginate(intercom, path)` is the one entry point
    void intercom.paginate;
  });
});

describe("paths and init", () => {
  it("rejects a path that is not a list", () => {
    // @ts-expect-error /me is not a list operation
    paginate(intercom, "/me");
    // @ts-expect-error /me is not a list operation
    paginate(intercom, "/me");
  });

  it("requires what the plain call requires", () => {
    // @ts-expect-error GET /events requires the `type` and `filter` query parameters
    paginate(intercom, "/events");
    // @ts-expect-error the company id path parameter is required
    paginate(intercom, "/companies/{id}/contacts");
    paginate(intercom, "/companies/{id}/contacts", { params: { path: { id: "c1" } } });
  });

  it("rejects misspelt keys and accepts the pagination parameters", () => {
    // @ts-expect-error perpage is not a query parameter of GET /conversations
    paginate(intercom, "/conversations", { params: { query: { perpage: 50 } } });
    paginate(intercom, "/conversations", { params: { query: { per_page: 50 } } });
    paginate(intercom, "/articles", { params: { query: { page: 2, per_page: 10 } } });
    paginate(intercom, "/contacts/search", {
      body: { query: { field: "email", operator: "=", value: "a@b.c" }, pagination: { per_page: 150 } },
    });
  });

  it("takes resumeFrom as a third argument", () => {
    const cursor: PageCursor = { startingAfter: "abc" };
    paginate(intercom, "/conversations", {}, { resumeFrom: cursor });
    // @ts-expect-error resume is not an option
    paginate(intercom, "/conversations", {}, { resume: cursor });
  });

  it("takes maxEmptyPages as a number", () => {
    paginate(intercom, "/conversations", {}, { maxEmptyPages: Infinity });
    // @ts-expect-error a count, not a string
    paginate(intercom, "/conversations", {}, { maxEmptyPages: "3" });
  });
});
