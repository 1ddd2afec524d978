// What the client puts on the wire, seen by a real HTTP server: method, raw path and query string,
// headers and JSON body, for at least one operation of every tag of the spec.
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, test } from "vitest";
import { type IntercomClient, type Schema, createIntercomClient } from "../src/index.js";
import { TagCoverage, allTags } from "./support/operations.js";
import { type RecordingServer, startRecordingServer } from "./support/recording-server.js";

let server: RecordingServer;
let intercom: IntercomClient;
const coverage = new TagCoverage();

beforeAll(async () => {
  server = await startRecordingServer();
  intercom = createIntercomClient({ baseUrl: server.url, token: "test-token" });
});
afterAll(() => server.close());
beforeEach(() => server.reply({ status: 200, body: {} }));

interface Expected {
  method: string;
  /** Raw path and query string, as the server receives them. */
  url: string;
  /** The JSON body; absent means no body and no Content-Type. */
  body?: unknown;
  version?: string;
}

/** Asserts the one request the server received since the last call, and records its operation's tag. */
function expectSent({ method, url, body, version = "2.10" }: Expected) {
  const request = server.take();
  coverage.record(request.method, request.url);
  expect({ method: request.method, url: request.url }).toEqual({ method, url });
  expect(request.headers).toMatchObject({
    authorization: "Bearer test-token",
    "intercom-version": version,
    accept: "application/json",
  });
  if (body === undefined) {
    expect(request.body).toBe("");
    expect(request.headers["content-type"]).toBeUndefined();
  } else {
    expect(request.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request.body)).toEqual(body);
  }
}

describe("the reference operations, exactly as documented", () => {
  // Responses from shared/docs/intercom-api-reference-excerpt.txt. The reference's curl examples send
  // numeric ids, but its field docs and the spec declare strings, so strings go on the wire.
  test("POST /conversations/{conversation_id}/tags tags a conversation", async () => {
    const tag = {
      type: "tag",
      id: "130",
      name: "Manual tag",
      applied_at: 1663597223,
      applied_by: { type: "admin", id: "456" },
    };
    server.reply({ status: 200, body: tag });
    const { data, error } = await intercom.POST("/conversations/{conversation_id}/tags", {
      params: { path: { conversation_id: "64619700005694" } },
      body: { id: "130", admin_id: "991267921" },
    });
    expectSent({
      method: "POST",
      url: "/conversations/64619700005694/tags",
      body: { id: "130", admin_id: "991267921" },
    });
    expect(error).toBeUndefined();
    expect(data).toEqual(tag);
    expectTypeOf(data).toEqualTypeOf<Schema<"tag"> | undefined>();
  });

  test("DELETE /conversations/{conversation_id}/tags/{id} untags it, with a body", async () => {
    const tag = {
      type: "tag",
      id: "133",
      name: "Manual tag",
      applied_at: 1663597223,
      applied_by: { type: "admin", id: "456" },
    };
    server.reply({ status: 200, body: tag });
    const { data } = await intercom.DELETE("/conversations/{conversation_id}/tags/{id}", {
      params: { path: { conversation_id: "64619700005694", id: "7522907" } },
      body: { admin_id: "991267925" },
    });
    expectSent({
      method: "DELETE",
      url: "/conversations/64619700005694/tags/7522907",
      body: { admin_id: "991267925" },
    });
    expect(data?.name).toBe("Manual tag");
    expectTypeOf(data).toEqualTypeOf<Schema<"tag"> | undefined>();
  });

  test("GET /conversations?per_page=20&starting_after=… lists conversations", async () => {
    const list = {
      type: "conversation.list",
      pages: { type: "pages", page: 1, per_page: 20, total_pages: 1 },
      total_count: 1,
      conversations: [{ type: "conversation", id: "455" }],
    };
    server.reply({ status: 200, body: list });
    const { data } = await intercom.GET("/conversations", {
      params: { query: { per_page: 20, starting_after: "string" } },
    });
    expectSent({ method: "GET", url: "/conversations?per_page=20&starting_after=string" });
    expect(data?.conversations.map((c) => c.id)).toEqual(["455"]);
    expect(data?.total_count).toBe(1);
    expectTypeOf(data).toEqualTypeOf<Schema<"paginated_conversation_response"> | undefined>();
    expectTypeOf<NonNullable<typeof data>["conversations"]>().toEqualTypeOf<Schema<"conversation_list_item">[]>();
  });
});

describe("encoding", () => {
  test("path parameters are percent-encoded, so an id cannot change the path", async () => {
    await intercom.GET("/companies/{id}", { params: { path: { id: "acme/eu 1?x=#" } } });
    expectSent({ method: "GET", url: "/companies/acme%2Feu%201%3Fx%3D%23" });
  });

  test("every path parameter of an operation is encoded in place", async () => {
    await intercom.DELETE("/contacts/{contact_id}/tags/{id}", {
      params: { path: { contact_id: "6657ac73 6abd", id: "a/b" } },
    });
    expectSent({ method: "DELETE", url: "/contacts/6657ac73%206abd/tags/a%2Fb" });
  });

  test("query values are encoded: a cursor with + / = survives the trip", async () => {
    await intercom.GET("/contacts", { params: { query: { per_page: 50, starting_after: "WzE3+MTcw/MjE4=" } } });
    expectSent({ method: "GET", url: "/contacts?per_page=50&starting_after=WzE3%2BMTcw%2FMjE4%3D" });
  });

  test("an object query parameter is serialized as the spec declares it (form, exploded)", async () => {
    // GET /events declares `filter` with style: form, explode: true: its properties become
    // top-level query parameters, which is what the API reads (`?user_id=…&type=user`).
    await intercom.GET("/events", { params: { query: { filter: { user_id: "314159" }, type: "user" } } });
    expectSent({ method: "GET", url: "/events?user_id=314159&type=user" });
  });
});

describe("Intercom-Version per request", () => {
  test("params.header overrides the client's version", async () => {
    await intercom.GET("/me", { params: { header: { "Intercom-Version": "2.9" } } });
    expectSent({ method: "GET", url: "/me", version: "2.9" });
  });

  test("init.headers overrides the client's version", async () => {
    await intercom.GET("/me", { headers: { "Intercom-Version": "2.8" } });
    expectSent({ method: "GET", url: "/me", version: "2.8" });
  });
});

// Bodies sent and expected back verbatim from the server.
const contactSearch = {
  query: { field: "email", operator: "~", value: "@example.com" },
  pagination: { per_page: 5 },
} satisfies Schema<"search_request">;
const message = {
  message_type: "email",
  subject: "Thanks for everything",
  body: "Hello there",
  template: "plain",
  from: { type: "admin", id: "394051" },
  to: { type: "user", id: "536e564f316c83104c000020" },
} satisfies Schema<"create_message_request">;
const newsItem = {
  title: "Christmas is here!",
  sender_id: 991267834,
  state: "live",
} satisfies Schema<"news_item_request">;
const ticketTypeAttribute = {
  description: "New description",
  required_to_create: false,
  required_to_create_for_contacts: false,
  visible_on_create: true,
  visible_to_contacts: true,
} satisfies Schema<"update_ticket_type_attribute_request">;
const ticketSearch = {
  query: { operator: "AND", value: [{ field: "open", operator: "=", value: "true" }] },
} satisfies Schema<"search_request">;

// At least one operation per tag: [test name, typed call, what the server must receive].
const perTag: [string, (client: IntercomClient) => Promise<unknown>, Expected][] = [
  [
    "Admins: PUT /admins/{id}/away",
    (c) =>
      c.PUT("/admins/{id}/away", {
        params: { path: { id: 991267459 } },
        body: { away_mode_enabled: true, away_mode_reassign: false },
      }),
    { method: "PUT", url: "/admins/991267459/away", body: { away_mode_enabled: true, away_mode_reassign: false } },
  ],
  [
    "Admins: GET /admins with a boolean query parameter",
    (c) => c.GET("/admins", { params: { query: { display_avatar: true } } }),
    { method: "GET", url: "/admins?display_avatar=true" },
  ],
  [
    "Articles: GET /articles/search",
    (c) =>
      c.GET("/articles/search", {
        params: { query: { phrase: "Getting started", state: "published", help_center_id: 12, highlight: false } },
      }),
    {
      method: "GET",
      url: "/articles/search?phrase=Getting%20started&state=published&help_center_id=12&highlight=false",
    },
  ],
  [
    "Help Center: DELETE /help_center/collections/{id}",
    (c) => c.DELETE("/help_center/collections/{id}", { params: { path: { id: 159 } } }),
    { method: "DELETE", url: "/help_center/collections/159" },
  ],
  [
    "Companies: POST /companies/list takes query parameters and no body",
    (c) => c.POST("/companies/list", { params: { query: { page: 2, per_page: 50, order: "desc" } } }),
    { method: "POST", url: "/companies/list?page=2&per_page=50&order=desc" },
  ],
  [
    "Companies: GET /companies/scroll",
    (c) => c.GET("/companies/scroll", { params: { query: { scroll_param: "25b649f7-4d33-4ef6-88f5" } } }),
    { method: "GET", url: "/companies/scroll?scroll_param=25b649f7-4d33-4ef6-88f5" },
  ],
  [
    "Contacts: POST /contacts/search",
    (c) => c.POST("/contacts/search", { body: contactSearch }),
    { method: "POST", url: "/contacts/search", body: contactSearch },
  ],
  [
    "Notes: POST /contacts/{id}/notes",
    (c) =>
      c.POST("/contacts/{id}/notes", {
        params: { path: { id: "6657ac736abd0166b52ae24e" } },
        body: { body: "Hello", admin_id: "123" },
      }),
    { method: "POST", url: "/contacts/6657ac736abd0166b52ae24e/notes", body: { body: "Hello", admin_id: "123" } },
  ],
  [
    "Subscription Types: POST /contacts/{contact_id}/subscriptions",
    (c) =>
      c.POST("/contacts/{contact_id}/subscriptions", {
        params: { path: { contact_id: "63a07ddf05a32042dffac965" } },
        body: { id: "37846", consent_type: "opt_in" },
      }),
    {
      method: "POST",
      url: "/contacts/63a07ddf05a32042dffac965/subscriptions",
      body: { id: "37846", consent_type: "opt_in" },
    },
  ],
  [
    "Tags: POST /tags",
    (c) => c.POST("/tags", { body: { name: "Independent" } }),
    { method: "POST", url: "/tags", body: { name: "Independent" } },
  ],
  [
    "Conversations: DELETE /conversations/{conversation_id}/customers/{contact_id}, with a body",
    (c) =>
      c.DELETE("/conversations/{conversation_id}/customers/{contact_id}", {
        params: { path: { conversation_id: "123", contact_id: "6657ac73" } },
        body: { admin_id: "5017690" },
      }),
    { method: "DELETE", url: "/conversations/123/customers/6657ac73", body: { admin_id: "5017690" } },
  ],
  [
    "Data Attributes: GET /data_attributes",
    (c) => c.GET("/data_attributes", { params: { query: { model: "company", include_archived: true } } }),
    { method: "GET", url: "/data_attributes?model=company&include_archived=true" },
  ],
  [
    "Data Export: POST /export/cancel/{job_identifier}",
    (c) => c.POST("/export/cancel/{job_identifier}", { params: { path: { job_identifier: "orzzsbd7hk67xyu" } } }),
    { method: "POST", url: "/export/cancel/orzzsbd7hk67xyu" },
  ],
  [
    "Messages: POST /messages",
    (c) => c.POST("/messages", { body: message }),
    { method: "POST", url: "/messages", body: message },
  ],
  [
    "News: PUT /news/news_items/{id}",
    (c) => c.PUT("/news/news_items/{id}", { params: { path: { id: 123 } }, body: newsItem }),
    { method: "PUT", url: "/news/news_items/123", body: newsItem },
  ],
  [
    "Segments: GET /segments",
    (c) => c.GET("/segments", { params: { query: { include_count: true } } }),
    { method: "GET", url: "/segments?include_count=true" },
  ],
  [
    "Switch: POST /phone_call_redirects",
    (c) =>
      c.POST("/phone_call_redirects", { body: { phone: "+353832345678", custom_attributes: { issue: "Billing" } } }),
    {
      method: "POST",
      url: "/phone_call_redirects",
      body: { phone: "+353832345678", custom_attributes: { issue: "Billing" } },
    },
  ],
  [
    "Teams: GET /teams/{id}",
    (c) => c.GET("/teams/{id}", { params: { path: { id: "123" } } }),
    { method: "GET", url: "/teams/123" },
  ],
  [
    "Ticket Type Attributes: PUT /ticket_types/{ticket_type_id}/attributes/{id}",
    (c) =>
      c.PUT("/ticket_types/{ticket_type_id}/attributes/{id}", {
        params: { path: { ticket_type_id: "1", id: "2" } },
        body: ticketTypeAttribute,
      }),
    { method: "PUT", url: "/ticket_types/1/attributes/2", body: ticketTypeAttribute },
  ],
  [
    "Ticket Types: POST /ticket_types",
    (c) => c.POST("/ticket_types", { body: { name: "Bug", category: "Back-office", icon: "🐞", is_internal: false } }),
    {
      method: "POST",
      url: "/ticket_types",
      body: { name: "Bug", category: "Back-office", icon: "🐞", is_internal: false },
    },
  ],
  [
    "Tickets: POST /tickets/search",
    (c) => c.POST("/tickets/search", { body: ticketSearch }),
    { method: "POST", url: "/tickets/search", body: ticketSearch },
  ],
  [
    "Visitors: GET /visitors",
    (c) => c.GET("/visitors", { params: { query: { user_id: "3ecf64d0-9ed1-4e9f" } } }),
    { method: "GET", url: "/visitors?user_id=3ecf64d0-9ed1-4e9f" },
  ],
];

describe("one operation or more of every tag", () => {
  test.each(perTag)("%s", async (_name, call, expected) => {
    await call(intercom);
    expectSent(expected);
  });

  test("Data Events: POST /events, answered 202 with no body", async () => {
    const body = { event_name: "invited-friend", created_at: 1671028894, user_id: "314159" };
    server.reply({ status: 202 });
    const { response, error } = await intercom.POST("/events", { body });
    expectSent({ method: "POST", url: "/events", body });
    expect(response.status).toBe(202);
    expect(error).toBeUndefined();
  });

  test("every tag of the spec went over the wire", () => {
    expect(allTags.length).toBeGreaterThan(0);
    expect(coverage.missingTags()).toEqual([]);
  });
});
