/**
 * `intercom-fetch/testing`: a fake Intercom for your own tests; start with {@link createFakeIntercom}.
 *
 * Routes come from the generated operation metadata, handler bodies are type-checked against the
 * generated response types, and every route without a handler answers with the spec's example, so a
 * test only writes what it asserts. It is a fetch function first (any runtime and test runner, no
 * port), with `listen()` for code under test that only takes a base URL; node:http is imported lazily
 * so edge runtimes can load the module.
 *
 * @module intercom-fetch/testing
 */
import { raceAbort, sleep } from "./abort.js";
import { isApiVersion } from "./config.js";
import {
  type AnyResult,
  type FakeAnswer,
  type FakeNetworkError,
  errorList,
  isNetworkFailure,
  networkError,
  toResponse,
} from "./fake/answer.js";
import { type FakeIntercomServer, serve } from "./fake/serve.js";
import {
  type ApiVersion,
  type PathsByVersion,
  defaultVersion,
  examplesByVersion,
  metadata,
  versions,
} from "./generated.js";
import { type RouteTemplate, matchPath, nearestTemplates } from "./routes.js";
import type { Method } from "./method-types.js";

export { networkError, type FakeIntercomServer, type FakeNetworkError };

type DefaultVersion = typeof defaultVersion;

/** The methods of a path item that have an operation (openapi-typescript marks the others `?: never`). */
type MethodsOf<Item> = {
  [M in Method]: M extends keyof Item ? ([NonNullable<Item[M]>] extends [never] ? never : M) : never;
}[Method];

type PathParamsOf<Op> = Op extends { parameters: { path: infer P } } ? { [K in keyof P]-?: string } : {};

// Query parameters are optional (`query?: {…}`), and absent ones are `query?: undefined`.
type QueryOf<Op> = Op extends { parameters: { query?: infer Q } }
  ? [NonNullable<Q>] extends [never]
    ? {}
    : { [K in keyof NonNullable<Q>]?: string }
  : {};

type RequestBodyOf<Op> = Op extends { requestBody: { content: { "application/json": infer B } } }
  ? B
  : Op extends { requestBody?: { content: { "application/json": infer B } } }
    ? B | undefined
    : undefined;

type ResponsesOf<Op> = Op extends { responses: infer R } ? R : never;

type BodyField<R> = R extends { content: { "application/json": infer B } } ? { body: B } : { body?: undefined };

/** Statuses a `default` (error) response of the spec may be answered with. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500 | 502 | 503 | 504;

type ResultFor<S, R> = BodyField<R> & {
  /** Extra response headers, e.g. `Retry-After`. */
  headers?: Record<string, string>;
  /** Answer only after this many milliseconds (e.g. to trip the client's `timeoutMs`). */
  delayMs?: number;
} & (S extends 200 ? { status?: S } : S extends number ? { status: S } : { status: ErrorStatus });

/**
 * What a handler returns: one of the operation's responses in the spec, its body type-checked
 * against the generated types. `status` may be left out for 200.
 */
export type FakeResult<Op> = { [S in keyof ResponsesOf<Op>]: ResultFor<S, ResponsesOf<Op>[S]> }[keyof ResponsesOf<Op>];

/** The request a handler receives. */
export interface FakeRequest<Op> {
  /** The path parameters, as the raw (decoded) strings of the URL, e.g. `{ id: "6657…" }`. */
  params: PathParamsOf<Op>;
  /** The query parameters the spec gives the operation, as the raw strings of the URL (the first, if repeated). */
  query: QueryOf<Op>;
  /** The parsed JSON body, typed as the spec's request body; not validated. */
  body: RequestBodyOf<Op>;
  /** The request itself, e.g. to read headers or the whole URL. */
  request: Request;
}

/**
 * Answers one operation: return a typed result, a `Response` for anything the spec does not
 * describe, or {@link networkError}. A handler that throws fails the request with a 501 naming it.
 */
export type FakeHandler<Op> = (
  request: FakeRequest<Op>,
) => FakeResult<Op> | Response | FakeNetworkError | Promise<FakeResult<Op> | Response | FakeNetworkError>;

/** Handlers by path template and method, e.g. `{ "/contacts/{id}": { get: () => ({ body: contact }) } }`. */
export type FakeHandlers<Paths> = {
  [P in keyof Paths]?: { [M in MethodsOf<Paths[P]>]?: FakeHandler<NonNullable<Paths[P][M & keyof Paths[P]]>> };
};

/** The handler type of one operation of API `V`. */
type HandlerFor<V extends ApiVersion, P extends keyof PathsByVersion[V], M> = FakeHandler<
  NonNullable<PathsByVersion[V][P][M & keyof PathsByVersion[V][P]]>
>;

/** Options of {@link createFakeIntercom}. */
export interface FakeIntercomOptions<V extends ApiVersion = DefaultVersion> {
  /** The API version whose routes and types the fake has; defaults to the client's default. */
  version?: V;
  /**
   * Handlers by path template and method; routes without one answer with the spec's example.
   * (`NoInfer`: the version comes from `version` alone, so bodies are checked against its types.)
   */
  handlers?: NoInfer<FakeHandlers<PathsByVersion[V]>>;
  /**
   * Fail every request to a route without a handler (a 501 naming the route, which the client does
   * not retry), instead of answering with the spec's example, which is the same for any id.
   */
  strict?: boolean;
  /** When set, only `Authorization: Bearer <token>` is accepted; otherwise any bearer token is. */
  token?: string;
}

/** A request the fake received. */
export interface RecordedRequest {
  /** Upper-case HTTP method, e.g. `"POST"`. */
  method: string;
  /** The spec's path template it matched, e.g. `"/contacts/{id}"`, or `null` if none did. */
  route: string | null;
  /** The request URL. */
  url: URL;
  /** The request headers. */
  headers: Headers;
  /** The parsed JSON body (or the text if it is not JSON; `undefined` if empty). */
  body: unknown;
  /** Why the fake failed the request with a 501 (strict mode, a throwing handler), if it did. */
  failure?: string;
}

/** A fake Intercom: see {@link createFakeIntercom}. */
export interface FakeIntercom<V extends ApiVersion = DefaultVersion> {
  /** Answers a request as the fake Intercom would; pass it as `createIntercomClient({ fetch })`. */
  // A property, not a method: it is passed around unbound.
  readonly fetch: (input: Request | URL | string, init?: RequestInit) => Promise<Response>;
  /** Every request received, oldest first. */
  readonly requests: RecordedRequest[];
  /** Sets (or replaces) the handler of one route. */
  on<P extends keyof PathsByVersion[V], M extends MethodsOf<PathsByVersion[V][P]>>(
    path: P,
    method: M,
    handler: NoInfer<HandlerFor<V, P, M>>,
  ): void;
  /**
   * Queues handlers that each answer one request to the route, in order, before its `on` handler
   * (or example) answers again: e.g. a 429 once, then the normal answer.
   */
  once<P extends keyof PathsByVersion[V], M extends MethodsOf<PathsByVersion[V][P]>>(
    path: P,
    method: M,
    ...handlers: NoInfer<HandlerFor<V, P, M>>[]
  ): void;
  /** Forgets recorded requests, queued `once` handlers and `on` changes: back to the options' handlers. */
  reset(): void;
  /** Serves the fake over HTTP (127.0.0.1 and port 0, a free port, by default) for code that only takes a base URL. */
  listen(options?: { port?: number; host?: string }): Promise<FakeIntercomServer>;
}

async function readBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// The erased form handlers are stored in; the typed form is checked where they are given.
type AnyHandler = (request: {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  request: Request;
}) => unknown;

/** The first value of each query parameter. */
function firstValues(search: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of search) query[key] ??= value;
  return query;
}

const describeError = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : (JSON.stringify(error) ?? String(error));

const validDelay = (ms: unknown) => ms === undefined || (typeof ms === "number" && ms >= 0 && Number.isFinite(ms));

/**
 * Creates a fake Intercom for tests: every operation of the spec is routed; handlers you give are
 * type-checked against the generated types, and every other route answers with the spec's example
 * (or, with `strict`, fails). Requests without a bearer token get Intercom's 401.
 *
 * @example
 * const fake = createFakeIntercom({
 *   handlers: { "/contacts/{id}": { get: ({ params }) => ({ body: { type: "contact", id: params.id } }) } },
 * });
 * const intercom = createIntercomClient({ token: "test", fetch: fake.fetch });
 */
export function createFakeIntercom<V extends ApiVersion = DefaultVersion>(
  options: FakeIntercomOptions<V> = {},
): FakeIntercom<V> {
  const version: ApiVersion = options.version ?? defaultVersion;
  if (!isApiVersion(version)) {
    throw new TypeError(
      `intercom-fetch/testing: ${JSON.stringify(version)} is not a generated API version; use one of ${versions.join(", ")}.`,
    );
  }
  // Widened: with several API versions, `metadata[version]` is a union of tuples that inference cannot take.
  const operations: readonly RouteTemplate[] = metadata[version].operations;
  const examples = examplesByVersion[version];
  const requests: RecordedRequest[] = [];
  let handlers = new Map<string, AnyHandler>();
  const queued = new Map<string, AnyHandler[]>();

  /** `"GET /contacts/{id}"` for a route of the spec; throws a TypeError for anything else. */
  const routeKey = (path: PropertyKey, method: unknown, handler: unknown) => {
    const key = `${String(method).toUpperCase()} ${String(path)}`;
    if (!operations.some((op) => op.method === String(method).toLowerCase() && op.path === path)) {
      throw new TypeError(`intercom-fetch/testing: ${key} is not an operation of API ${version}.`);
    }
    if (typeof handler !== "function") {
      throw new TypeError(`intercom-fetch/testing: the handler of ${key} is ${typeof handler}, not a function.`);
    }
    return key;
  };
  const on = (path: PropertyKey, method: string, handler: unknown) => {
    handlers.set(routeKey(path, method, handler), handler as AnyHandler);
  };
  const once = (path: PropertyKey, method: string, ...more: unknown[]) => {
    if (more.length === 0)
      throw new TypeError(`intercom-fetch/testing: once(${String(path)}, ${method}) needs a handler.`);
    for (const handler of more) {
      const key = routeKey(path, method, handler);
      queued.set(key, [...(queued.get(key) ?? []), handler as AnyHandler]);
    }
  };
  for (const [path, methods] of Object.entries(options.handlers ?? {})) {
    for (const [method, handler] of Object.entries(methods as Record<string, unknown>)) on(path, method, handler);
  }
  const initial = new Map(handlers);

  async function handle(request: Request): Promise<FakeAnswer> {
    const url = new URL(request.url);
    const body = await readBody(request.clone());
    const matches = matchPath(operations, url.pathname);
    const match = matches.find((m) => m.operation.method === request.method.toLowerCase());
    const route = match?.operation.path ?? null;
    const recorded: RecordedRequest = { method: request.method, route, url, headers: request.headers, body };
    requests.push(recorded);
    // 501 is the one 5xx the client never retries, so the test fails at once with this message.
    const fail = (why: string) => {
      recorded.failure = `intercom-fetch/testing: ${why}`;
      return errorList(501, "fake_intercom_failure", recorded.failure);
    };

    const auth = request.headers.get("Authorization");
    const bearer = auth?.startsWith("Bearer ") ? auth.slice("Bearer ".length) : "";
    if (bearer === "" || (options.token !== undefined && bearer !== options.token)) {
      return errorList(401, "unauthorized", "Access Token Invalid");
    }
    if (!match || route === null) {
      const hint =
        matches.length > 0
          ? `it has ${matches.map((m) => m.operation.method.toUpperCase()).join(", ")}`
          : `nearest: ${nearestTemplates(operations, url.pathname).join(", ")}`;
      return errorList(404, "not_found", `No operation ${request.method} ${url.pathname} in API ${version} (${hint}).`);
    }
    const key = `${request.method} ${route}`;
    const handler = queued.get(key)?.shift() ?? handlers.get(key);
    if (!handler) {
      if (options.strict)
        return fail(`no handler for ${key} (strict mode), requested as ${request.method} ${url.pathname}.`);
      const example = examples[`${match.operation.method} ${route}`];
      return example ? toResponse(example) : fail(`no handler or example for ${key}.`);
    }
    let result: unknown;
    try {
      result = await handler({ params: match.params, query: firstValues(url.searchParams), body, request });
    } catch (error) {
      return fail(`the handler of ${key} threw ${describeError(error)}`);
    }
    if (isNetworkFailure(result)) return result;
    if (result instanceof Response) {
      return result.type === "error"
        ? fail(`the handler of ${key} returned Response.error(); return networkError() for a dropped connection.`)
        : result;
    }
    if (typeof result !== "object" || result === null) {
      return fail(`the handler of ${key} returned ${String(result)}, not { body }, a Response or networkError().`);
    }
    const { delayMs } = result as AnyResult;
    if (!validDelay(delayMs)) {
      return fail(`the handler of ${key} returned delayMs ${String(delayMs)}; use a finite number ≥ 0.`);
    }
    if (delayMs) await sleep(delayMs, request.signal);
    return toResponse(result as AnyResult);
  }

  const fetch = async (input: Request | URL | string, init?: RequestInit) => {
    const request = new Request(input, init);
    const answer = await raceAbort(handle(request), request.signal);
    if (isNetworkFailure(answer)) throw new TypeError("fetch failed", { cause: new Error(answer.message) });
    return answer;
  };

  return {
    requests,
    on,
    once,
    reset() {
      requests.length = 0;
      queued.clear();
      handlers = new Map(initial);
    },
    fetch,
    listen: (listenOptions) => serve(handle, listenOptions?.port ?? 0, listenOptions?.host),
  } as FakeIntercom<V>;
}
