// The types of the client's GET/POST/PUT/DELETE: exact, and looked up rather than derived.
//
// openapi-fetch infers `init` as a generic and intersects it with `{ [key: string]: unknown }`, so a
// misspelt key compiles (openapi-typescript#1769); it also derives each call's options and result at
// the call site, which cost ~190,000 type instantiations for 15 calls (issue 12). Here codegen has
// written every call's `init` argument and result out (generated/<version>/calls.ts, see
// scripts/lib/emit-signatures.ts): the path picks an entry, `init` is checked against its concrete
// type, so a misspelt key is an error at that key ("Did you mean …?"), and a path that is not an
// operation says so. openapi-fetch stays the runtime.
import type {
  BodySerializer,
  ClientOptions,
  HeadersOptions,
  Middleware,
  ParseAs,
  PathSerializer,
  QuerySerializer,
  QuerySerializerOptions,
} from "openapi-fetch";
import type { RetryOptions } from "./transport/retry.js";
import type { ApiVersion, CallsByVersion, PathsByVersion } from "./generated.js";

/** The HTTP methods Intercom's API uses. */
export type Method = "get" | "post" | "put" | "delete";

/**
 * Per-request options intercom-fetch adds to openapi-fetch's; every method's `init` accepts them.
 * openapi-fetch copies them onto the `Request`, where the transport reads them.
 */
export interface RequestExtras {
  /** This call's retry policy, merged over the client's; `false` disables retries. */
  retry?: Partial<RetryOptions> | false;
  /** This call's per-attempt timeout in ms, over the client's `timeoutMs`. */
  timeoutMs?: number;
  /** This call's overall limit in ms across attempts, retry waits and rate-limit holds, over the client's `deadlineMs`. */
  deadlineMs?: number;
  /** This call's cap on the response body in bytes, over the client's `maxResponseBytes`. */
  maxResponseBytes?: number;
  /**
   * Declares that sending this request twice is harmless, so 408, 5xx, timeouts and network
   * errors are retried as for GET/PUT/DELETE. Set it on POSTs that are upserts, e.g.
   * `POST /companies` or `POST /tags`; never on ones that create content or send messages.
   * `false` stops those retries for any method. (429 is always retried: nothing was processed.)
   */
  idempotent?: boolean;
}

/**
 * What every call's `init` takes beside the operation's `params` and `body`: openapi-fetch's request
 * options (its `RequestOptions` less the operation-specific ones, and `fetch`'s `RequestInit`), then
 * intercom-fetch's {@link RequestExtras}.
 */
export interface RequestOptions extends Omit<RequestInit, "body" | "headers">, RequestExtras {
  /** This call's origin instead of the client's. */
  baseUrl?: string;
  /** How `params.query` becomes the query string. */
  querySerializer?: QuerySerializer<unknown> | QuerySerializerOptions;
  /** How `body` becomes the request body (JSON by default). */
  bodySerializer?: BodySerializer<unknown>;
  /** How `params.path` fills the path's `{placeholders}`. */
  pathSerializer?: PathSerializer;
  /** How the response body is read (`json` by default); the types still describe the JSON. */
  parseAs?: ParseAs;
  /** A fetch for this call only; it replaces the client's transport (auth, retries, rate limits). */
  fetch?: ClientOptions["fetch"];
  /** Extra request headers. */
  headers?: HeadersOptions;
  /** Middleware for this call only, run with the client's own. */
  middleware?: Middleware[];
}

/** The precomputed calls of API version `V` (generated/<version>/calls.ts). */
export type CallsOf<V extends ApiVersion> = CallsByVersion<RequestOptions>[V];

/** One entry of a generated call map: the `init` argument as a tuple, and the result's two bodies. */
interface CallSignature {
  args: unknown[];
  data: unknown;
  error: unknown;
}

/** The result of a call: openapi-fetch's `{ data, error, response }` union. */
type CallResult<Data, Error> =
  { data: Data; error?: never; response: Response } | { data?: never; error: Error; response: Response };

/** A version's precomputed calls: for each method, its paths' {@link CallSignature}s. */
type VersionCalls = { [M in Method]: Record<string, CallSignature> };

type Paths<Calls extends VersionCalls, M extends Method> = keyof Calls[M] & string;
type SignatureOf<Calls extends VersionCalls, M extends Method, P> =
  P extends Paths<Calls, M> ? Calls[M][P] : { args: [init?: unknown]; data: never; error: never };

// Hints for a path that is not an operation, computed only for such a path. A segment in braces
// matches any one non-empty segment, so "/contacts/123" finds "/contacts/{id}".
type Segments<S extends string> = S extends `${infer Head}/${infer Rest}` ? [Head, ...Segments<Rest>] : [S];
type SegmentsMatch<Given extends string[], Template extends string[]> = Given extends [
  infer G extends string,
  ...infer GivenRest extends string[],
]
  ? Template extends [infer T extends string, ...infer TemplateRest extends string[]]
    ? (T extends `{${string}}` ? (G extends "" ? false : true) : G extends T ? true : false) extends true
      ? SegmentsMatch<GivenRest, TemplateRest>
      : false
    : false
  : Template extends []
    ? true
    : false;
type TemplatesMatching<Calls extends VersionCalls, M extends Method, P extends string> = {
  [T in Paths<Calls, M>]: SegmentsMatch<Segments<P>, Segments<T>> extends true ? T : never;
}[Paths<Calls, M>];
// A singular/plural slip or a trailing slash: "/conversation" finds "/conversations".
type Respelt<Calls extends VersionCalls, M extends Method, P extends string> =
  | (`${P}s` extends Paths<Calls, M> ? `${P}s` : never)
  | (P extends `${infer Base}s` | `${infer Base}/` ? (Base extends Paths<Calls, M> ? Base : never) : never);
type MethodsOf<Calls extends VersionCalls, P extends string> = {
  [K in Method]: P extends Paths<Calls, K> ? Uppercase<K> : never;
}[Method];
type Hint<Calls extends VersionCalls, M extends Method, P extends string> = [TemplatesMatching<Calls, M, P>] extends [
  never,
]
  ? [Respelt<Calls, M, P>] extends [never]
    ? [MethodsOf<Calls, P>] extends [never]
      ? ""
      : ` ${P} takes ${MethodsOf<Calls, P>}.`
    : ` Did you mean ${Respelt<Calls, M, P>}?`
  : ` Did you mean ${TemplatesMatching<Calls, M, P>}? Path parameters go in params.path.`;

declare const notAPath: unique symbol;
/**
 * What a path that is not an operation is checked against: a message saying so, naming the nearest
 * operation if there is one. (The brand keeps the message out of editors' path completions; the
 * conditional keeps it from being computed, or printed as this alias, before the path is known.)
 */
type NotAnOperation<
  Calls extends VersionCalls,
  M extends Method,
  V extends string,
  P extends string,
> = P extends unknown
  ? `${Uppercase<M>} ${P} is not an operation of Intercom API ${V}.${Hint<Calls, M, P>}` & {
      readonly [notAPath]: never;
    }
  : never;

/**
 * `GET`, `POST`, `PUT` or `DELETE` of a client for API version `V`, whose precomputed calls are `Calls`:
 * the path selects the call, then `init` (required when the operation has required parameters or a
 * required body) is checked exactly against it. `Call` is not for callers: as a default rather than
 * an indexed access in the parameter list, the compiler looks it up once the path is known instead
 * of relating `init` to every path's signature first (~10x the instantiations).
 */
export type ExactMethod<Calls extends VersionCalls, M extends Method, V extends string> = <
  P extends string,
  Call extends CallSignature = SignatureOf<Calls, M, P>,
>(
  path:
    | (P & Paths<Calls, M>)
    | (P extends Paths<Calls, M> ? never : NotAnOperation<Calls, M, V, P>)
    | (P extends never ? P : never),
  ...init: Call["args"]
) => Promise<CallResult<Call["data"], Call["error"]>>;

// The API version whose generated `paths` are `P`, for the helpers below that take a `paths` type.
type VersionOfPaths<P> = { [V in ApiVersion]: [P] extends [PathsByVersion[V]] ? V : never }[ApiVersion];
type CallFor<Paths, P, M extends Method> =
  SignatureOf<CallsOf<VersionOfPaths<Paths>>, M, P> extends infer Call extends CallSignature ? Call : never;

/** The second argument of a call, e.g. `RequestInitFor<paths, "/contacts/{id}", "get">`, with no extra keys. */
export type RequestInitFor<Paths extends {}, P extends keyof Paths, M extends Method> = NonNullable<
  CallFor<Paths, P, M>["args"][0]
>;

/** The result of a call, e.g. `ResponseFor<paths, "/contacts/{id}", "get">`: `{ data, error, response }`. */
export type ResponseFor<Paths extends {}, P extends keyof Paths, M extends Method> = CallResult<
  CallFor<Paths, P, M>["data"],
  CallFor<Paths, P, M>["error"]
>;
