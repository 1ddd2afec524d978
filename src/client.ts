import createClient, { type Middleware } from "openapi-fetch";
import { type IntercomClientOptions, resolveClientOptions } from "./config.js";
import { IntercomConfigError, intercomErrorFromResponse } from "./errors.js";
import type { ParsedBody } from "./exchange.js";
import { type ApiVersion, type PathsByVersion, defaultVersion } from "./generated.js";
import type { RateLimit } from "./rate-limit.js";
import { createTransport } from "./transport.js";
import type { CallsOf, ExactMethod } from "./method-types.js";

type DefaultVersion = typeof defaultVersion;

/** openapi-fetch's client for one Intercom API version, with exact request types. */
export interface IntercomClient<V extends ApiVersion = DefaultVersion> {
  /** The `Intercom-Version` every request sends unless a request overrides it. */
  readonly version: V;
  /** The API origin requests go to, from `region` or `baseUrl`. */
  readonly baseUrl: string;
  /**
   * The rate-limit budget as of the latest response (`X-RateLimit-*` headers, less the requests sent
   * since), or undefined before the first. While `remaining` is 0, requests wait for `resetAt`.
   */
  readonly rateLimit: RateLimit | undefined;
  GET: ExactMethod<CallsOf<V>, "get", V>;
  POST: ExactMethod<CallsOf<V>, "post", V>;
  PUT: ExactMethod<CallsOf<V>, "put", V>;
  DELETE: ExactMethod<CallsOf<V>, "delete", V>;
  /** Registers openapi-fetch middleware. */
  use(...middleware: Middleware[]): void;
  /** Removes middleware registered with `use`. */
  eject(...middleware: Middleware[]): void;
}

type Call = (path: string, init?: Record<string, unknown>) => Promise<{ data?: unknown; response: Response }>;

/** The JSON of a response that did not come from the transport (middleware made it). */
async function parseJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    throw intercomErrorFromResponse(response, text, undefined, "invalid_response");
  }
}

/**
 * Throws unless every `{name}` of `path` has a value that stays one path segment once encoded:
 * `..` would turn `DELETE /contacts/{contact_id}/tags/{id}` into `DELETE /tags/{id}`, and `.`,
 * `""` or a missing value reach other endpoints too. openapi-fetch encodes the rest
 * (`encodeURIComponent`, so `/` and `%` stay inside the segment).
 */
function checkPathParams(path: string, init: Record<string, unknown> | undefined): void {
  if (!path.includes("{")) return;
  const values = (init?.params as { path?: Record<string, unknown> } | undefined)?.path;
  for (const [, name] of path.matchAll(/\{([^{}]+)\}/g)) {
    const value = values?.[name!];
    const valid =
      (typeof value === "string" && value !== "" && value !== "." && value !== "..") ||
      (typeof value === "number" && Number.isFinite(value));
    if (!valid) {
      const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
      throw new IntercomConfigError(
        `params.path.${name}`,
        `${shown} is not a valid path segment; pass a non-empty string other than "." and "..", or a finite number.`,
      );
    }
  }
}

/** openapi-fetch's per-request `baseUrl` and `fetch` would skip the client's origin check and transport. */
function checkInitKeys(init: Record<string, unknown>): void {
  for (const option of ["baseUrl", "fetch"] as const) {
    if (init[option] !== undefined) {
      throw new IntercomConfigError(
        option,
        `cannot be set per request: it would bypass the client's ${option === "baseUrl" ? "https/loopback check" : "transport (retries, timeouts, redaction)"}; create another client instead.`,
      );
    }
  }
}

/**
 * openapi-fetch's method, with its JSON parsed once: the transport has read and parsed the body, so
 * openapi-fetch is asked not to parse (`parseAs: "stream"`) and the data comes from the transport.
 * Other `parseAs` values reach the transport as `intercomParseAs` (openapi-fetch keeps `parseAs` to itself).
 */
function parsingOnce(call: Call): Call {
  return async (path, init) => {
    checkPathParams(path, init);
    const body: ParsedBody = {};
    if (init === undefined) return withData(await call(path, { parseAs: "stream", intercomBody: body }), body);
    checkInitKeys(init);
    // The caller's signal reaches the transport as is: it follows it, but only when there is one.
    const extras = init.signal ? { intercomSignal: init.signal } : undefined;
    const parseAs = init.parseAs;
    if (parseAs !== undefined && parseAs !== "json")
      return call(path, { ...init, ...extras, intercomParseAs: parseAs });
    return withData(await call(path, { ...init, ...extras, parseAs: "stream", intercomBody: body }), body);
  };
}

/** The result with the JSON the transport parsed (or, for a response middleware made, parsed here). */
async function withData<R extends { data?: unknown; response: Response }>(result: R, body: ParsedBody): Promise<R> {
  if (result.data !== undefined) result.data = body.parsed ? body.data : await parseJson(result.response);
  return result;
}

/**
 * Creates a typed client for Intercom's REST API.
 *
 * @example
 * const intercom = createIntercomClient({ region: "eu" });
 * const { data } = await intercom.GET("/conversations", { params: { query: { per_page: 20 } } });
 */
export function createIntercomClient<V extends ApiVersion = DefaultVersion>(
  options: IntercomClientOptions<V> = {},
): NoInfer<IntercomClient<V>> {
  // NoInfer: V comes from `options.version` only. Inferring it from a contextual return type
  // (`const c: IntercomClient = createIntercomClient(...)`) made tsc fail with TS2590.
  const config = resolveClientOptions(options);
  const transport = createTransport(config);
  const client = createClient<PathsByVersion[V]>({
    baseUrl: config.baseUrl,
    headers: config.headers,
    fetch: transport.fetch,
    // OpenAPI's default for query objects is form + explode (`?user_id=1`), which is what the spec
    // declares for GET /events `filter`; openapi-fetch would default to deepObject (`?filter[user_id]=1`).
    querySerializer: { object: { style: "form", explode: true } },
  });
  // openapi-fetch runs the calls; their types are the precomputed ones of src/method-types.ts.
  const GET = parsingOnce(client.GET as Call);
  const POST = parsingOnce(client.POST as Call);
  return {
    version: config.version as V,
    baseUrl: config.baseUrl,
    get rateLimit() {
      return transport.rateLimit;
    },
    GET: GET as unknown as IntercomClient<V>["GET"],
    POST: POST as unknown as IntercomClient<V>["POST"],
    PUT: parsingOnce(client.PUT as Call) as unknown as IntercomClient<V>["PUT"],
    DELETE: parsingOnce(client.DELETE as Call) as unknown as IntercomClient<V>["DELETE"],
    use: client.use,
    eject: client.eject,
  };
}
