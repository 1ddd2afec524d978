// Every error class of the package, and \`unwrap\`, which turns a result into data or an error.
import type { PageCursor, PaginationStyle } from "./paginate/styles.js";
import { redactHeaders, redactText, redactUrl } from "./redact.js";

/** Thrown by `createIntercomClient` when an option is missing or invalid; never contains the token. */
export class IntercomConfigError extends Error {
  override readonly name = "IntercomConfigError";
  constructor(
    /** The option that is wrong, e.g. `"region"`. */
    readonly option: string,
    message: string,
  ) {
    super(`intercom-fetch: invalid \`${option}\`: ${message}`);
  }
}

/** Why `verifyWebhook` rejected a delivery. */
export type WebhookErrorReason =
  "missing" | "malformed" | "mismatch" | "invalid_json" | "invalid_payload" | "too_large";

/**
 * Thrown by `verifyWebhook` when a delivery is not a correctly signed Intercom notification. Answer
 * such a request with 401 (signature reasons) or 400 (payload reasons); never with 2xx.
 */
export class IntercomWebhookError extends Error {
  override readonly name = "IntercomWebhookError";
  constructor(
    /**
     * `missing`: no `X-Hub-Signature`; `malformed`: not `sha1=<40 hex digits>`; `mismatch`: wrong
     * body or secret; `invalid_json`: signed but not JSON; `invalid_payload`: JSON, but not a
     * `notification_event`; `too_large`: a body longer than `verifyWebhookRequest`'s `maxBodyBytes`.
     */
    readonly reason: WebhookErrorReason,
    message: string,
  ) {
    super(`intercom-fetch: webhook rejected (${reason}): ${message}`);
  }
}

/**
 * What went wrong with an API call, so callers can branch with `switch (error.kind)`:
 * - `rate_limited` (429), `unauthorized` (401), `forbidden` (403), `not_found` (404), `conflict` (409),
 *   `validation` (400, 422), `server` (5xx), `http` (any other non-2xx status);
 * - `timeout`: no complete response within `timeoutMs` (or a 408 from the server), or the call's
 *   `deadlineMs` passed;
 * - `network`: the connection failed or broke before a complete response arrived;
 * - `invalid_response`: a 2xx response whose body is not the JSON its `Content-Type` announces, or a
 *   body larger than `maxResponseBytes`.
 */
export type IntercomErrorKind =
  | "rate_limited"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "validation"
  | "server"
  | "timeout"
  | "network"
  | "invalid_response"
  | "http";

/** One entry of Intercom's `error.list` body. */
export interface IntercomErrorDetail {
  /** Intercom's error code, e.g. `"not_found"`, `"parameter_invalid"`, `"rate_limit_exceeded"`. */
  code: string;
  message?: string;
  /** The request field the error is about, when Intercom names one. */
  field?: string;
}

/** The request an error is about: method and a URL with credentials removed. */
export interface RequestSummary {
  method: string;
  url: string;
}

/** Everything an `IntercomError` is built from; the message is derived from it. */
interface IntercomErrorInit extends RequestSummary {
  kind: IntercomErrorKind;
  status?: number;
  requestId?: string;
  errors?: IntercomErrorDetail[];
  headers?: Record<string, string>;
  bodyExcerpt?: string;
  /** How many attempts were made, retries included. */
  attempts?: number;
  /** A short explanation when there is no status to speak for itself (network, timeout). */
  reason?: string;
  cause?: unknown;
}

/**
 * Thrown by `unwrap` for any non-2xx response, and by every call for network failures, timeouts
 * and malformed 2xx bodies. It holds no request headers, so the access token cannot leak through
 * its message, `util.inspect` or `JSON.stringify`.
 */
export class IntercomError extends Error {
  override readonly name: string = "IntercomError";
  readonly kind: IntercomErrorKind;
  /** The HTTP status, absent for network failures and timeouts. */
  readonly status?: number;
  /** Intercom's `request_id` (body) or `X-Request-Id` (header); quote it to Intercom support. */
  readonly requestId?: string;
  /** The `errors` of Intercom's `error.list` body; empty when the body had none. */
  readonly errors: IntercomErrorDetail[];
  readonly method: string;
  /** The request URL, without userinfo or credential-like query values. */
  readonly url: string;
  /** Response headers (lower-case names; cookies redacted). */
  readonly headers?: Record<string, string>;
  /** The start of a body that is not an Intercom error list, e.g. a proxy's HTML page. */
  readonly bodyExcerpt?: string;
  /** How many attempts were made, retries included. */
  readonly attempts?: number;

  constructor(init: IntercomErrorInit) {
    super(describe(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status;
    this.requestId = init.requestId;
    this.errors = init.errors ?? [];
    this.method = init.method;
    this.url = redactUrl(init.url);
    this.headers = init.headers;
    this.bodyExcerpt = init.bodyExcerpt;
    this.attempts = init.attempts;
  }

  /** `JSON.stringify` gives the fields and message (an Error's own `message` is not enumerable). */
  toJSON(): Omit<IntercomErrorInit, "reason" | "cause"> & { name: string; message: string } {
    return { ...this, message: this.message };
  }
}

function describe(init: IntercomErrorInit): string {
  const what = init.status === undefined ? init.kind : `${init.status} ${init.kind}`;
  const first = init.errors?.[0];
  // Intercom's code often repeats the kind (`404 not_found: not_found: …`): say it once.
  const code = first && first.code !== init.kind ? first.code : undefined;
  const detail = (first && [code, first.message].filter(Boolean).join(": ")) || init.reason;
  const more = init.errors && init.errors.length > 1 ? ` (+${init.errors.length - 1} more)` : "";
  const id = init.requestId ? `, request_id ${init.requestId}` : "";
  return `intercom-fetch: ${what}${detail ? `: ${detail}${more}` : ""} (${init.method} ${redactUrl(init.url)}${id})`;
}

/** The kind of a non-2xx status. */
function kindForStatus(status: number): IntercomErrorKind {
  switch (status) {
    case 400:
    case 422:
      return "validation";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 408:
      return "timeout";
    case 409:
      return "conflict";
    case 429:
      return "rate_limited";
    default:
      return status >= 500 && status <= 599 ? "server" : "http";
  }
}

const EXCERPT_LENGTH = 300;

function excerpt(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const short = trimmed.length > EXCERPT_LENGTH ? `${trimmed.slice(0, EXCERPT_LENGTH)}…` : trimmed;
  return redactText(short);
}

const optionalString = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

function detail(entry: unknown): IntercomErrorDetail | undefined {
  if (typeof entry !== "object" || entry === null) return undefined;
  const { code, message, field } = entry as Record<string, unknown>;
  const parsed: IntercomErrorDetail = { code: optionalString(code) ?? "unknown" };
  if (optionalString(message)) parsed.message = redactText(message as string);
  if (optionalString(field)) parsed.field = field as string;
  return parsed;
}

/**
 * Reads Intercom's `error.list` (and the `{error_key, message}` shape of `/phone_call_redirects`);
 * anything else becomes a short excerpt.
 */
function parseErrorBody(body: unknown): Pick<IntercomErrorInit, "errors" | "requestId" | "bodyExcerpt"> {
  if (body === undefined || body === null) return {};
  if (typeof body === "string") return { bodyExcerpt: excerpt(body) };
  const record = typeof body === "object" ? (body as Record<string, unknown>) : {};
  const requestId = optionalString(record.request_id);
  if (Array.isArray(record.errors)) {
    const errors = record.errors.map(detail).filter((e) => e !== undefined);
    if (errors.length > 0) return { errors, requestId };
  }
  if (optionalString(record.error_key)) {
    return { errors: [detail({ code: record.error_key, message: record.message })!], requestId };
  }
  return { requestId, bodyExcerpt: excerpt(JSON.stringify(body)) };
}

/**
 * The method, URL and attempt count of each response the transport returned, so `unwrap` can name
 * the request although openapi-fetch's result only carries the response. Weak: entries go with
 * their responses.
 */
export const responseRequests = new WeakMap<Response, RequestSummary & { attempts?: number }>();

/**
 * An `IntercomError` for a response: `body` is the parsed JSON or the raw text (as openapi-fetch
 * returns it in `error`). `request` names the call; by default it is looked up from the transport.
 */
export function intercomErrorFromResponse(
  response: Response,
  body: unknown,
  request?: RequestSummary & { attempts?: number },
  kind: IntercomErrorKind = kindForStatus(response.status),
): IntercomError {
  const known = request ?? responseRequests.get(response);
  const parsed = parseErrorBody(body);
  return new IntercomError({
    kind,
    status: response.status,
    ...parsed,
    requestId: parsed.requestId ?? response.headers.get("x-request-id") ?? undefined,
    method: known?.method ?? "UNKNOWN",
    url: known?.url ?? response.url,
    reason: kind === "invalid_response" ? "the body is not JSON" : undefined,
    headers: redactHeaders(response.headers),
    attempts: known?.attempts,
  });
}

/**
 * An `IntercomError` for an openapi-fetch result `{ response, error }`, e.g. from `intercom.GET(…)`.
 * Pass `request` (a `Request` or `{ method, url }`) when the response did not come from this
 * library's transport, e.g. a `Response` returned by middleware.
 */
export function intercomErrorFromResult(
  result: { response: Response; error?: unknown },
  request?: RequestSummary,
): IntercomError {
  return intercomErrorFromResponse(
    result.response,
    result.error,
    request && { method: request.method, url: request.url },
  );
}

/** Where a paginated walk failed. */
export interface PaginationPosition {
  /** The list operation's path template, e.g. `/conversations`. */
  path: string;
  style: PaginationStyle;
  /** The page that failed (`null`: the first). Pass it as `resumeFrom` to continue without gaps or duplicates. */
  cursor: PageCursor | null;
}

function paginationHint(init: IntercomErrorInit, position: PaginationPosition): string {
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
  override readonly name: string = "IntercomPaginationError";
  readonly path: string;
  readonly style: PaginationStyle;
  readonly cursor: PageCursor | null;

  constructor(init: IntercomErrorInit, position: PaginationPosition) {
    super(init);
    this.message += paginationHint(init, position);
    this.path = position.path;
    this.style = position.style;
    this.cursor = position.cursor;
  }

  /** Wraps any failure of the request for a page, keeping an `IntercomError`'s fields. */
  static from(error: unknown, position: PaginationPosition, request: RequestSummary): IntercomPaginationError {
    if (error instanceof IntercomError) {
      const { kind, status, requestId, errors, method, url, headers, bodyExcerpt, attempts } = error;
      const init = { kind, status, requestId, errors, method, url, headers, bodyExcerpt, attempts, cause: error };
      return new IntercomPaginationError(init, position);
    }
    const reason = error instanceof Error ? error.message : String(error);
    return new IntercomPaginationError({ kind: "network", ...request, reason, cause: error }, position);
  }
}

type Result = { data?: unknown; error?: unknown; response: Response };

/** The success branch's `data` of an openapi-fetch result union. */
type DataOf<R> = R extends { data?: infer D; error?: never } ? D : never;

/**
 * Resolves to the call's `data`, typed from the operation, or throws an `IntercomError` for a
 * non-2xx response (network failures and timeouts already throw one). Throw-on-error for single
 * calls (openapi-typescript#1687, #1954), keeping openapi-fetch's `{ data, error, response }` shape.
 *
 * @example
 * const contact = await unwrap(intercom.GET("/contacts/{id}", { params: { path: { id } } }));
 */
export async function unwrap<R extends Result>(call: Promise<R> | R): Promise<DataOf<R>> {
  const result = await call;
  if (result.error !== undefined || !result.response.ok) throw intercomErrorFromResult(result);
  return result.data as DataOf<R>;
}
