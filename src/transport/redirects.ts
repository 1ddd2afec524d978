// Redirects are followed here, not by fetch: fetch would forward the body and every header but
// `Authorization` (a custom `X-Api-Key`, say) to whatever origin a `Location` names. Within the
// client's origin a redirect is followed as the Fetch standard says; to another origin it is refused.
import { IntercomError } from "../errors.js";
import type { Outgoing } from "./outgoing.js";
import { redactHeaders } from "../redact.js";

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** More than this many redirects in a row is a loop (browsers allow 20; Intercom sends none). */
export const maxRedirects = 5;

function refused(request: Outgoing, response: Response, reason: string): IntercomError {
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
export function redirectTarget(request: Outgoing, response: Response, hops: number): Outgoing | undefined {
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
  const headers = { ...request.headers };
  if (toGet) delete headers["content-type"];
  // The call's own options (signal, parseAs, retry, …) carry over: a redirect is part of the same call.
  return {
    ...request,
    url: target.href,
    method: toGet ? "GET" : request.method,
    headers,
    body: toGet ? undefined : request.body,
  };
}
