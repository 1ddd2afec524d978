// Auto-pagination: any list operation as a lazy async iterator of its items, whatever of Intercom's
// pagination styles it uses. Pages are fetched through the client's own GET/POST, so auth, the
// API version, retries and rate limiting apply to each, and only when the consumer asks for more.
import {
  IntercomConfigError,
  IntercomPaginationError,
  type PaginationPosition,
  intercomErrorFromResult,
} from "../errors.js";
import {
  type LooseInit,
  type PageCursor,
  type PageRequest,
  type PaginationMeta,
  PaginationProtocolError,
  cursorField,
  nextCursor,
  pageRequest,
  valueAt,
} from "./styles.js";
import { type ApiVersion, type defaultVersion, loadPagination } from "../generated.js";
import type { CallsOf } from "../method-types.js";

export type { PageCursor } from "./styles.js";

// The list operations of version `V`, precomputed by codegen (scripts/lib/emit-signatures.ts).
type Lists<V extends ApiVersion> = CallsOf<V>["list"];
type List<V extends ApiVersion, P> = Lists<V>[P & keyof Lists<V>] extends infer L extends {
  args: unknown[];
  body: unknown;
  item: unknown;
}
  ? L
  : never;

/** The paths `paginate` accepts for API version `V`: its list operations, from the generated metadata. */
export type PaginatedPath<V extends ApiVersion = typeof defaultVersion> = keyof Lists<V> & string;

/** The success body of a list operation. */
type PaginatedBody<V extends ApiVersion, P extends PaginatedPath<V>> = List<V, P>["body"];

/** One item of a list operation, e.g. a conversation for `/conversations`. */
export type PaginatedItem<V extends ApiVersion, P extends PaginatedPath<V>> = List<V, P>["item"];

/** Options of `paginate`, after the request's own `init`. */
export interface PaginateOptions {
  /** Start at this page instead of the first, e.g. `error.cursor` of an `IntercomPaginationError`. */
  resumeFrom?: PageCursor | null;
  /**
   * How many empty pages in a row that still point to a next page to follow before giving up with
   * an `IntercomPaginationError` (default 3; `Infinity` never gives up).
   */
  maxEmptyPages?: number;
}

const defaultMaxEmptyPages = 3;

/** `value` if it is a count (a whole number ≥ 0, or Infinity), else an IntercomConfigError naming `option`. */
function count(option: string, value: unknown): number {
  if (typeof value !== "number" || !(value >= 0) || (!Number.isInteger(value) && value !== Infinity)) {
    const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
    throw new IntercomConfigError(option, `${shown} is not a whole number ≥ 0 or Infinity.`);
  }
  return value;
}

/** `init` exactly as the plain call takes it (pagination parameters included), then `PaginateOptions`. */
type PaginateArgs<V extends ApiVersion, P extends PaginatedPath<V>> = [
  ...init: List<V, P>["args"],
  options?: PaginateOptions,
];

/** One page of a list. */
export interface Page<Item, Body = unknown> {
  /** The page's items (possibly none, even when more pages follow). */
  readonly data: Item[];
  /** The whole response body, e.g. for `total_count`. */
  readonly body: Body;
  readonly response: Response;
  /** Where this page starts (`null`: the first page). */
  readonly cursor: PageCursor | null;
  /** Where the next page starts (`null`: this is the last page). */
  readonly next: PageCursor | null;
}

/**
 * A list as a lazy async iterable of its items. Nothing is requested until iteration starts, and
 * each page only when the previous one is used up; `break` stops all further requests. Every
 * iteration starts again from the first page (or `resumeFrom`).
 */
export interface Paginator<Item, Body = unknown> extends AsyncIterable<Item> {
  /** The pages themselves, with their response and cursors. */
  pages(): AsyncIterableIterator<Page<Item, Body>>;
  /** At most `limit` items in an array (`Infinity` for all), requesting no page beyond them. */
  toArray(options: { limit: number }): Promise<Item[]>;
}

/**
 * What `paginate` needs of an `IntercomClient`. GET and POST are called with the paths of the
 * generated metadata; typing them here would make the compiler infer the version from them (TS2590).
 */
interface RawClient {
  version: ApiVersion;
  baseUrl: string;
  GET: unknown;
  POST: unknown;
}
type RawCall = (path: string, init: LooseInit) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

type ListOperation = PaginationMeta & { method: string };

/**
 * How `path` paginates in API `version`, from the version's generated metadata, loaded on first use:
 * a bundle or an import that never paginates carries none of it, and one that does, only its version's.
 */
async function listOperation(version: ApiVersion, path: string): Promise<ListOperation> {
  // Read through a plain type: the literal types of every version's lists are too large a union.
  const lists: Readonly<Record<string, ListOperation>> = await loadPagination[version]();
  if (!Object.hasOwn(lists, path)) {
    throw new IntercomConfigError(
      "path",
      `${JSON.stringify(path)} is not a list operation of API ${version}; paginate takes one of ${Object.keys(lists).join(", ")}.`,
    );
  }
  return lists[path]!;
}

function resumeCursor(meta: PaginationMeta, path: string, cursor: PageCursor | null | undefined): PageCursor | null {
  if (cursor === undefined || cursor === null) return null;
  const field = cursorField[meta.style];
  if (field === null || typeof cursor !== "object" || !(field in cursor)) {
    const expected = field === null ? "nothing (it is a single page)" : `{ ${field} }`;
    throw new IntercomConfigError(
      "resumeFrom",
      `${JSON.stringify(cursor)} does not fit ${path}, a ${meta.style} list; it takes ${expected}.`,
    );
  }
  return cursor;
}

async function fetchPage(
  client: RawClient,
  method: string,
  request: PageRequest,
  position: PaginationPosition,
): Promise<{ body: unknown; response: Response }> {
  const call = (method === "post" ? client.POST : client.GET) as unknown as RawCall;
  let result: Awaited<ReturnType<RawCall>>;
  const summary = { method: method.toUpperCase(), url: `${client.baseUrl}${request.path}` };
  try {
    result = await call(request.path, request.init);
  } catch (error) {
    if (request.init.signal?.aborted) throw error;
    throw IntercomPaginationError.from(error, position, summary);
  }
  if (result.error !== undefined || !result.response.ok) {
    throw IntercomPaginationError.from(intercomErrorFromResult(result), position, summary);
  }
  return { body: result.data, response: result.response };
}

async function* walk(
  client: RawClient,
  path: string,
  given: object | undefined,
  resumeFrom: PageCursor | null | undefined,
  maxEmptyPages: number,
): AsyncGenerator<Page<unknown>> {
  // The path and resumeFrom are checked here, on the first iteration: the metadata is loaded by then.
  const { method, ...meta } = await listOperation(client.version, path);
  let cursor = resumeCursor(meta, path, resumeFrom);
  // A list or search POST only reads, so a failed page is as safe to retry as a GET; the transport
  // retries POSTs only when told so (Intercom has no idempotency keys). The caller's `idempotent` wins.
  const init = (method === "post" ? { idempotent: true, ...given } : (given ?? {})) as LooseInit;
  const requested = new Set<string>();
  // The page being read, for the error should pagination not be able to go on from it.
  let response: Response | undefined;
  let largestPage = 0;
  let emptyPagesInARow = 0;
  let previousFirstItem: string | undefined;
  try {
    for (;;) {
      init.signal?.throwIfAborted();
      response = undefined;
      const request = pageRequest(meta, path, init, cursor, client.baseUrl);
      // Scroll pages all share one param and page numbers only grow, so only cursors and links can repeat.
      if (cursor && meta.style !== "scroll" && meta.style !== "page") requested.add(JSON.stringify(cursor));

      const page = await fetchPage(client, method, request, { path, style: meta.style, cursor });
      const { body } = page;
      response = page.response;
      const data = valueAt(body, meta.items);
      if (!Array.isArray(data)) {
        const keys = body && typeof body === "object" ? Object.keys(body).join(", ") : typeof body;
        throw new PaginationProtocolError(`the response has no \`${meta.items}\` array (it has: ${keys})`);
      }
      const next = nextCursor(meta, body, data, request, largestPage);
      largestPage = Math.max(largestPage, data.length);
      // A server that ignores `page` and echoes no page number answers the same page again.
      const firstItem = meta.style === "page" && data.length > 0 ? JSON.stringify(data[0]) : undefined;
      if (firstItem !== undefined && firstItem === previousFirstItem) {
        throw new PaginationProtocolError(
          `page ${request.page} starts with the same item as the page before; stopping instead of repeating items`,
        );
      }
      previousFirstItem = firstItem;
      emptyPagesInARow = data.length === 0 && next !== null ? emptyPagesInARow + 1 : 0;
      if (emptyPagesInARow > maxEmptyPages) {
        throw new PaginationProtocolError(
          `${emptyPagesInARow} empty pages in a row still point to a next page (${JSON.stringify(next)}); ` +
            `stopping after maxEmptyPages (${maxEmptyPages}) instead of following them forever`,
        );
      }
      const repeated = next !== null && requested.has(JSON.stringify(next));
      yield { data, body, response, cursor, next };
      if (next === null) return;
      if (repeated) {
        throw new PaginationProtocolError(
          `the server sent ${JSON.stringify(next)} as the next page again; stopping instead of looping forever`,
        );
      }
      cursor = next;
    }
  } catch (error) {
    // The one place a response pagination cannot go on from becomes an IntercomPaginationError.
    // (A consumer's own errors never land here: for-await ends the walk with `return`, not `throw`.)
    if (!(error instanceof PaginationProtocolError)) throw error;
    const detail = { status: response?.status, method: method.toUpperCase(), url: response?.url || path };
    const position = { path, style: meta.style, cursor };
    throw new IntercomPaginationError({ kind: "invalid_response", ...detail, reason: error.message }, position);
  }
}

/**
 * Iterates every item of a list operation, page by page, whichever way Intercom paginates it.
 * The default page size is the largest the endpoint accepts (see the README's table); an explicit
 * `per_page` wins. An `AbortSignal` in `init.signal` cancels the request in flight. A failed page
 * throws an `IntercomPaginationError` whose `cursor` can be passed back as `resumeFrom`. A path the
 * client's version has no list operation for, or a `resumeFrom` of another style, is a `TypeError`
 * on the first iteration, once the version's metadata is loaded.
 *
 * @example
 * for await (const conversation of paginate(intercom, "/conversations")) console.log(conversation.id);
 */
export function paginate<V extends ApiVersion, P extends PaginatedPath<V>>(
  client: RawClient & { readonly version: V },
  path: P,
  ...args: PaginateArgs<V, P>
): Paginator<PaginatedItem<V, P>, PaginatedBody<V, P>>;
export function paginate(
  client: RawClient,
  path: string,
  init?: object,
  options?: PaginateOptions,
): Paginator<unknown> {
  const maxEmptyPages = count("maxEmptyPages", options?.maxEmptyPages ?? defaultMaxEmptyPages);
  const pages = () => walk(client, path, init, options?.resumeFrom, maxEmptyPages);
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page.data;
    },
    async toArray({ limit }) {
      count("limit", limit);
      const items: unknown[] = [];
      if (limit === 0) return items;
      for await (const page of pages()) {
        for (const item of page.data) {
          if (items.length === limit) return items;
          items.push(item);
        }
        if (items.length === limit) break;
      }
      return items;
    },
  };
}
