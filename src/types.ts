// Exact request types. openapi-fetch infers `init` as a generic and intersects it with
// `{ [key: string]: unknown }`, so a misspelt key compiles (openapi-typescript#1769). Here the path
// is inferred first and `init` is checked against the operation's concrete option type, so the
// compiler reports "Object literal may only specify known properties" at the offending key.
import type { Client, ClientPathsWithMethod, FetchResponse, MaybeOptionalInit } from "openapi-fetch";

/** The HTTP methods Intercom's API uses. */
export type Method = "get" | "post" | "put" | "delete";

type MediaType = `${string}/${string}`;

/**
 * Per-request options intercom-fetch adds to openapi-fetch's. Modules that add one augment this
 * interface, so every method's `init` accepts it.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RequestExtras {}

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

type InitArgs<Paths extends {}, P extends keyof Paths, M extends Method> =
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
