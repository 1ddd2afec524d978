import createClient, { type Middleware } from "openapi-fetch";
import { resolveConfig, type IntercomClientOptions } from "./config.js";
import { type PaginateMethod, paginateMethod } from "./paginate.js";
import type { RateLimit } from "./rate-limit.js";
import { type ApiVersion, type PathsByVersion, defaultVersion } from "./spec.js";
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
  /**
   * Every item of a list operation as a lazy async iterator (`.pages()`, `.toArray({ limit })`),
   * whichever way Intercom paginates it; see the standalone `paginate` and the README's Pagination section.
   */
  paginate: PaginateMethod<V>;
  /** Registers openapi-fetch middleware. */
  use(...middleware: Middleware[]): void;
  /** Removes middleware registered with `use`. */
  eject(...middleware: Middleware[]): void;
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
  const config = resolveConfig(options);
  const transport = createTransport(options);
  const client = createClient<PathsByVersion[V]>({
    baseUrl: config.baseUrl,
    headers: config.headers,
    fetch: transport.fetch,
    // OpenAPI's default for query objects is form + explode (`?user_id=1`), which is what the spec
    // declares for GET /events `filter`; openapi-fetch would default to deepObject (`?filter[user_id]=1`).
    querySerializer: { object: { style: "form", explode: true } },
  });
  // openapi-fetch runs the calls; their types are the precomputed ones of src/method-types.ts.
  return {
    version: config.version as V,
    baseUrl: config.baseUrl,
    get rateLimit() {
      return transport.rateLimit;
    },
    GET: client.GET as unknown as IntercomClient<V>["GET"],
    POST: client.POST as unknown as IntercomClient<V>["POST"],
    PUT: client.PUT as unknown as IntercomClient<V>["PUT"],
    DELETE: client.DELETE as unknown as IntercomClient<V>["DELETE"],
    paginate: paginateMethod<V>({
      version: config.version,
      baseUrl: config.baseUrl,
      GET: client.GET,
      POST: client.POST,
    }),
    use: client.use,
    eject: client.eject,
  };
}
