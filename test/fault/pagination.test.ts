// Page-number lists whose server does not honour `page` or pages smaller than asked, and empty pages that
// keep pointing on, end with all their items or with an error: never a loop, a duplicate or a silent gap.
import { describe, expect, it } from "vitest";
import { IntercomPaginationError, paginate } from "../../src/index.js";
import { faultClient, rejection } from "./support/client.js";
import { json, useScriptedServer } from "./support/scripted-server.js";

const server = useScriptedServer();

it("a server that ignores `page` stops the walk at the second page with IntercomPaginationError", async () => {
  const firstPage = {
    type: "list",
    data: [{ type: "company", id: "c1" }],
    pages: {
      type: "pages",
      page: 1,
      per_page: 1,
      total_pages: 100,
      next: "https://api.intercom.io/companies/list?page=2",
    },
    total_count: 100,
  };
  server.play(...Array.from({ length: 5 }, () => json(200, firstPage)));
  const { intercom } = faultClient(server.url);
  const seen: unknown[] = [];
  const error = await rejection(
    (async () => {
      for await (const company of paginate(intercom, "/companies/list")) seen.push(company);
    })(),
  );
  expect(error).toBeInstanceOf(IntercomPaginationError);
  expect((error as Error).message).toContain("asked for page 2 but the server answered page 1");
  expect(error).toMatchObject({ cursor: { page: 2 } });
  expect(seen).toHaveLength(1);
  expect(server.requests).toHaveLength(2);
});

describe("a page-number list without `pages` drops no item when the server pages smaller than asked", () => {
  const company = (id: string) => ({ type: "company", id });
  const list = (ids: string[], extra: object = {}) => json(200, { type: "list", data: ids.map(company), ...extra });
  const companies = () => {
    const { intercom } = faultClient(server.url);
    return paginate(intercom, "/companies/list", { params: { query: { per_page: 5 } } }).toArray({ limit: Infinity });
  };
  const pagesAsked = () => server.requests.map((r) => new URL(r.url, server.url).searchParams.get("page"));

  it("pages of the server's own size go on until one is shorter", async () => {
    server.play(list(["c1", "c2"]), list(["c3", "c4"]), list(["c5"]));
    expect((await companies()).map((c) => c.id)).toEqual(["c1", "c2", "c3", "c4", "c5"]);
    expect(pagesAsked()).toEqual(["1", "2", "3"]);
  });

  it("total_count says whether more remain", async () => {
    server.play(list(["c1", "c2"], { total_count: 4 }), list(["c3", "c4"], { total_count: 4 }));
    expect((await companies()).map((c) => c.id)).toEqual(["c1", "c2", "c3", "c4"]);
    expect(server.requests).toHaveLength(2);
  });

  it("a short first page is followed until an empty page", async () => {
    server.play(list(["c1"]), list([]));
    expect((await companies()).map((c) => c.id)).toEqual(["c1"]);
    expect(pagesAsked()).toEqual(["1", "2"]);
  });

  it("a server that ignores `page` and echoes no page number stops with IntercomPaginationError", async () => {
    server.play(list(["c1", "c2"]), list(["c1", "c2"]));
    const error = await rejection(companies());
    expect(error).toBeInstanceOf(IntercomPaginationError);
    expect((error as Error).message).toContain("page 2 starts with the same item as the page before");
    expect(error).toMatchObject({ path: "/companies/list", cursor: { page: 2 } });
  });
});

describe("empty pages that keep pointing to a next page end", () => {
  const emptyPage = (n: number) =>
    json(200, {
      type: "conversation.list",
      conversations: [],
      pages: { type: "pages", next: { starting_after: `e${n}` } },
    });
  const lastPage = json(200, {
    type: "conversation.list",
    conversations: [{ type: "conversation", id: "x" }],
    pages: {},
  });

  it("after maxEmptyPages (default 3) with IntercomPaginationError naming the list and cursor", async () => {
    server.play(...Array.from({ length: 10 }, (_, n) => emptyPage(n)));
    const { intercom } = faultClient(server.url);
    const error = await rejection(paginate(intercom, "/conversations").toArray({ limit: Infinity }));
    expect(error).toBeInstanceOf(IntercomPaginationError);
    expect((error as Error).message).toContain(
      '4 empty pages in a row still point to a next page ({"startingAfter":"e3"})',
    );
    expect(error).toMatchObject({ kind: "invalid_response", path: "/conversations", cursor: { startingAfter: "e2" } });
    expect(server.requests).toHaveLength(4);
  });

  it("the caller sets the bound: Infinity follows them all, 1 stops at the second", async () => {
    const { intercom } = faultClient(server.url);
    server.play(emptyPage(0), emptyPage(1), emptyPage(2), emptyPage(3), emptyPage(4), lastPage);
    const all = await paginate(intercom, "/conversations", {}, { maxEmptyPages: Infinity }).toArray({
      limit: Infinity,
    });
    expect(all.map((c) => c.id)).toEqual(["x"]);

    server.requests.length = 0;
    server.play(emptyPage(0), emptyPage(1));
    const error = await rejection(paginate(intercom, "/conversations", {}, { maxEmptyPages: 1 }).toArray({ limit: 1 }));
    expect((error as Error).message).toContain("maxEmptyPages (1)");
    expect(server.requests).toHaveLength(2);
  });

  it("a page with items starts the count again", async () => {
    const { intercom } = faultClient(server.url);
    const item = (n: number) =>
      json(200, {
        type: "conversation.list",
        conversations: [{ type: "conversation", id: `c${n}` }],
        pages: { type: "pages", next: { starting_after: `c${n}` } },
      });
    server.play(emptyPage(0), item(1), emptyPage(2), item(3), lastPage);
    const all = await paginate(intercom, "/conversations", {}, { maxEmptyPages: 1 }).toArray({ limit: Infinity });
    expect(all.map((c) => c.id)).toEqual(["c1", "c3", "x"]);
  });

  it.each([-1, 1.5, Number.NaN, "3"])("refuses maxEmptyPages %j before any request", (maxEmptyPages) => {
    const { intercom } = faultClient(server.url);
    expect(() => paginate(intercom, "/conversations", {}, { maxEmptyPages: maxEmptyPages as number })).toThrow(
      /invalid `maxEmptyPages`: .* is not a whole number ≥ 0 or Infinity/,
    );
    expect(server.requests).toHaveLength(0);
  });
});
