/**
 * `intercom-fetch/msw`: the fake Intercom of `intercom-fetch/testing` as [msw](https://mswjs.io)
 * request handlers, for test suites that already mock HTTP with msw; start with {@link intercomHandlers}.
 * msw is an optional peer dependency: install it (version 2) to use this entry.
 *
 * @module intercom-fetch/msw
 */
import { http, type HttpHandler } from "msw";
import { regions } from "./regions.js";
import type { FakeIntercom } from "./testing.js";
import type { ApiVersion } from "./generated.js";

/** Options of {@link intercomHandlers}. */
export interface IntercomHandlersOptions {
  /**
   * The origins to answer, as given to the client's `baseUrl`; by default the API hosts of every
   * region (`https://api.intercom.io`, `https://api.eu.intercom.io`, `https://api.au.intercom.io`).
   */
  baseUrl?: string | readonly string[];
}

function origins(baseUrl: IntercomHandlersOptions["baseUrl"]): string[] {
  const given = baseUrl === undefined ? Object.values(regions) : typeof baseUrl === "string" ? [baseUrl] : baseUrl;
  if (given.length === 0)
    throw new TypeError("intercom-fetch/msw: baseUrl is an empty list; give at least one origin.");
  return given.map((url) => {
    const parsed = URL.canParse(url) ? new URL(url) : undefined;
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.pathname !== "/" || parsed.search || parsed.hash) {
      throw new TypeError(
        `intercom-fetch/msw: baseUrl ${JSON.stringify(url)} is not an http(s) origin such as "https://api.intercom.io".`,
      );
    }
    return parsed.origin;
  });
}

/**
 * msw request handlers that answer every request to Intercom's API hosts with `fake`: its typed
 * handlers (`handlers`, `on`, `once`), the spec's examples (or `strict` failures), its 401 and 404s.
 * Requests are recorded in `fake.requests`; `networkError()` becomes msw's network error.
 *
 * @example
 * const fake = createFakeIntercom({
 *   handlers: { "/tags": { get: () => ({ body: { type: "list", data: [] } }) } },
 * });
 * const server = setupServer(...intercomHandlers(fake));
 */
export function intercomHandlers<V extends ApiVersion>(
  fake: FakeIntercom<V>,
  options: IntercomHandlersOptions = {},
): HttpHandler[] {
  return origins(options.baseUrl).map((origin) =>
    http.all(`${origin}/*`, async ({ request }) => {
      try {
        return await fake.fetch(request);
      } catch (error) {
        // The fake's fetch rejects with a TypeError only for networkError(); aborts keep their reason.
        if (error instanceof TypeError) return Response.error();
        throw error;
      }
    }),
  );
}
