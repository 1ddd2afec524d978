// The generated pagination metadata must classify every 2.10 list operation as
// shared/docs/intercom-api-facts.md §3 does, with the page sizes it documents.
import { describe, expect, it } from "vitest";
import { type PaginationMeta, classifyPagination } from "../scripts/lib/classify-pagination.js";
import type { OpenApiDocument } from "../scripts/lib/openapi.js";
import { classifyOperations } from "../scripts/lib/operations.js";
import { loadCorrectedSpec, readManifest } from "../scripts/lib/spec.js";
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
    expect(meta("GET /contacts/{id}/companies")).toEqual({ items: "data", next: "pages.next" });
    expect(meta("GET /events")).toEqual({ items: "events", next: "pages.next" });
    expect(meta("GET /articles/search")).toEqual({ items: "data.articles", next: "pages.next" });
    expect(meta("GET /companies/scroll")).toEqual({ items: "data", next: "scroll_param" });
    expect(meta("GET /ticket_types")).toEqual({ items: "data", next: null });
  });
});

describe("classifyPagination", () => {
  const classify = (method: "get", path: string, operation: OpenApiDocument) =>
    classifyPagination({}, { method, path, pathItem: { [method]: operation }, operation });
  const listOf = (properties: Record<string, unknown>) => ({
    responses: {
      "200": { content: { "application/json": { schema: { type: "object", properties } } } },
    },
  });

  const pages = { type: "object", properties: { next: { type: "string" }, extra: { type: "array" } } };

  it("does not guess between two item arrays: no pagination, and the reason to review", () => {
    const operation = listOf({ type: { enum: ["list"] }, data: { type: "array" }, highlights: { type: "array" } });
    expect(classify("get", "/things", operation)).toEqual({
      pagination: null,
      review:
        "GET /things paginates (single) but its items are ambiguous (array properties: data, highlights); " +
        "set x-intercom-fetch-pagination.items in the overlay.",
    });
  });

  it("finds the items one wrapper object down, as search responses nest them (never under pages)", () => {
    const data = { type: "object", properties: { total: { type: "integer" }, internal_articles: { type: "array" } } };
    expect(classify("get", "/internal_articles/search", listOf({ data, pages }))).toEqual({
      pagination: { style: "link", items: "data.internal_articles", next: "pages.next", perPage: null },
    });
  });

  it("does not guess between arrays of two wrappers, or two arrays of one", () => {
    const two = { type: "object", properties: { articles: { type: "array" }, highlights: { type: "array" } } };
    const review = (operation: OpenApiDocument) => (classify("get", "/s", operation) as { review: string }).review;
    expect(review(listOf({ data: two, pages }))).toContain("(array properties: data.articles, data.highlights)");
    const one = { type: "object", properties: { articles: { type: "array" } } };
    expect(review(listOf({ data: one, more: one, pages }))).toContain(
      "(array properties: data.articles, more.articles)",
    );
    expect(review(listOf({ pages }))).toContain("(array properties: none)");
  });

  it("lets the overlay extension name the items and the style, or say the operation does not paginate", () => {
    const operation = {
      ...listOf({ data: { type: "object", properties: { things: { type: "array" } } } }),
      "x-intercom-fetch-pagination": { style: "single", items: "data.things" },
    };
    expect(classify("get", "/things", operation)).toEqual({
      pagination: { style: "single", items: "data.things", next: null, perPage: null },
    });
    const notAList = { ...listOf({ data: { type: "array" }, pages }), "x-intercom-fetch-pagination": false };
    expect(classify("get", "/things", notAList)).toEqual({ pagination: null });
  });

  it("does not take an object with an array property for a list", () => {
    const admin = listOf({ type: { example: "admin" }, team_ids: { type: "array" } });
    expect(classify("get", "/me", admin)).toEqual({ pagination: null });
  });
});

describe("classifyOperations", () => {
  const list = {
    responses: {
      "200": { content: { "application/json": { schema: { properties: { data: { type: "array" }, pages: {} } } } } },
    },
  };

  it("paginates neither method of a path where two would, and says why", () => {
    const { operations, needsReview } = classifyOperations({ paths: { "/things": { get: list, post: list } } });
    expect(operations.map((o) => o.pagination)).toEqual([null, null]);
    expect(needsReview).toEqual([
      "/things paginates with both GET and POST, but paginate(path) picks by path, so neither is paginated; " +
        "set x-intercom-fetch-pagination: false in the overlay on the one that does not list.",
    ]);
  });
});

describe("every reviewed version", () => {
  const { versions } = readManifest();
  for (const version of Object.keys(versions).filter((v) => versions[v]!.reviewed)) {
    it(`${version}: classifies every list operation, none left to review`, async () => {
      expect(classifyOperations(await loadCorrectedSpec(version)).needsReview).toEqual([]);
    });
  }
});
