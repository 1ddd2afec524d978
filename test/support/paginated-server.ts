// A local Intercom stand-in that paginates one list of items in each of Intercom's styles, on the
// paths that use them in 2.10: the shipped fake (`intercom-fetch/testing`, served over HTTP) with
// pages cut as the generated metadata says (scripts/lib/fake-pages.ts). It records the requests it
// answers and can fail, rewrite or stall chosen ones, so tests observe on the wire what the iterator
// asked for.
import { type PageRequest, PageParameterError, pageOf, paginationOf } from "../../scripts/lib/fake-pages.js";
import { createFakeIntercom } from "../../src/testing.js";

export interface Item {
  type: "item";
  id: string;
}

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown> | undefined;
  authorization: string | undefined;
}

/** What to do with one request instead of answering it normally; `undefined` answers normally. */
export type Fault =
  | { status: number; body: unknown }
  | { stall: true }
  | { rewrite: (body: Record<string, unknown>) => Record<string, unknown> };

export interface PaginatedServer {
  readonly url: string;
  readonly items: Item[];
  /** Every request answered or stalled, in order. */
  readonly requests: SeenRequest[];
  /** Decides per request (its 1-based number among all requests) whether to misbehave. */
  fault: (request: SeenRequest, n: number) => Fault | undefined;
  /** The `pages.next` URLs `/events` links to are built on this origin (default: the server's own). */
  linkOrigin: string;
  /** Forgets the open scroll, as Intercom does after a minute without requests. */
  expireScroll(): void;
  close(): Promise<void>;
}

type Reply = { status: number; body: unknown };

const SCROLL_PAGE = 100;

function error(status: number, code: string, message: string): Reply {
  return { status, body: { type: "error.list", request_id: `req-${code}`, errors: [{ code, message }] } };
}

/** A page of `items` as the metadata of `path` cuts it, or Intercom's 400 for a bad page parameter. */
function listReply(path: string, type: string, items: readonly Item[], request: PageRequest): Reply {
  try {
    return { status: 200, body: { type, ...pageOf(paginationOf(path), items, request) } };
  } catch (e) {
    if (e instanceof PageParameterError) return { status: 400, body: e.body };
    throw e;
  }
}

export async function startPaginatedServer(count = 10_000): Promise<PaginatedServer> {
  const items: Item[] = Array.from({ length: count }, (_, i) => ({ type: "item", id: `item_${i}` }));
  const requests: SeenRequest[] = [];
  let scroll: { param: string; position: number } | undefined;
  let scrolls = 0;

  /** The next-link style of GET /events: an offset in the link, on `linkOrigin`. */
  function eventsPage({ query }: SeenRequest): Reply {
    if (query.get("type") !== "user" || !query.get("user_id")) {
      return error(400, "parameter_not_found", "type and user_id are required");
    }
    const perPage = Number(query.get("per_page") ?? paginationOf("/events").perPage?.default);
    const from = Number(query.get("after") ?? 0);
    const to = Math.min(from + perPage, count);
    const link = new URL(
      `/events?type=user&user_id=${query.get("user_id")}&per_page=${perPage}&after=${to}`,
      server.linkOrigin,
    );
    const pages = to < count ? { next: link.href } : {};
    return { status: 200, body: { type: "event.list", events: items.slice(from, to), pages } };
  }

  /** GET /companies/scroll: one scroll_param for the whole scroll, the position kept server-side. */
  function scrollPage({ query }: SeenRequest): Reply {
    const param = query.get("scroll_param");
    if (!param) {
      if (scroll) return error(400, "scroll_exists", "scroll already exists for this workspace");
      scroll = { param: `scroll-${++scrolls}`, position: 0 };
    } else if (param !== scroll?.param) {
      return error(404, "not_found", "scroll expired");
    }
    const { param: current, position } = scroll;
    const data = items.slice(position * SCROLL_PAGE, (position + 1) * SCROLL_PAGE);
    scroll = data.length === 0 ? undefined : { param: current, position: position + 1 };
    return { status: 200, body: { type: "list", data, scroll_param: current, pages: null } };
  }

  // Every route goes through the test's fault hook before (or instead of) its answer.
  const route =
    (answer: (seen: SeenRequest, url: URL) => Reply) =>
    async ({ body, request }: { body: unknown; request: Request }) => {
      const url = new URL(request.url);
      const seen: SeenRequest = {
        method: request.method,
        path: url.pathname,
        query: url.searchParams,
        body: body as Record<string, unknown> | undefined,
        authorization: request.headers.get("authorization") ?? undefined,
      };
      const fault = server.fault(seen, requests.length + 1);
      requests.push(seen);
      if (fault && "stall" in fault) {
        // Never answers: the client's abort (or close()) ends the request.
        await new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
      }
      let reply = fault && "status" in fault ? fault : answer(seen, url);
      if (fault && "rewrite" in fault) reply = { ...reply, body: fault.rewrite(reply.body as Record<string, unknown>) };
      // Untyped on purpose: the items are not the spec's conversations, contacts or companies.
      return { status: reply.status, body: reply.body, headers: { "X-Request-Id": "hdr-request-id" } } as never;
    };
  const pageRequest = (seen: SeenRequest, url: URL): PageRequest => ({
    query: Object.fromEntries(seen.query),
    body: seen.body,
    url,
  });

  const fake = createFakeIntercom({
    strict: true,
    handlers: {
      "/conversations": {
        get: route((s, url) => listReply("/conversations", "conversation.list", items, pageRequest(s, url))),
      },
      "/contacts/search": {
        post: route((s, url) => listReply("/contacts/search", "list", items, pageRequest(s, url))),
      },
      "/companies/list": {
        // Intercom links the next page on its own host; the iterator must go by page number.
        post: route((s, url) =>
          listReply(
            "/companies/list",
            "list",
            items,
            pageRequest(s, new URL(url.pathname + url.search, "https://api.intercom.io")),
          ),
        ),
      },
      "/events": { get: route(eventsPage) },
      "/companies/scroll": { get: route(scrollPage) },
      "/teams": { get: route((s, url) => listReply("/teams", "team.list", items, pageRequest(s, url))) },
    },
  });
  const http = await fake.listen();

  const server: PaginatedServer = {
    url: http.url,
    items,
    requests,
    fault: () => undefined,
    linkOrigin: http.url,
    expireScroll() {
      scroll = undefined;
    },
    close: () => http.close(),
  };
  return server;
}
