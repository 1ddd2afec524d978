// Everyday tasks, written as a user would, with no casts: each must compile, and each mistake below
// must stay a compile error. Ids read from one response go unchanged into the next call's path or body.
import { describe, expectTypeOf, it } from "vitest";
import { createIntercomClient, type Schema } from "../../src/index.js";

const intercom = createIntercomClient({ token: "t" });

describe("everyday tasks", () => {
  it("creates and updates a contact with custom attributes", async () => {
    const { data: contact, error } = await intercom.POST("/contacts", {
      body: {
        role: "user",
        email: "jo@example.com",
        custom_attributes: { paid_subscriber: true, monthly_spend: 155.5 },
      },
    });
    if (error) throw new Error(error.errors[0]?.code);
    expectTypeOf(contact.id).toEqualTypeOf<string>();
    const spend = contact.custom_attributes?.["monthly_spend"];
    expectTypeOf(spend).toEqualTypeOf<string | number | boolean | string[] | null | undefined>();
    await intercom.PUT("/contacts/{id}", {
      params: { path: { id: contact.id } },
      body: { custom_attributes: { plan: "pro", seats: 12, renewed_at: 1717021846, trial: null } },
    });
  });

  it("upserts a company with custom attributes of any documented type", async () => {
    const { data: company } = await intercom.POST("/companies", {
      body: { company_id: "6", name: "Blue Sun", custom_attributes: { paid_subscriber: true, team_mates: 9 } },
    });
    if (!company) return;
    expectTypeOf(company.id).toEqualTypeOf<string>();
    expectTypeOf(company.type).toEqualTypeOf<"company">();
  });

  it("lists conversations, then gets each by the id the list gave", async () => {
    const { data: page } = await intercom.GET("/conversations", { params: { query: { per_page: 20 } } });
    for (const conversation of page?.conversations ?? []) {
      const { data } = await intercom.GET("/conversations/{id}", { params: { path: { id: conversation.id } } });
      expectTypeOf(data?.id).toEqualTypeOf<string | undefined>();
    }
  });

  it("sets the current admin away with me.id", async () => {
    const { data: me } = await intercom.GET("/me");
    if (!me) return; // an error response; `data` itself is never null
    await intercom.PUT("/admins/{id}/away", {
      params: { path: { id: me.id } },
      body: { away_mode_enabled: true, away_mode_reassign: false },
    });
  });

  it("creates a ticket and updates its attributes", async () => {
    const { data: ticket } = await intercom.POST("/tickets", {
      body: {
        ticket_type_id: "1234",
        contacts: [{ email: "jo@example.com" }],
        ticket_attributes: { _default_title_: "Found a bug", _default_description_: "The button's not working" },
      },
    });
    if (!ticket) return;
    await intercom.PUT("/tickets/{id}", {
      params: { path: { id: ticket.id } },
      body: { ticket_attributes: { _default_title_: "Found a bug (fixed)", priority: "high" }, state: "resolved" },
    });
  });

  it("tracks a data event with rich metadata", async () => {
    await intercom.POST("/events", {
      body: {
        event_name: "ordered-item",
        created_at: 1671028894,
        user_id: "314159",
        metadata: {
          order_number: "3434-3434",
          items: 3,
          shipped_date: 1392036272,
          article: { url: "https://example.org/ab1de.html", value: "the dude abides" },
          price: { amount: 34999, currency: "eur" },
        },
      },
    });
  });

  it("searches contacts with a nested query", async () => {
    const { data } = await intercom.POST("/contacts/search", {
      body: {
        query: {
          operator: "AND",
          value: [
            { field: "role", operator: "=", value: "user" },
            {
              operator: "OR",
              value: [
                { field: "custom_attributes.plan", operator: "=", value: "pro" },
                { field: "created_at", operator: ">", value: 1577869200 },
              ],
            },
          ],
        },
        pagination: { per_page: 50 },
      },
    });
    expectTypeOf(data?.data).toEqualTypeOf<Schema<"contact">[] | undefined>();
  });

  it("tags a conversation with ids as Intercom's own examples send them", async () => {
    await intercom.POST("/conversations/{conversation_id}/tags", {
      params: { path: { conversation_id: "64619700005694" } },
      body: { id: 130, admin_id: 991267921 },
    });
  });
});

describe("mistakes that do not compile", () => {
  it("a request without the body it needs", () => {
    // @ts-expect-error POST /tickets needs a body
    void intercom.POST("/tickets");
    // @ts-expect-error the search needs a body with a query
    void intercom.POST("/contacts/search", {});
    // @ts-expect-error PUT /admins/{id}/away needs away_mode_enabled and away_mode_reassign
    void intercom.PUT("/admins/{id}/away", { params: { path: { id: "1" } } });
  });

  it("a search filter without its operator or value, or a group without its filters", () => {
    void intercom.POST("/contacts/search", {
      // @ts-expect-error a filter needs field, operator and value
      body: { query: { field: "email", value: "jo@example.com" } },
    });
    void intercom.POST("/contacts/search", {
      // @ts-expect-error a filter needs field, operator and value
      body: { query: { field: "email", operator: "=" } },
    });
    void intercom.POST("/contacts/search", {
      // @ts-expect-error a group needs its filters under value
      body: { query: { operator: "AND" } },
    });
  });

  it("custom attribute values that are not attribute values", () => {
    void intercom.POST("/contacts", {
      // @ts-expect-error a custom attribute is a string, number, boolean or list of strings, not an object
      body: { role: "user", custom_attributes: { address: { city: "Dublin" } } },
    });
    void intercom.POST("/events", {
      // @ts-expect-error a monetary amount needs its currency
      body: { event_name: "paid", created_at: 1, user_id: "1", metadata: { price: { amount: 100 } } },
    });
  });

  it("an id that is not an id", () => {
    // @ts-expect-error a path id is a string (or the integer Intercom's examples use)
    void intercom.GET("/conversations/{id}", { params: { path: { id: true } } });
  });
});

describe("what responses promise", () => {
  it("GET /me answers the admin, with its id and type, never null", async () => {
    const { data } = await intercom.GET("/me");
    expectTypeOf(data).toEqualTypeOf<Schema<"admin_with_app"> | undefined>();
    expectTypeOf(data!.id).toEqualTypeOf<string>();
  });

  it("GET /events answers the event list, or the summary with summary=true, told apart by type", async () => {
    const { data } = await intercom.GET("/events", {
      params: { query: { filter: { user_id: "1" }, type: "user", summary: true } },
    });
    if (data?.type === "event.summary") expectTypeOf(data).toEqualTypeOf<Schema<"data_event_summary">>();
    else if (data) expectTypeOf(data.events).toEqualTypeOf<Schema<"data_event">[] | undefined>();
  });

  it("attaching a contact to a conversation answers its contacts", async () => {
    const { data } = await intercom.POST("/conversations/{id}/customers", {
      params: { path: { id: "1" } },
      body: { admin_id: "1", customer: { intercom_user_id: "6657accd" } },
    });
    expectTypeOf(data?.customers).toEqualTypeOf<{ type: string; id: string }[] | undefined>();
  });
});
