// Redirects are followed here, not by fetch: fetch would forward the body and every header but
// `Authorization` (a custom `X-Api-Key`, say) to whatever origin a `Location` names. Within the
// client's origin a redirect is followed as the Fetch standard says; to another origin it is refused.
import { IntercomError } from "./errors.js";
import { redactHeaders } from "./redact.js";

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** More than this many redirects in a row is a loop (browsers allow 20; Intercom sends none). */
export const maxRedirects = 5;

/** The options openapi-fetch copied onto the Request, which the transport reads; a new Request needs them too. */
const extraKeys = [
  "retry",
  "timeoutMs",
  "deadlineMs",
  "maxResponseBytes",
  "idempotent",
  "intercomSignal",
  "intercomParseAs",
  "intercomBody",
] as const;

function refused(request: Request, response: Response, reason: string): IntercomError {
  return new IntercomError({
    kind: "http",
    status: response.status,
    method: request.method,
    url: request.url,
    reason,
    headers: redactHeaders(response.headers),
  });
}

/**
 * The request `response` redirects to, or undefined when it is not a redirect. Throws an
 * `IntercomError` for a redirect to another origin, and for the redirect after `maxRedirects`.
 */
export async function redirectTarget(request: Request, response: Response, hops: number): Promise<Request | undefined> {
  const location = response.headers.get("location");
  if (!redirectStatuses.has(response.status) || location === null) return undefined;
  let target: URL;
  try {
    target = new URL(location, request.url);
  } catch {
    throw refused(request, response, `the redirect's Location ${JSON.stringify(location)} is not a URL`);
  }
  if (target.origin !== new URL(request.url).origin) {
    throw refused(
      request,
      response,
      `refused a redirect to another origin (${target.origin}): the request's headers and body would go there`,
    );
  }
  if (hops >= maxRedirects) throw refused(request, response, `more than ${maxRedirects} redirects in a row (a loop?)`);
  // 303, and 301/302 after a POST, become a GET without a body (https://fetch.spec.whatwg.org/#http-redirect-fetch).
  const toGet =
    (response.status === 303 && request.method !== "HEAD") ||
    ((response.status === 301 || response.status === 302) && request.method === "POST");
  const headers = new Headers(request.headers);
  if (toGet) headers.delete("content-type");
  const body = toGet || request.body === null ? undefined : await request.clone().arrayBuffer();
  const next = new Request(target, { method: toGet ? "GET" : request.method, headers, body });
  for (const key of extraKeys) {
    const value = (request as unknown as Record<string, unknown>)[key];
    if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
  }
  return next;
}
