// Pages of a list operation as Intercom serves them, in whichever style the generated metadata
// (each operation's `pagination` in generated/<version>/operations.ts) gives the operation: its items key, where the next
// cursor goes, and its default and maximum page size. The seeded mock (`npm run mock`) and the tests'
// list servers answer with these, so neither lists paths or page sizes by hand.
import { type ApiVersion, defaultVersion, metadata } from "../../src/generated.js";

/** How a list operation paginates, with its method, as the generated operation table says. */
export interface Pagination {
  method: string;
  style: string;
  items: string;
  next: string | null;
  perPage: { default: number | null; max: number | null } | null;
}

/** The paging a request asked for: from the query (GET) or the body's `pagination` (search). */
export interface PageRequest {
  query: Record<string, string | undefined>;
  body?: unknown;
  /** The request URL, to build `pages.next` links on. */
  url: URL;
}

/** A 400 as Intercom answers a bad page parameter. */
export class PageParameterError extends Error {
  readonly body: { type: "error.list"; request_id: null; errors: { code: string; message: string }[] };
  constructor(code: string, message: string) {
    super(message);
    this.body = { type: "error.list", request_id: null, errors: [{ code, message }] };
  }
}

type OperationEntry = { method: string; path: string; pagination: Omit<Pagination, "method"> | null };

export function paginationOf(path: string, version: ApiVersion = defaultVersion): Pagination {
  const operations: readonly OperationEntry[] = metadata[version].operations;
  const list = operations.find((o) => o.path === path && o.pagination !== null);
  if (!list?.pagination) throw new Error(`${path} is not a list operation of API ${version}`);
  return { method: list.method, ...list.pagination };
}

/** The cursor of the page that starts at item `index`: opaque to clients, base64 of JSON as Intercom's look. */
export const cursorAt = (index: number) => btoa(JSON.stringify([index]));
function decodeCursor(cursor: string): number {
  try {
    const [index] = JSON.parse(atob(cursor)) as unknown[];
    if (Number.isInteger(index) && (index as number) >= 0) return index as number;
  } catch {}
  throw new PageParameterError("parameter_invalid", "starting_after is invalid");
}

function perPageOf(raw: unknown, pagination: Pagination): number {
  const fallback = pagination.perPage?.default ?? 20;
  if (raw === undefined || raw === null) return fallback;
  const n = Number(raw);
  const max = pagination.perPage?.max ?? Infinity;
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new PageParameterError("parameter_invalid", `per_page must be an integer between 1 and ${max}`);
  }
  return n;
}

/** Sets `value` at a dotted path such as `data.articles`. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys.at(-1)!] = value;
}

/**
 * The page of `items` the request asks for, as the response body (without its `type`, which the
 * caller adds). Throws a {@link PageParameterError} for a bad page size or cursor.
 */
export function pageOf(
  pagination: Pagination,
  items: readonly unknown[],
  request: PageRequest,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const total = items.length;
  switch (pagination.style) {
    case "single":
      setPath(body, pagination.items, items);
      return body;
    case "cursor":
    case "search": {
      const source =
        pagination.style === "search"
          ? (((request.body as { pagination?: Record<string, unknown> } | undefined)?.pagination ?? {}) as Record<
              string,
              unknown
            >)
          : request.query;
      const perPage = perPageOf(source.per_page, pagination);
      const from = typeof source.starting_after === "string" ? decodeCursor(source.starting_after) : 0;
      const to = Math.min(from + perPage, total);
      const page = Math.floor(from / perPage) + 1;
      setPath(body, pagination.items, items.slice(from, to));
      body.total_count = total;
      body.pages = {
        type: "pages",
        page,
        per_page: perPage,
        total_pages: Math.max(1, Math.ceil(total / perPage)),
        ...(to < total && { next: { page: page + 1, starting_after: cursorAt(to) } }),
      };
      return body;
    }
    case "page": {
      const perPage = perPageOf(request.query.per_page, pagination);
      const page = Number(request.query.page ?? 1);
      if (!Number.isInteger(page) || page < 1)
        throw new PageParameterError("parameter_invalid", "page must be a positive integer");
      const totalPages = Math.max(1, Math.ceil(total / perPage));
      let next: string | null = null;
      if (page < totalPages) {
        const url = new URL(request.url);
        url.search = "";
        url.searchParams.set("page", String(page + 1));
        url.searchParams.set("per_page", String(perPage));
        next = url.href;
      }
      setPath(body, pagination.items, items.slice((page - 1) * perPage, page * perPage));
      body.total_count = total;
      body.pages = { type: "pages", page, per_page: perPage, total_pages: totalPages, next };
      return body;
    }
    default:
      throw new Error(`${pagination.style} pagination is not served by fake-pages`);
  }
}
