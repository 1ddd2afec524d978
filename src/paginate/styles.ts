// The four ways Intercom paginates (plus lists answered whole), as two functions per style: how to
// ask for a page, and what in the answer leads to the next one. Which style an operation uses, where
// its items and next cursor live and how large a page may be all come from the generated metadata.
import type { ApiVersion, loadPagination } from "../generated.js";

/** How an operation paginates, as generated from the corrected spec (see `npm run generate`). */
export type PaginationMeta = Omit<PaginationEntry, "method">;

type Entries<V extends ApiVersion> = Awaited<ReturnType<(typeof loadPagination)[V]>>;
type PaginationEntry = { [V in ApiVersion]: Entries<V>[keyof Entries<V>] }[ApiVersion];
export type PaginationStyle = PaginationMeta["style"];

/**
 * Where a page starts: `startingAfter` for cursor and search lists, `page` for page-number lists,
 * `url` for lists that link to their next page, `scrollParam` for the company scroll. Every page
 * reports its own (`cursor`) and the next page's (`next`); an `IntercomPaginationError` reports the
 * page that failed. Pass one as `resumeFrom` to continue from there.
 */
export type PageCursor =
  | { readonly startingAfter: string }
  | { readonly page: number }
  | { readonly url: string }
  | { readonly scrollParam: string };

/** The cursor field each style uses. */
export const cursorField = {
  cursor: "startingAfter",
  search: "startingAfter",
  page: "page",
  link: "url",
  scroll: "scrollParam",
  single: null,
} as const satisfies Record<PaginationStyle, string | null>;

/** The options openapi-fetch takes, as far as pagination reads and writes them. */
export interface LooseInit {
  params?: { query?: Record<string, unknown>; header?: unknown; path?: unknown; cookie?: unknown };
  body?: unknown;
  signal?: AbortSignal | null;
  querySerializer?: (query: unknown) => string;
  [option: string]: unknown;
}

export interface PageRequest {
  path: string;
  init: LooseInit;
  /** The page number asked for (page-number lists only). */
  page?: number;
  /** The page size asked for, if any. */
  perPage?: number;
}

/** Why a page cannot be requested or read; the caller turns it into an `IntercomPaginationError`. */
export class PaginationProtocolError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value at a dotted path of the metadata, e.g. `pages.next.starting_after`. */
export function valueAt(body: unknown, dottedPath: string): unknown {
  let current = body;
  for (const key of dottedPath.split(".")) current = isRecord(current) ? current[key] : undefined;
  return current;
}

const definedEntries = (record: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

function withQuery(init: LooseInit, query: Record<string, unknown>): LooseInit {
  return { ...init, params: { ...init.params, query: definedEntries({ ...init.params?.query, ...query }) } };
}

/** The `per_page` to send: the caller's, else the largest the endpoint accepts, else none (server default). */
function pageSize(meta: PaginationMeta, explicit: unknown): number | undefined {
  return typeof explicit === "number" ? explicit : (meta.perPage?.max ?? undefined);
}

/**
 * A `pages.next` URL as a path under `baseUrl`. The URL must be on the client's own origin and
 * under its base path: following a link elsewhere would send the access token there.
 */
function linkedPath(url: string, baseUrl: string): { path: string; search: string } {
  const base = new URL(`${baseUrl}/`);
  let target: URL;
  try {
    target = new URL(url, base);
  } catch {
    throw new PaginationProtocolError(`pages.next ${JSON.stringify(url)} is not a URL`);
  }
  if (target.origin !== base.origin || !target.pathname.startsWith(base.pathname)) {
    throw new PaginationProtocolError(
      `refusing to follow pages.next to ${target.origin}${target.pathname}: it is outside the client's ` +
        `baseUrl ${baseUrl}, and the request would carry the access token there`,
    );
  }
  return { path: `/${target.pathname.slice(base.pathname.length)}`, search: target.search.slice(1) };
}

/** The request for the page that `cursor` points at (`null`: the first page). */
export function pageRequest(
  meta: PaginationMeta,
  path: string,
  init: LooseInit,
  cursor: PageCursor | null,
  baseUrl: string,
): PageRequest {
  const query = init.params?.query ?? {};
  switch (meta.style) {
    case "cursor": {
      const perPage = pageSize(meta, query.per_page);
      const startingAfter = cursor && "startingAfter" in cursor ? cursor.startingAfter : query.starting_after;
      return { path, init: withQuery(init, { per_page: perPage, starting_after: startingAfter }), perPage };
    }
    case "search": {
      const body = isRecord(init.body) ? init.body : {};
      const pagination = isRecord(body.pagination) ? body.pagination : {};
      const perPage = pageSize(meta, pagination.per_page);
      const startingAfter = cursor && "startingAfter" in cursor ? cursor.startingAfter : pagination.starting_after;
      const paging = definedEntries({ ...pagination, per_page: perPage, starting_after: startingAfter });
      return { path, init: { ...init, body: { ...body, pagination: paging } }, perPage };
    }
    case "page": {
      const perPage = pageSize(meta, query.per_page);
      const page = cursor && "page" in cursor ? cursor.page : typeof query.page === "number" ? query.page : 1;
      return { path, init: withQuery(init, { per_page: perPage, page }), page, perPage };
    }
    case "link": {
      if (cursor && "url" in cursor) {
        // The link already holds every query parameter (filters, per_page, the position), so it is
        // sent as given; only the path parameters' values are in the link's path already.
        const { path: linked, search } = linkedPath(cursor.url, baseUrl);
        const { params, ...rest } = init;
        return { path: linked, init: { ...rest, params: { header: params?.header }, querySerializer: () => search } };
      }
      const perPage = pageSize(meta, query.per_page);
      return { path, init: perPage === undefined ? init : withQuery(init, { per_page: perPage }), perPage };
    }
    case "scroll": {
      const scrollParam = cursor && "scrollParam" in cursor ? cursor.scrollParam : query.scroll_param;
      return { path, init: withQuery(init, { scroll_param: scrollParam }) };
    }
    case "single":
      return { path, init };
  }
}

/**
 * The cursor of the page after `request`, or null when `request` fetched the last page.
 * `largestPage` is the most items an earlier page of the same walk had (0 on the first page).
 */
export function nextCursor(
  meta: PaginationMeta,
  body: unknown,
  items: unknown[],
  request: PageRequest,
  largestPage = 0,
): PageCursor | null {
  const next = meta.next === null ? undefined : valueAt(body, meta.next);
  switch (meta.style) {
    case "cursor":
    case "search":
      // An empty page that still carries a cursor is not the end (stripe-node#2731).
      return typeof next === "string" && next !== "" ? { startingAfter: next } : null;
    case "page": {
      const page = request.page ?? 1;
      const pages = valueAt(body, "pages");
      if (!isRecord(pages)) return pageAfterUnpagedPage(body, items, page, largestPage);
      // A server that ignores `page` answers page 1 again and again: stop instead of repeating its items.
      if (typeof pages.page === "number" && pages.page !== page) {
        throw new PaginationProtocolError(
          `asked for page ${page} but the server answered page ${pages.page}; stopping instead of repeating items`,
        );
      }
      const total = pages.total_pages;
      const last = next === null || next === undefined || next === "" || (typeof total === "number" && page >= total);
      return last ? null : { page: page + 1 };
    }
    case "link":
      if (typeof next === "string") return next === "" ? null : { url: next };
      if (isRecord(next) && typeof next.starting_after === "string" && next.starting_after !== "") {
        throw new PaginationProtocolError(
          "pages.next is a cursor, not a link, and this operation declares no parameter to send it in",
        );
      }
      return null;
    case "scroll":
      // Every page echoes the same scroll_param; the scroll ends with an empty page.
      return items.length > 0 && typeof next === "string" && next !== "" ? { scrollParam: next } : null;
    case "single":
      return null;
  }
}

/**
 * The next page of a page-number list that answers without `pages` (e.g. help centers). A page
 * short of the requested `per_page` proves nothing, as the server may cap the size below it; so
 * the page size is the server's own, the largest page seen. An empty page ends the list;
 * `total_count` says whether more remain; otherwise only a page shorter than an earlier one is
 * the last, which costs one request more when a short first page is the whole list.
 */
function pageAfterUnpagedPage(body: unknown, items: unknown[], page: number, largestPage: number): PageCursor | null {
  if (items.length === 0) return null;
  const pageSize = Math.max(items.length, largestPage);
  const total = valueAt(body, "total_count");
  if (typeof total === "number") return page * pageSize < total ? { page: page + 1 } : null;
  return items.length < largestPage ? null : { page: page + 1 };
}
