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
import { isApiVersion } from "./config.js";
import {
  type ApiVersion,
  type PathsByVersion,
  defaultVersion,
  examplesByVersion,
  metadata,
  versions,
} from "./generated.js";
import { type RouteTemplate, matchPath, nearestTemplates } from "./routes.js";
import type { Method } from "./types.js";

type DefaultVersion = typeof defaultVersion;

/** The methods of a path item that have an operation (openapi-typescript marks the others `?: never`). */
type MethodsOf<Item> = {
  [M in Method]: M extends keyof Item ? ([NonNullable<Item[M]>] extends [never] ? never : M) : never;
}[Method];

type PathParamsOf<Op> = Op extends { parameters: { path: infer P } } ? { [K in keyof P]-?: string } : {};

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
  /** The query string. */
  query: URLSearchParams;
  /** The parsed JSON body, typed as the spec's request body; not validated. */
  body: RequestBodyOf<Op>;
  /** The request itself, e.g. to read headers. */
  request: Request;
}

/** Answers one operation: return a typed result, or a `Response` for anything the spec does not describe. */
export type FakeHandler<Op> = (
  request: FakeRequest<Op>,
) => FakeResult<Op> | Response | Promise<FakeResult<Op> | Response>;

/** Handlers by path template and method, e.g. `{ "/contacts/{id}": { get: () => ({ body: contact }) } }`. */
export type FakeHandlers<Paths> = {
  [P in keyof Paths]?: { [M in MethodsOf<Paths[P]>]?: FakeHandler<NonNullable<Paths[P][M & keyof Paths[P]]>> };
};

/** Options of {@link createFakeIntercom}. */
export interface FakeIntercomOptions<V extends ApiVersion = DefaultVersion> {
  /** The API version whose routes and types the fake has; defaults to the client's default. */
  version?: V;
  /** Handlers by path template and method; routes without one answer with the spec's example. */
  handlers?: FakeHandlers<PathsByVersion[V]>;
  /** Answer routes without a handler with the spec's example response (default `true`); if `false`, with 501. */
  examples?: boolean;
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
}

/** A fake Intercom listening on 127.0.0.1. */
export interface FakeIntercomServer {
  /** The origin to pass as `baseUrl`, e.g. `"http://127.0.0.1:53012"`. */
  readonly url: string;
  /** Stops the server. */
  close(): Promise<void>;
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
    handler: FakeHandler<NonNullable<PathsByVersion[V][P][M & keyof PathsByVersion[V][P]]>>,
  ): void;
  /** Serves the fake over HTTP on 127.0.0.1 (port 0 by default: a free port) for code that only takes a base URL. */
  listen(options?: { port?: number }): Promise<FakeIntercomServer>;
}

function errorList(status: number, code: string, message: string): Response {
  return Response.json({ type: "error.list", request_id: null, errors: [{ code, message }] }, { status });
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
  query: URLSearchParams;
  body: unknown;
  request: Request;
}) => unknown;
type AnyResult = { status?: number; body?: unknown; headers?: Record<string, string> };

function toResponse(result: AnyResult): Response {
  const status = result.status ?? 200;
  const headers = new Headers(result.headers);
  if (result.body === undefined) return new Response(null, { status, headers });
  headers.set("Content-Type", "application/json");
  return new Response(JSON.stringify(result.body), { status, headers });
}

/**
 * Creates a fake Intercom for tests: every operation of the spec is routed; handlers you give are
 * type-checked against the generated types, and every other route answers with the spec's example.
 * Requests without a bearer token get Intercom's 401.
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
  const handlers = new Map<string, AnyHandler>();
  const requests: RecordedRequest[] = [];

  const on = (path: PropertyKey, method: string, handler: unknown) => {
    const key = `${method.toUpperCase()} ${String(path)}`;
    if (!operations.some((op) => op.method === method.toLowerCase() && op.path === path)) {
      throw new TypeError(`intercom-fetch/testing: ${key} is not an operation of API ${version}.`);
    }
    handlers.set(key, handler as AnyHandler);
  };
  for (const [path, methods] of Object.entries(options.handlers ?? {})) {
    for (const [method, handler] of Object.entries(methods as Record<string, unknown>)) on(path, method, handler);
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const body = await readBody(request.clone());
    const matches = matchPath(operations, url.pathname);
    const match = matches.find((m) => m.operation.method === request.method.toLowerCase());
    const route = match?.operation.path ?? null;
    requests.push({ method: request.method, route, url, headers: request.headers, body });

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
    const handler = handlers.get(key);
    if (handler) {
      const result = await handler({ params: match.params, query: url.searchParams, body, request });
      return result instanceof Response ? result : toResponse(result as AnyResult);
    }
    const example = options.examples === false ? undefined : examples[`${match.operation.method} ${route}`];
    if (!example) {
      return errorList(501, "not_implemented", `intercom-fetch/testing has no handler or example for ${key}.`);
    }
    return toResponse(example);
  }

  return {
    requests,
    on,
    fetch: (input, init) => handle(new Request(input, init)),
    listen: (listenOptions) => serve(handle, listenOptions?.port ?? 0),
  } as FakeIntercom<V>;
}

async function serve(handle: (request: Request) => Promise<Response>, port: number): Promise<FakeIntercomServer> {
  const { createServer } = await import("node:http");
  const server = createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new Request(new URL(req.url ?? "/", `http://${req.headers.host}`), {
        method: req.method ?? "GET",
        headers,
        ...(hasBody && { body: Buffer.concat(chunks) }),
      });
      const response = await handle(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      // A throwing handler is the test's bug: answer 500 with its message rather than hang the client.
      res.writeHead(500, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({
          type: "error.list",
          request_id: null,
          errors: [{ code: "fake_handler_error", message: String(error) }],
        }),
      );
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("intercom-fetch/testing: no TCP address");
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
