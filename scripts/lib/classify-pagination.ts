// How each operation paginates, derived from the corrected spec so that src/paginate/paginate.ts never lists
// paths by hand. What a description cannot say (a page-size maximum stated only in prose, which of
// two arrays holds the items) comes from the operation's `x-intercom-fetch-pagination` extension,
// which the version's overlay adds with its evidence. An operation the rules cannot classify
// unambiguously is not guessed at: it gets no pagination and a reason, which the bump's change report
// lists under "Needs review" (and a reviewed version may not have).
import { deref, jsonMedia, parametersOf, successResponse, type OpenApiDocument, type OperationRef } from "./openapi.js";

/**
 * - `cursor`: GET with `per_page`/`starting_after` in the query; next cursor at `pages.next.starting_after`.
 * - `search`: POST with `pagination: { per_page, starting_after }` in the body; same response cursor.
 * - `page`: `page`/`per_page` in the query; ends at `pages.total_pages` or when `pages.next` is null.
 * - `link`: `pages.next` is a URL to follow as given.
 * - `scroll`: `scroll_param` in the query, echoed by every page; ends at an empty page.
 * - `single`: a list answered whole, in one response.
 */
export type PaginationStyle = "cursor" | "search" | "page" | "link" | "scroll" | "single";

export interface PageSize {
  /** The page size the server uses when the request names none (null: undocumented). */
  default: number | null;
  /** The largest page size the endpoint accepts (null: undocumented, so none is sent by default). */
  max: number | null;
}

export interface PaginationMeta {
  style: PaginationStyle;
  /** Dotted path of the items array in a response body, e.g. `conversations` or `data.articles`. */
  items: string;
  /** Dotted path of what leads to the next page: a cursor, a URL or a scroll param; null for `single`. */
  next: string | null;
  /** The `per_page` the endpoint accepts; null when the request cannot set a page size. */
  perPage: PageSize | null;
}

/** The overlay extension that supplies what the description cannot; `false` says the operation does not paginate. */
export const paginationExtension = "x-intercom-fetch-pagination";
type Override = Partial<Omit<PaginationMeta, "perPage">> & { perPage?: Partial<PageSize> | null };

const nextPath: Record<PaginationStyle, string | null> = {
  cursor: "pages.next.starting_after",
  search: "pages.next.starting_after",
  page: "pages.next",
  link: "pages.next",
  scroll: "scroll_param",
  single: null,
};

function queryParameters(spec: OpenApiDocument, operation: OperationRef): Map<string, OpenApiDocument> {
  return new Map(parametersOf(spec, operation).flatMap((p) => (p.in === "query" ? [[p.name, p]] : [])));
}

function successSchema(spec: OpenApiDocument, operation: OpenApiDocument): OpenApiDocument | undefined {
  return deref(spec, jsonMedia(successResponse(spec, operation)?.response.content)?.schema);
}

/** The page size from a `per_page` schema: `default`, else "Defaults to N" in its prose; `maximum`. */
function pageSizeOf(spec: OpenApiDocument, param: OpenApiDocument | undefined): PageSize {
  const schema = deref(spec, param?.schema) ?? {};
  const prose = /defaults? (?:to|is) `?(\d+)`?/i.exec(param?.description ?? "");
  return { default: schema.default ?? (prose ? Number(prose[1]) : null), max: schema.maximum ?? null };
}

function isListType(schema: OpenApiDocument): boolean {
  const type = schema.properties?.type;
  const values: unknown[] = type?.enum ?? (type?.example === undefined ? [] : [type.example]);
  return values.length > 0 && values.every((v) => typeof v === "string" && /(^|\.)list$/.test(v));
}

function arrayProperties(spec: OpenApiDocument, schema: OpenApiDocument | undefined): string[] {
  return Object.entries<OpenApiDocument>(schema?.properties ?? {})
    .filter(([, property]) => deref(spec, property)?.type === "array")
    .map(([name]) => name);
}

/**
 * Where the items may be: the response's array properties; when it has none, the arrays one wrapper
 * object down (`data.internal_articles`), as Intercom's search responses nest them. `pages` is the
 * cursor, never a wrapper.
 */
function itemCandidates(spec: OpenApiDocument, response: OpenApiDocument | undefined): string[] {
  const top = arrayProperties(spec, response);
  if (top.length > 0 || !response) return top;
  return Object.entries<OpenApiDocument>(response.properties ?? {})
    .filter(([name]) => name !== "pages")
    .flatMap(([name, property]) => arrayProperties(spec, deref(spec, property)).map((inner) => `${name}.${inner}`));
}

/** Style and page size from the request: body `pagination`, or the query's cursor/scroll/page parameters. */
function requestStyle(
  spec: OpenApiDocument,
  operation: OperationRef,
): Pick<PaginationMeta, "style" | "perPage"> | null {
  const body = deref(spec, jsonMedia(deref(spec, operation.operation.requestBody)?.content)?.schema);
  if (body?.properties?.pagination) {
    const paging = deref(spec, body.properties.pagination);
    return { style: "search", perPage: pageSizeOf(spec, { schema: paging?.properties?.per_page }) };
  }
  const query = queryParameters(spec, operation);
  if (query.has("scroll_param")) return { style: "scroll", perPage: null };
  if (query.has("starting_after")) return { style: "cursor", perPage: pageSizeOf(spec, query.get("per_page")) };
  if (query.has("page")) return { style: "page", perPage: pageSizeOf(spec, query.get("per_page")) };
  return null;
}

/** How an operation paginates (null: it does not), or why that cannot be told without a review. */
export type Classification = { pagination: PaginationMeta | null } | { pagination: null; review: string };

export function classifyPagination(spec: OpenApiDocument, operation: OperationRef): Classification {
  const { method, path } = operation;
  const override = operation.operation[paginationExtension] as Override | false | undefined;
  if (override === false) return { pagination: null };
  const response = successSchema(spec, operation.operation);
  const fromRequest = requestStyle(spec, operation);
  // A response with `pages` but no request parameter to move through them: its next link is all there is.
  const perPageParam = queryParameters(spec, operation).get("per_page");
  const fromResponse =
    response?.properties?.pages !== undefined
      ? { style: "link" as const, perPage: perPageParam ? pageSizeOf(spec, perPageParam) : null }
      : method === "get" && response && isListType(response)
        ? { style: "single" as const, perPage: null }
        : null;
  const derived = fromRequest ?? fromResponse;
  const style = override?.style ?? derived?.style;
  if (!style) return { pagination: null };

  const candidates = itemCandidates(spec, response);
  const items = override?.items ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (!items) {
    const review =
      `${method.toUpperCase()} ${path} paginates (${style}) but its items are ambiguous ` +
      `(array properties: ${candidates.join(", ") || "none"}); set ${paginationExtension}.items in the overlay.`;
    return { pagination: null, review };
  }
  const derivedSize = derived?.perPage ?? null;
  const perPage =
    override?.perPage === null
      ? null
      : override?.perPage || derivedSize
        ? { default: null, max: null, ...derivedSize, ...override?.perPage }
        : null;
  return { pagination: { style, items, next: override?.next ?? nextPath[style], perPage } };
}

/**
 * `paginate(path)` picks the operation by path alone, so a path may have only one paginated method:
 * the paths where more than one does, with their methods.
 */
export function pathsPaginatedTwice(
  operations: readonly { method: string; path: string; pagination: PaginationMeta | null }[],
): Map<string, string[]> {
  const methods = new Map<string, string[]>();
  for (const { method, path, pagination } of operations) {
    if (pagination) methods.set(path, [...(methods.get(path) ?? []), method]);
  }
  return new Map([...methods].filter(([, list]) => list.length > 1));
}
