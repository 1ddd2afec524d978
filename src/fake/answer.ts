// What a fake's handler may return besides a typed result, and how a result becomes a Response.

const networkFailure = Symbol.for("intercom-fetch/testing.networkError");

/** Returned by a handler (see {@link networkError}): the request fails as if the connection dropped. */
export interface FakeNetworkError {
  readonly [networkFailure]: true;
  /** The message of the `TypeError` the fake's `fetch` rejects with. */
  readonly message: string;
}

/**
 * A handler result that fails the request like a dropped connection: the fake's `fetch` rejects
 * with a `TypeError` (as fetch does), and a fake served with `listen()` resets the socket. The
 * client retries it as a network error, as it would against Intercom.
 */
export function networkError(message = "socket hang up"): FakeNetworkError {
  return { [networkFailure]: true, message };
}

export function isNetworkFailure(value: unknown): value is FakeNetworkError {
  return typeof value === "object" && value !== null && networkFailure in value;
}

/** A fake's answer to one request. */
export type FakeAnswer = Response | FakeNetworkError;

/** The erased form of a typed handler result. */
export interface AnyResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

export function toResponse(result: AnyResult): Response {
  const status = result.status ?? 200;
  const headers = new Headers(result.headers);
  if (result.body === undefined) return new Response(null, { status, headers });
  if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  return new Response(JSON.stringify(result.body), { status, headers });
}

/** Intercom's error body. */
export function errorList(status: number, code: string, message: string): Response {
  return Response.json({ type: "error.list", request_id: null, errors: [{ code, message }] }, { status });
}
