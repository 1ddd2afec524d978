// A local Intercom stand-in that paginates one list of items in each of Intercom's styles, on the
// paths that use them in 2.10. It counts the requests it answers and can fail, repeat or stall
// chosen requests, so tests observe on the wire what the iterator asked for.
import { once } from "node:events";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

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

const MAX_PER_PAGE = 150;
const SCROLL_PAGE = 100;

function error(status: number, code: string, message: string) {
  return { status, body: { type: "error.list", request_id: `req-${code}`, errors: [{ code, message }] } };
}

export async function startPaginatedServer(count = 10_000): Promise<PaginatedServer> {
  const items: Item[] = Array.from({ length: count }, (_, i) => ({ type: "item", id: `item_${i}` }));
  const requests: SeenRequest[] = [];
  let scroll: { param: string; position: number } | undefined;
  let scrolls = 0;
  const stalled: ServerResponse[] = [];

  /** A cursor page starting at `from` (cursors are opaque to clients: here, `c<index>`). */
  function cursorPage(from: number, perPage: number, key: string, type: string) {
    const to = Math.min(from + perPage, count);
    const next = to < count ? { page: Math.floor(to / perPage) + 1, starting_after: `c${to}` } : undefined;
    const pages = {
      type: "pages",
      page: Math.floor(from / perPage) + 1,
      per_page: perPage,
      total_pages: Math.ceil(count / perPage),
      next,
    };
    return { type, [key]: items.slice(from, to), total_count: count, pages };
  }

  function perPageOf(raw: unknown, fallback: number): number | { status: number; body: unknown } {
    if (raw === undefined || raw === null) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > MAX_PER_PAGE) {
      return error(400, "parameter_invalid", `per_page must be between 1 and ${MAX_PER_PAGE}`);
    }
    return n;
  }

  function fromCursor(raw: unknown): number | { status: number; body: unknown } {
    if (raw === undefined || raw === null) return 0;
    const match = /^c(\d+)$/.exec(String(raw));
    return match ? Number(match[1]) : error(400, "parameter_invalid", "starting_after is invalid");
  }

  function answer(request: SeenRequest): { status: number; body: unknown } {
    const { method, path, query, body } = request;
    const route = `${method} ${path}`;
    if (route === "GET /conversations" || route === "POST /contacts/search") {
      const source = route === "GET /conversations" ? Object.fromEntries(query) : (body?.pagination ?? {});
      const paging = source as Record<string, unknown>;
      const perPage = perPageOf(paging.per_page, route === "GET /conversations" ? 20 : 50);
      if (typeof perPage !== "number") return perPage;
      const from = fromCursor(paging.starting_after);
      if (typeof from !== "number") return from;
      const key = route === "GET /conversations" ? "conversations" : "data";
      return {
        status: 200,
        body: cursorPage(from, perPage, key, route === "GET /conversations" ? "conversation.list" : "list"),
      };
    }
    if (route === "POST /companies/list") {
      const perPage = perPageOf(query.get("per_page") ?? undefined, 15);
      if (typeof perPage !== "number") return perPage;
      const page = Number(query.get("page") ?? 1);
      const totalPages = Math.ceil(count / perPage);
      const next =
        page < totalPages ? `https://api.intercom.io/companies/list?page=${page + 1}&per_page=${perPage}` : null;
      const data = items.slice((page - 1) * perPage, page * perPage);
      return {
        status: 200,
        body: {
          type: "list",
          data,
          total_count: count,
          pages: { type: "pages", page, per_page: perPage, total_pages: totalPages, next },
        },
      };
    }
    if (route === "GET /events") {
      if (query.get("type") !== "user" || !query.get("user_id"))
        return error(400, "parameter_not_found", "type and user_id are required");
      const perPage = Number(query.get("per_page") ?? 15);
      const from = Number(query.get("after") ?? 0);
      const to = Math.min(from + perPage, count);
      const link = new URL(
        `/events?type=user&user_id=${query.get("user_id")}&per_page=${perPage}&after=${to}`,
        server.linkOrigin,
      );
      const pages = to < count ? { next: link.href } : {};
      return { status: 200, body: { type: "event.list", events: items.slice(from, to), pages } };
    }
    if (route === "GET /companies/scroll") {
      // Intercom echoes one scroll_param for the whole scroll and keeps the position server-side.
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
    if (route === "GET /teams") return { status: 200, body: { type: "team.list", teams: items } };
    return error(404, "not_found", `${route} is not served here`);
  }

  async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    return text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  }

  const httpServer = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const request: SeenRequest = {
      method: req.method ?? "",
      path: url.pathname,
      query: url.searchParams,
      body: await readJson(req),
      authorization: req.headers.authorization,
    };
    const fault = server.fault(request, requests.length + 1);
    requests.push(request);
    if (fault && "stall" in fault) {
      stalled.push(res);
      return;
    }
    let reply = fault && "status" in fault ? fault : answer(request);
    if (fault && "rewrite" in fault) reply = { ...reply, body: fault.rewrite(reply.body as Record<string, unknown>) };
    res.writeHead(reply.status, { "Content-Type": "application/json", "X-Request-Id": "hdr-request-id" });
    res.end(JSON.stringify(reply.body));
  });
  httpServer.listen(0, "127.0.0.1");
  await once(httpServer, "listening");
  const { port } = httpServer.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const server: PaginatedServer = {
    url: origin,
    items,
    requests,
    fault: () => undefined,
    linkOrigin: origin,
    expireScroll() {
      scroll = undefined;
    },
    async close() {
      for (const res of stalled) res.destroy();
      httpServer.closeAllConnections();
      httpServer.close();
      await once(httpServer, "close");
    },
  };
  return server;
}
