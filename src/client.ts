import createClient, { type Middleware } from "openapi-fetch";
import { resolveConfig, type IntercomClientOptions } from "./config.js";
import { type ApiVersion, type PathsByVersion, defaultVersion } from "./spec.js";
import type { ExactMethod } from "./types.js";

type DefaultVersion = typeof defaultVersion;

/** openapi-fetch's client for one Intercom API version, with exact request types. */
export interface IntercomClient<V extends ApiVersion = DefaultVersion> {
  /** The `Intercom-Version` every request sends unless a request overrides it. */
  readonly version: V;
  /** The API origin requests go to, from `region` or `baseUrl`. */
  readonly baseUrl: string;
  GET: ExactMethod<PathsByVersion[V], "get">;
  POST: ExactMethod<PathsByVersion[V], "post">;
  PUT: ExactMethod<PathsByVersion[V], "put">;
  DELETE: ExactMethod<PathsByVersion[V], "delete">;
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
): IntercomClient<V> {
  const config = resolveConfig(options);
  const client = createClient<PathsByVersion[V]>({
    baseUrl: config.baseUrl,
    headers: config.headers,
    ...(options.fetch && { fetch: options.fetch }),
  });
  return {
    version: config.version as V,
    baseUrl: config.baseUrl,
    GET: client.GET as IntercomClient<V>["GET"],
    POST: client.POST as IntercomClient<V>["POST"],
    PUT: client.PUT as IntercomClient<V>["PUT"],
    DELETE: client.DELETE as IntercomClient<V>["DELETE"],
    use: client.use,
    eject: client.eject,
  };
}
