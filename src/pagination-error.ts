import { IntercomError, type IntercomErrorInit } from "./errors.js";
import type { PageCursor, PaginationStyle } from "./pagination-styles.js";

/** Where a paginated walk failed. */
export interface PaginationPosition {
  /** The list operation's path template, e.g. `/conversations`. */
  path: string;
  style: PaginationStyle;
  /** The page that failed (`null`: the first). Pass it as `resumeFrom` to continue without gaps or duplicates. */
  cursor: PageCursor | null;
}

function hint(init: IntercomErrorInit, position: PaginationPosition): string {
  const codes = new Set(init.errors?.map((e) => e.code));
  if (codes.has("scroll_exists")) {
    return (
      "; a workspace can have only one company scroll open at a time: finish the open one, or wait " +
      "until it expires (1 minute without a request), then start again"
    );
  }
  if (position.style === "scroll" && position.cursor && init.status === 404) {
    return "; the scroll expired (1 minute without a request): start a new one without resumeFrom";
  }
  const at = position.cursor ? JSON.stringify(position.cursor) : "the first page";
  return `; failed at ${at}: pass { resumeFrom: error.cursor } to paginate to continue from there`;
}

/**
 * Thrown while paginating: the failed page's HTTP error (with status, `requestId` and Intercom's
 * error codes), a network failure, or a response pagination cannot go on from (a cursor that
 * repeats, a next link to another origin, a page without its items array). `cursor` says where.
 */
export class IntercomPaginationError extends IntercomError implements PaginationPosition {
  readonly path: string;
  readonly style: PaginationStyle;
  readonly cursor: PageCursor | null;

  constructor(init: IntercomErrorInit, position: PaginationPosition) {
    super(init);
    // IntercomError types `name` as its own literal; instances of this class still say what they are.
    Object.defineProperty(this, "name", { value: "IntercomPaginationError", enumerable: true });
    this.message += hint(init, position);
    this.path = position.path;
    this.style = position.style;
    this.cursor = position.cursor;
  }

  /** Wraps an `IntercomError` of the request for a page, keeping its fields. */
  static from(error: IntercomError, position: PaginationPosition): IntercomPaginationError {
    const { kind, status, requestId, errors, method, url, headers, bodyExcerpt, attempts } = error;
    const init = { kind, status, requestId, errors, method, url, headers, bodyExcerpt, attempts, cause: error };
    return new IntercomPaginationError(init, position);
  }
}
