// The generated pagination metadata must classify every 2.10 list operation as
// shared/docs/intercom-api-facts.md §3 does, with the page sizes it documents.
import { describe, expect, it } from "vitest";
import { type PaginationMeta, classifyPagination } from "../scripts/lib/pagination.js";
import { metadata } from "../src/generated.js";

// intercom-api-facts.md §3, row by row. "`pages` in the response, no request parameter" lists can
// only follow the next link the response may carry, so they are `link`.
const facts: Record<string, string[]> = {
  cursor: ["GET /conversations", "GET /contacts"],
  search: ["POST /contacts/search", "POST /conversations/search", "POST /tickets/search"],
  page: [
    "GET /companies",
    "POST /companies/list",
    "GET /articles",
    "GET /help_center/collections",
    "GET /help_center/help_centers",
    "GET /companies/{id}/contacts",
    "GET /contacts/{id}/companies",
    "GET /contacts/{id}/notes",
  ],
  link: [
    "GET /events",
    "GET /admins/activity_logs",
    "GET /articles/search",
    "GET /news/news_items",
    "GET /news/newsfeeds",
    "GET /news/newsfeeds/{id}/items",
    "GET /segments",
  ],
  scroll: ["GET /companies/scroll"],
  single: [
    "GET /admins",
    "GET /companies/{id}/segments",
    "GET /contacts/{contact_id}/segments",
    "GET /contacts/{contact_id}/subscriptions",
    "GET /contacts/{contact_id}/tags",
    "GET /data_attributes",
    "GET /subscription_types",
    "GET /tags",
    "GET /teams",
    "GET /ticket_types",
  ],
};

const operations = metadata["2.10"].operations;
const paginated = new Map<string, PaginationMeta>(
  operations.flatMap((o) => (o.pagination ? [[`${o.method.toUpperCase()} ${o.path}`, o.pagination]] : [])),
);

describe("2.10 pagination metadata", () => {
  it("classifies exactly the list operations of facts §3, each in its style", () => {
    const byStyle: Record<string, string[]> = {};
    for (const [operation, { style }] of paginated) (byStyle[style] ??= []).push(operation);
    for (const style of Object.keys(facts)) {
      expect({ style, operations: byStyle[style]?.sort() }).toEqual({ style, operations: facts[style]!.sort() });
    }
    expect(Object.keys(byStyle).sort()).toEqual(Object.keys(facts).sort());
  });

  it("carries the documented page sizes (default / max)", () => {
    const sizes = (operation: string) => paginated.get(operation)?.perPage;
    expect(sizes("GET /conversations")).toEqual({ default: 20, max: 150 });
    expect(sizes("GET /contacts")).toEqual({ default: 10, max: 150 });
    expect(sizes("POST /contacts/search")).toEqual({ default: 50, max: 150 });
    expect(sizes("POST /conversations/search")).toEqual({ default: 20, max: 150 });
    expect(sizes("POST /tickets/search")).toEqual({ default: 20, max: null });
    expect(sizes("POST /companies/list")).toEqual({ default: 15, max: null });
    expect(sizes("GET /companies/scroll")).toBeNull();
    expect(sizes("GET /teams")).toBeNull();
  });

  it("names each list's items array and where its next page is", () => {
    const meta = (operation: string) => {
      const { items, next } = paginated.get(operation)!;
      return { items, next };
    };
    expect(meta("GET /conversations")).toEqual({ items: "conversations", next: "pages.next.starting_after" });
    expect(meta("POST /tickets/search")).toEqual({ items: "tickets", next: "pages.next.starting_after" });
    expect(meta("GET /contacts/{id}/companies")).toEqual({ items: "companies", next: "pages.next" });
    expect(meta("GET /events")).toEqual({ items: "events", next: "pages.next" });
    expect(meta("GET /articles/search")).toEqual({ items: "data.articles", next: "pages.next" });
    expect(meta("GET /companies/scroll")).toEqual({ items: "data", next: "scroll_param" });
    expect(meta("GET /ticket_types")).toEqual({ items: "data", next: null });
  });
});

describe("classifyPagination", () => {
  const listOf = (properties: Record<string, unknown>) => ({
    responses: {
      "200": { content: { "application/json": { schema: { type: "object", properties } } } },
    },
  });

  it("refuses to guess between two item arrays", () => {
    const operation = listOf({ type: { enum: ["list"] }, data: { type: "array" }, highlights: { type: "array" } });
    expect(() => classifyPagination({}, "get", "/things", operation)).toThrow(
      /GET \/things paginates \(single\) but its items are ambiguous \(array properties: data, highlights\)/,
    );
  });

  it("lets the overlay extension name the items and the style", () => {
    const operation = {
      ...listOf({ data: { type: "object", properties: { things: { type: "array" } } } }),
      "x-intercom-fetch-pagination": { style: "single", items: "data.things" },
    };
    expect(classifyPagination({}, "get", "/things", operation)).toEqual({
      style: "single",
      items: "data.things",
      next: null,
      perPage: null,
    });
  });

  it("does not take an object with an array property for a list", () => {
    const admin = listOf({ type: { example: "admin" }, team_ids: { type: "array" } });
    expect(classifyPagination({}, "get", "/me", admin)).toBeNull();
  });
});
