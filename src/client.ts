import createClient, { type Middleware } from "openapi-fetch";
import { type IntercomClientOptions, resolveClientOptions } from "./config.js";
import { IntercomConfigError, intercomErrorFromResponse } from "./errors.js";
import type { ParsedBody } from "./transport/exchange.js";
import { type ApiVersion, type PathsByVersion, defaultVersion } from "./generated.js";
import type { RateLimit } from "./rate-limit/budget.js";
import { createTransport } from "./transport/transport.js";
import { type CallResult, directCall, querySerializerOptions } from "./call.js";
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
  /**
   * Registers openapi-fetch middleware. While any is registered, calls go through openapi-fetch's own
   * call, so its hooks see a `Request`; without, calls skip building one (see the README).
   */
  use(...middleware: Middleware[]): void;
  /** Removes middleware registered with `use`. */
  eject(...middleware: Middleware[]): void;
}

type Call = (path: string, init?: Record<string, unknown>) => Promise<CallResult>;

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

/** Per-call options only openapi-fetch's own call handles: a call that sets one goes through it. */
const openapiFetchOptions = ["middleware", "querySerializer", "bodySerializer", "pathSerializer", "Request"];

/**
 * openapi-fetch's call, for calls with middleware or their own serializers, with the JSON parsed
 * once: the transport reads and parses the body, so openapi-fetch is asked not to (`parseAs:
 * "stream"`) and the data comes from the transport. The call's signal, `parseAs` and parsed body
 * reach the transport on the Request (openapi-fetch copies unknown `init` keys onto it).
 */
async function viaOpenapiFetch(call: Call, path: string, init: Record<string, unknown> = {}) {
  const body: ParsedBody = {};
  const extras = { intercomSignal: init.signal ?? undefined, intercomBody: body };
  const parseAs = init.parseAs;
  if (parseAs !== undefined && parseAs !== "json") return call(path, { ...init, ...extras, intercomParseAs: parseAs });
  const result = await call(path, { ...init, ...extras, parseAs: "stream" });
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
    querySerializer: querySerializerOptions,
  });
  const direct = directCall(config.baseUrl, config.headers, transport.send);
  // The middleware registered with `use`: while there is any, every call goes through openapi-fetch.
  const middleware: Middleware[] = [];
  // The calls' types are the precomputed ones of src/method-types.ts.
  const method = (name: "GET" | "POST" | "PUT" | "DELETE") => {
    const viaOpenapi = client[name] as Call;
    return (path: string, init?: Record<string, unknown>) => {
      try {
        checkPathParams(path, init);
        if (init !== undefined) checkInitKeys(init);
      } catch (error) {
        return Promise.reject(error); // a refused call rejects, as every other failure of a call does
      }
      if (middleware.length > 0 || (init !== undefined && openapiFetchOptions.some((key) => init[key] !== undefined))) {
        return viaOpenapiFetch(viaOpenapi, path, init);
      }
      return direct(name, path, init);
    };
  };
  return {
    version: config.version as V,
    baseUrl: config.baseUrl,
    get rateLimit() {
      return transport.rateLimit;
    },
    GET: method("GET") as unknown as IntercomClient<V>["GET"],
    POST: method("POST") as unknown as IntercomClient<V>["POST"],
    PUT: method("PUT") as unknown as IntercomClient<V>["PUT"],
    DELETE: method("DELETE") as unknown as IntercomClient<V>["DELETE"],
    use(...added) {
      client.use(...added);
      middleware.push(...added);
    },
    eject(...removed) {
      client.eject(...removed);
      for (const m of removed) {
        const at = middleware.indexOf(m);
        if (at !== -1) middleware.splice(at, 1);
      }
    },
  };
}
