// Exact request types. openapi-fetch infers `init` as a generic and intersects it with
// `{ [key: string]: unknown }`, so a misspelt key compiles (openapi-typescript#1769). Here the path
// is inferred first and `init` is checked against the operation's concrete option type, so the
// compiler reports "Object literal may only specify known properties" at the offending key.
import type { Client, ClientPathsWithMethod, FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { RetryOptions } from "./retry.js";

/** The HTTP methods Intercom's API uses. */
export type Method = "get" | "post" | "put" | "delete";

type MediaType = `${string}/${string}`;

/**
 * Per-request options intercom-fetch adds to openapi-fetch's; every method's `init` accepts them.
 * openapi-fetch copies them onto the `Request`, where the transport reads them.
 */
export interface RequestExtras {
  /** This call's retry policy, merged over the client's; `false` disables retries. */
  retry?: Partial<RetryOptions> | false;
  /** This call's per-attempt timeout in ms, over the client's `timeoutMs`. */
  timeoutMs?: number;
  /**
   * Declares that sending this request twice is harmless, so 408, 5xx, timeouts and network
   * errors are retried as for GET/PUT/DELETE. Set it on POSTs that are upserts, e.g.
   * `POST /companies` or `POST /tags`; never on ones that create content or send messages.
   * `false` stops those retries for any method. (429 is always retried: nothing was processed.)
   */
  idempotent?: boolean;
}

/** The paths of `Paths` that have method `M`. */
export type PathsWith<Paths extends {}, M extends Method> = ClientPathsWithMethod<Client<Paths>, M>;

type OpenApiFetchInit<Paths extends {}, P extends keyof Paths, M extends Method> = MaybeOptionalInit<
  Paths[P],
  M & keyof Paths[P]
>;

/** The second argument of a call: openapi-fetch's options for that operation, with no extra keys. */
export type RequestInitFor<Paths extends {}, P extends keyof Paths, M extends Method> = NonNullable<
  OpenApiFetchInit<Paths, P, M>
> &
  RequestExtras;

/** The optional-or-required `init` argument of a call, as a rest tuple. */
export type InitArgs<Paths extends {}, P extends keyof Paths, M extends Method> =
  undefined extends OpenApiFetchInit<Paths, P, M>
    ? [init?: RequestInitFor<Paths, P, M>]
    : [init: RequestInitFor<Paths, P, M>];

/** The result of a call: openapi-fetch's `{ data, error, response }` union. */
export type ResponseFor<Paths extends {}, P extends keyof Paths, M extends Method> = FetchResponse<
  Paths[P] extends Record<M, infer Op extends Record<string | number, unknown>> ? Op : never,
  {},
  MediaType
>;

export type ExactMethod<Paths extends {}, M extends Method> = <P extends PathsWith<Paths, M>>(
  path: P,
  ...init: InitArgs<Paths, P, M>
) => Promise<ResponseFor<Paths, P, M>>;
