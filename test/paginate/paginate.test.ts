// Pagination against a real local server that pages 10,000 items in each of Intercom's styles:
// what the server saw (request count, page sizes, cursors) is the ground truth.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type IntercomClient,
  IntercomConfigError,
  IntercomPaginationError,
  type PageCursor,
  createIntercomClient,
  paginate,
} from "../../src/index.js";
import { cursorAt } from "../../scripts/lib/fake-pages.js";
import { type PaginatedServer, startPaginatedServer } from "../support/paginated-server.js";

let server: PaginatedServer;
let intercom: IntercomClient;
const events = { params: { query: { filter: { user_id: "u1" }, type: "user" } } } as const;
const search = { body: { query: { field: "email", operator: "~", value: "@acme.com" } } } as const;

beforeAll(async () => {
  server = await startPaginatedServer();
  // No retries: the injected failures must reach the iterator.
  intercom = createIntercomClient({ token: "secret-token", baseUrl: server.url, retry: false });
});
afterEach(() => {
  server.requests.length = 0;
  server.fault = () => undefined;
  server.linkOrigin = server.url;
  server.expireScroll();
});
afterAll(() => server.close());

// `object`: GET /events yields data events, or their summaries (no id) when asked for `summary=true`.
const ids = (items: readonly object[]) => items.map((item) => String("id" in item ? item.id : undefined));
const allIds = () => ids(server.items);

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function failure(promise: Promise<unknown>): Promise<IntercomPaginationError> {
  const error = await promise.then(
    () => expect.unreachable("expected the iteration to fail"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IntercomPaginationError);
  return error as IntercomPaginationError;
}

describe("every item exactly once, in order, in each style", () => {
  it("cursor (GET /conversations): 150 per page by default, the endpoint's maximum", async () => {
    expect(ids(await collect(paginate(intercom, "/conversations")))).toEqual(allIds());
    expect(server.requests).toHaveLength(Math.ceil(10_000 / 150));
    expect(server.requests.every((r) => r.query.get("per_page") === "150")).toBe(true);
    expect(server.requests[0]!.query.has("starting_after")).toBe(false);
    expect(server.requests[1]!.query.get("starting_after")).toBe(cursorAt(150));
  });

  it("search (POST /contacts/search): the cursor goes in the body's pagination", async () => {
    expect(ids(await collect(paginate(intercom, "/contacts/search", search)))).toEqual(allIds());
    expect(server.requests).toHaveLength(Math.ceil(10_000 / 150));
    expect(server.requests[1]!.body).toEqual({
      ...search.body,
      pagination: { per_page: 150, starting_after: cursorAt(150) },
    });
    expect(server.requests[1]!.query.size).toBe(0);
  });

  it("page number (POST /companies/list): page after page until total_pages", async () => {
    const companies = paginate(intercom, "/companies/list", { params: { query: { per_page: 150 } } });
    expect(ids(await collect(companies))).toEqual(allIds());
    expect(server.requests).toHaveLength(Math.ceil(10_000 / 150));
    expect(server.requests.map((r) => r.query.get("page")).slice(0, 3)).toEqual(["1", "2", "3"]);
  });

  it("page number: no documented maximum, so no per_page is sent and the server's default applies", async () => {
    expect(await paginate(intercom, "/companies/list").toArray({ limit: 20 })).toHaveLength(20);
    expect(server.requests.map((r) => [r.query.get("page"), r.query.get("per_page")])).toEqual([
      ["1", null],
      ["2", null],
    ]);
  });

  it("next link (GET /events): follows pages.next as given, with the client's auth", async () => {
    const init = { params: { query: { ...events.params.query, per_page: 500 } } };
    expect(ids(await collect(paginate(intercom, "/events", init)))).toEqual(allIds());
    expect(server.requests).toHaveLength(20);
    expect(server.requests[1]!.query.get("after")).toBe("500");
    expect(server.requests.every((r) => r.authorization === "Bearer secret-token")).toBe(true);
  });

  it("scroll (GET /companies/scroll): one scroll_param throughout, until an empty page", async () => {
    expect(ids(await collect(paginate(intercom, "/companies/scroll")))).toEqual(allIds());
    expect(server.requests).toHaveLength(10_000 / 100 + 1);
    expect(new Set(server.requests.slice(1).map((r) => r.query.get("scroll_param")))).toEqual(new Set(["scroll-1"]));
  });

  it("single page (GET /teams)", async () => {
    expect(ids(await collect(paginate(intercom, "/teams")))).toEqual(allIds());
    expect(server.requests).toHaveLength(1);
  });

  it("the standalone function and .pages() see the same pages, with response and cursors", async () => {
    const pages = await collect(paginate(intercom, "/conversations").pages());
    const summary = pages.map((p) => [p.cursor, p.next, p.data.length, p.response.status, p.body.total_count]);
    expect(summary.slice(0, 2)).toEqual([
      [null, { startingAfter: cursorAt(150) }, 150, 200, 10_000],
      [{ startingAfter: cursorAt(150) }, { startingAfter: cursorAt(300) }, 150, 200, 10_000],
    ]);
    expect(summary.at(-1)).toEqual([{ startingAfter: cursorAt(9900) }, null, 100, 200, 10_000]);
  });
});

describe("laziness and limits", () => {
  it("requests nothing until iterated, and nothing after an early break", async () => {
    const conversations = paginate(intercom, "/conversations");
    expect(server.requests).toHaveLength(0);
    const seen: string[] = [];
    for await (const conversation of conversations) {
      seen.push(conversation.id!);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(allIds().slice(0, 3));
    expect(server.requests).toHaveLength(1);
  });

  it("asks for the next page only when the previous one is used up", async () => {
    let count = 0;
    for await (const _ of paginate(intercom, "/conversations")) if (++count === 151) break;
    expect(server.requests).toHaveLength(2);
  });

  it("toArray({ limit }) returns exactly limit items and no page beyond them", async () => {
    const contacts = await paginate(intercom, "/contacts/search", search).toArray({ limit: 1234 });
    expect(ids(contacts)).toEqual(allIds().slice(0, 1234));
    expect(server.requests).toHaveLength(Math.ceil(1234 / 150));
    expect(await paginate(intercom, "/conversations").toArray({ limit: 0 })).toEqual([]);
    expect(await paginate(intercom, "/teams").toArray({ limit: Infinity })).toHaveLength(10_000);
    await expect(paginate(intercom, "/teams").toArray({ limit: -1 })).rejects.toThrow(
      expect.objectContaining({ name: "IntercomConfigError", option: "limit" }),
    );
  });

  it("an explicit per_page wins over the default", async () => {
    await paginate(intercom, "/conversations", { params: { query: { per_page: 50 } } }).toArray({ limit: 120 });
    expect(server.requests.map((r) => r.query.get("per_page"))).toEqual(["50", "50", "50"]);
    await paginate(intercom, "/companies/list", { params: { query: { per_page: 100 } } }).toArray({ limit: 150 });
    expect(server.requests.slice(3).map((r) => r.query.get("per_page"))).toEqual(["100", "100"]);
  });
});

describe("failures and resuming", () => {
  const serverError = {
    status: 500,
    body: { type: "error.list", request_id: "req-500", errors: [{ code: "server_error", message: "boom" }] },
  };

  async function resumeAfterFailure(run: (resumeFrom?: PageCursor | null) => AsyncIterable<object>) {
    server.fault = (_, n) => (n === 5 ? serverError : undefined);
    const seen: string[] = [];
    const error = await failure(
      (async () => {
        for await (const item of run()) seen.push(...ids([item]));
      })(),
    );
    server.fault = () => undefined;
    for await (const item of run(error.cursor)) seen.push(...ids([item]));
    expect(seen).toEqual(allIds());
    return error;
  }

  it("cursor: the error carries status, request_id, codes and cursor; resuming leaves no gap or duplicate", async () => {
    const error = await resumeAfterFailure((resumeFrom) => paginate(intercom, "/conversations", {}, { resumeFrom }));
    expect(error).toMatchObject({
      status: 500,
      kind: "server",
      requestId: "req-500",
      style: "cursor",
      path: "/conversations",
    });
    expect(error.errors).toEqual([{ code: "server_error", message: "boom" }]);
    expect(error.cursor).toEqual({ startingAfter: cursorAt(600) });
    expect(error.message).toContain("resumeFrom");
  });

  it("search: resumes from the failed page's cursor", async () => {
    const error = await resumeAfterFailure((resumeFrom) =>
      paginate(intercom, "/contacts/search", search, { resumeFrom }),
    );
    expect(error.cursor).toEqual({ startingAfter: cursorAt(600) });
  });

  it("page number: resumes from the failed page number", async () => {
    const error = await resumeAfterFailure((resumeFrom) =>
      paginate(intercom, "/companies/list", { params: { query: { per_page: 150 } } }, { resumeFrom }),
    );
    expect(error.cursor).toEqual({ page: 5 });
  });

  it("next link: resumes from the failed link", async () => {
    const init = { params: { query: { ...events.params.query, per_page: 150 } } };
    const error = await resumeAfterFailure((resumeFrom) => paginate(intercom, "/events", init, { resumeFrom }));
    expect(error.cursor).toEqual({ url: expect.stringContaining("after=600") });
  });

  it("retries a failed list POST like a GET (it only reads), unless the caller says otherwise", async () => {
    const retrying = createIntercomClient({
      token: "t",
      baseUrl: server.url,
      retry: { maxRetries: 1, baseDelayMs: 1 },
    });
    server.fault = (_, n) => (n === 3 ? serverError : undefined);
    expect(ids(await collect(paginate(retrying, "/contacts/search", search)))).toEqual(allIds());
    expect(server.requests).toHaveLength(Math.ceil(10_000 / 150) + 1);
    server.fault = (_, n) => (n > Math.ceil(10_000 / 150) + 1 ? serverError : undefined);
    const error = await failure(
      paginate(retrying, "/contacts/search", { ...search, idempotent: false }).toArray({ limit: 10 }),
    );
    expect(error.attempts).toBe(1);
  });

  it("a failure on the first page has cursor null (start again)", async () => {
    server.fault = () => serverError;
    const error = await failure(paginate(intercom, "/conversations").toArray({ limit: 10 }));
    expect(error.cursor).toBeNull();
    expect(error.message).toContain("the first page");
  });

  it("rejects a resumeFrom of another style on the first iteration, before any request", async () => {
    const companies = paginate(intercom, "/companies/list", undefined, { resumeFrom: { startingAfter: "c1" } });
    await expect(companies.toArray({ limit: 1 })).rejects.toThrow(
      /invalid `resumeFrom`: .* a page list; it takes \{ page \}/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it("a repeated cursor ends the iteration with an error instead of looping", async () => {
    server.fault = (r) =>
      r.query.get("starting_after") === cursorAt(300)
        ? { rewrite: (body) => ({ ...body, pages: { type: "pages", next: { starting_after: cursorAt(300) } } }) }
        : undefined;
    const seen: string[] = [];
    const error = await failure(
      (async () => {
        for await (const c of paginate(intercom, "/conversations")) seen.push(c.id!);
      })(),
    );
    expect(error.kind).toBe("invalid_response");
    expect(error.message).toMatch(/as the next page again/);
    expect(seen).toEqual(allIds().slice(0, 450));
    expect(server.requests).toHaveLength(3);
  });

  it("an empty page that still has a next cursor does not end the iteration", async () => {
    server.fault = (r) =>
      r.query.get("starting_after") === cursorAt(300)
        ? { rewrite: (body) => ({ ...body, conversations: [] }) }
        : undefined;
    const seen = ids(await collect(paginate(intercom, "/conversations")));
    expect(seen).toEqual([...allIds().slice(0, 300), ...allIds().slice(450)]);
    expect(server.requests).toHaveLength(Math.ceil(10_000 / 150));
  });

  it("a page-number list without `pages` (like help centers) goes on while pages are full", async () => {
    server.fault = () => ({ rewrite: ({ pages: _, ...body }) => body });
    const companies = paginate(intercom, "/companies/list", { params: { query: { per_page: 150 } } });
    expect(ids(await collect(companies))).toEqual(allIds());
    expect(server.requests).toHaveLength(Math.ceil(10_000 / 150));
  });

  it("a next link that is a cursor object is an error: the operation has no parameter to send it in", async () => {
    server.fault = () => ({ rewrite: (body) => ({ ...body, pages: { next: { starting_after: "x" } } }) });
    const error = await failure(paginate(intercom, "/events", events).toArray({ limit: Infinity }));
    expect(error.message).toMatch(/pages\.next is a cursor, not a link/);
  });

  it("a response without its items array is an error, not an empty list", async () => {
    server.fault = () => ({ rewrite: ({ conversations, ...body }) => ({ ...body, data: conversations }) });
    const error = await failure(paginate(intercom, "/conversations").toArray({ limit: 5 }));
    expect(error.message).toMatch(/no `conversations` array \(it has: type, total_count, pages, data\)/);
  });

  it("an AbortSignal cancels the request in flight, and no request follows", async () => {
    server.fault = (_, n) => (n === 2 ? { stall: true } : undefined);
    const controller = new AbortController();
    const seen: string[] = [];
    const run = (async () => {
      for await (const c of paginate(intercom, "/conversations", { signal: controller.signal })) {
        seen.push(c.id!);
        if (seen.length === 150) setTimeout(() => controller.abort(), 20);
      }
    })();
    await expect(run).rejects.toMatchObject({ name: "AbortError" });
    expect(seen).toHaveLength(150);
    expect(server.requests).toHaveLength(2);
  });

  it("refuses a next link to another origin, which would receive the token", async () => {
    server.linkOrigin = "http://127.0.0.2:9";
    const error = await failure(paginate(intercom, "/events", events).toArray({ limit: Infinity }));
    expect(error.message).toMatch(/refusing to follow pages\.next to http:\/\/127\.0\.0\.2:9\/events/);
    expect(error.cursor).toEqual({ url: expect.stringContaining("127.0.0.2") });
    expect(server.requests).toHaveLength(1);
  });

  it("explains scroll_exists: one scroll per workspace", async () => {
    const first = paginate(intercom, "/companies/scroll")[Symbol.asyncIterator]();
    await first.next(); // opens the workspace's scroll
    const error = await failure(paginate(intercom, "/companies/scroll").toArray({ limit: 1 }));
    expect(error.errors[0]?.code).toBe("scroll_exists");
    expect(error.message).toMatch(/only one company scroll open at a time/);
    await first.return?.();
  });

  it("rejects a path that is not a list at run time too: on the first iteration, once the metadata is loaded", async () => {
    const items = paginate(intercom, "/me" as "/teams"); // neither a request nor an error yet
    const first = items[Symbol.asyncIterator]().next();
    await expect(first).rejects.toThrow(IntercomConfigError);
    await expect(first).rejects.toThrow(
      /^intercom-fetch: invalid `path`: "\/me" is not a list operation of API 2\.10; paginate takes one of /,
    );
    await expect(items.pages().next()).rejects.toThrow(/"\/conversations", |\/conversations, /);
    await expect(items.toArray({ limit: 1 })).rejects.toThrow(/not a list operation/);
    expect(server.requests).toHaveLength(0);
  });

  it("checks the path against the client's own version: a 2.10 path on a 2.11 client is refused", async () => {
    const v211 = createIntercomClient({ token: "t", baseUrl: server.url, version: "2.11" });
    const path = "/companies/{id}/contacts" as "/companies/{company_id}/contacts"; // as a 2.10 caller would write it
    const contacts = paginate(v211, path, { params: { path: { company_id: "c1" } } });
    await expect(contacts.toArray({ limit: 1 })).rejects.toThrow(
      /"\/companies\/\{id\}\/contacts" is not a list operation of API 2\.11; paginate takes one of .*\/companies\/\{company_id\}\/contacts/,
    );
    expect(server.requests).toHaveLength(0);
  });
});
