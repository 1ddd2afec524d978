// The one options resolver: client options are validated once, at construction, and per-request
// options once per call; the transport only ever sees the resolved values. A wrong option fails
// with an IntercomConfigError that names it and its valid values, not at the first request.
import { type TokenProvider, checkToken } from "./auth.js";
import { IntercomConfigError } from "./errors.js";
import { type ApiVersion, defaultVersion, reviewed, versions } from "./generated.js";
import type { RateLimitStore } from "./rate-limit/store.js";
import { type Region, regions } from "./regions.js";
import { type RetryOptions, defaultRetryOptions, isIdempotentMethod } from "./transport/retry.js";
import type { RequestExtras } from "./method-types.js";
import type { IntercomLogger } from "./transport/transport.js";

/** A fetch implementation as the transport calls it: once per attempt, with the attempt's signal. */
export type FetchFunction = (request: Request, init: { signal: AbortSignal; redirect: "manual" }) => Promise<Response>;

/** The reliability options of `createIntercomClient`. */
export interface TransportOptions {
  /** Retry policy (defaults: 3 retries, 500 ms base, 20 s cap); `false` disables retries. */
  retry?: Partial<RetryOptions> | false;
  /** Per-attempt timeout in ms, covering the response body too (default 30 000). */
  timeoutMs?: number;
  /**
   * An overall limit in ms across a call's attempts, retry waits and rate-limit holds (default:
   * `Infinity`, none). A wait that would end after it fails at once with a `timeout` IntercomError.
   */
  deadlineMs?: number;
  /**
   * The largest response body read into memory, in bytes (default 50 MB; `Infinity` for none). A
   * larger one fails with an `invalid_response` IntercomError; `parseAs: "stream"` bodies are not capped.
   */
  maxResponseBytes?: number;
  /** The most requests in flight at once (default: no bound). Waiting for a retry frees the slot. */
  maxConcurrent?: number;
  /** Receives request, response, retry and throttle events, with credentials redacted. */
  logger?: IntercomLogger;
  /**
   * A fetch implementation, called as `fetch(request, { signal, redirect: "manual" })` once per attempt;
   * defaults to `globalThis.fetch` at call time. Pass the signal on, or timeouts cannot close the
   * connection; the client follows redirects itself.
   */
  fetch?: FetchFunction;
  /**
   * Where the rate-limit budget is kept. By default each client keeps its own; a shared `store` (e.g.
   * `redisRateLimitStore` from `intercom-fetch/redis`) gives every client using it one budget. While
   * the store fails, the client uses its own budget and logs a `rate_limit_store` event.
   */
  rateLimit?: { store?: RateLimitStore };
}

/** Client options; the reliability ones (`retry`, `timeoutMs`, `maxConcurrent`, `logger`) come from `TransportOptions`. */
// The default matches createIntercomClient's, so `IntercomClientOptions` alone describes a default-version
// client, not one typed over every generated version at once.
export interface IntercomClientOptions<V extends ApiVersion = typeof defaultVersion> extends TransportOptions {
  /**
   * Access token, or a function that returns one (sync or async) when a call is sent: it is called once
   * per call, so retries reuse its token and a later call gets a rotated one. Defaults to the
   * `INTERCOM_ACCESS_TOKEN` environment variable.
   */
  token?: string | TokenProvider;
  /** The region that hosts the workspace: `"us"` (default), `"eu"` or `"au"`. */
  region?: Region;
  /** API origin that overrides `region`, e.g. a proxy or a local mock. Must be https unless loopback. */
  baseUrl?: string;
  /** The `Intercom-Version` sent with every request, and the version whose types the client has. */
  version?: V;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

/** Long enough for Intercom's slowest searches, short enough that a dead connection surfaces. */
export const defaultTimeoutMs = 30_000;

/** Far above any JSON Intercom returns (a page of 150 conversations is a few MB), far below a memory problem. */
const defaultMaxResponseBytes = 50 * 1024 * 1024;

/** How one request is sent: the client's policy, with that request's own options over it. */
export interface RequestPolicy {
  retry: RetryOptions;
  timeoutMs: number;
  /** Infinity: none. */
  deadlineMs: number;
  /** Infinity: no cap. */
  maxResponseBytes: number;
  idempotent: boolean;
}

/** Every client option, checked and with its default filled in. */
export interface ResolvedOptions {
  baseUrl: string;
  version: ApiVersion;
  headers: Record<string, string>;
  retry: RetryOptions;
  timeoutMs: number;
  deadlineMs: number;
  maxResponseBytes: number;
  /** Undefined: no bound. */
  maxConcurrent: number | undefined;
  logger: IntercomLogger | undefined;
  fetch: FetchFunction | undefined;
  /** Undefined: the client's own budget. */
  rateLimitStore: RateLimitStore | undefined;
  /** Set when the token comes from a function; a fixed token is in `headers`. */
  tokenProvider: TokenProvider | undefined;
}

const list = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(", ");

/**
 * A caller's value as an error message shows it: strings quoted, numbers as written (JSON would show
 * Infinity and NaN as `null`), and whatever JSON cannot show (a BigInt, a cycle) as `String` gives it.
 */
export function showValue(value: unknown): string {
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "symbol") return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Quotes a caller's value for an error message, hiding the token should it have landed in the wrong option. */
function quoter(token: string | undefined) {
  return (value: unknown) => {
    const quoted = showValue(value);
    return token ? quoted.replaceAll(token, "[redacted]") : quoted;
  };
}

const warnedUnreviewed = new Set<string>();

/**
 * Warns once per process and version when a client uses a version whose description is generated but
 * not yet reviewed (a fresh `spec:bump`): its types can still be wrong where spec:check has findings.
 */
export function warnIfUnreviewed(
  version: string,
  isReviewed: Readonly<Record<string, boolean>> = reviewed,
  warn: (message: string) => void = console.warn,
): void {
  if (isReviewed[version] !== false || warnedUnreviewed.has(version)) return;
  warnedUnreviewed.add(version);
  warn(
    `intercom-fetch: API version ${version} is generated from a description that is not reviewed yet; ` +
      "its types may be wrong where the description is (see the change report in openapi/changes/).",
  );
}

/** Whether `value` names an API version whose types were generated. */
export function isApiVersion(value: unknown): value is ApiVersion {
  return (versions as readonly unknown[]).includes(value);
}

function envToken(): string | undefined {
  // `process` is absent in browsers and some edge runtimes.
  return typeof process === "undefined" ? undefined : process.env?.INTERCOM_ACCESS_TOKEN;
}

/**
 * 127.0.0.0/8, `localhost` and `::1`, in any spelling: the URL parser has already normalised
 * `127.1`, `0x7f.1` or `[0:0::1]`, and writes the IPv4-mapped `[::ffff:127.0.0.1]` as `[::ffff:7f00:1]`.
 */
function isLoopback(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname === "localhost." ||
    hostname === "[::1]" ||
    /^127(\.\d{1,3}){3}$/.test(hostname) ||
    /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(hostname)
  );
}

/** The API origin of `region` or `baseUrl`, checked; `quote` renders a caller's value for an error message. */
export function resolveBaseUrl(
  options: Pick<IntercomClientOptions<ApiVersion>, "region" | "baseUrl">,
  quote: (value: unknown) => string,
): string {
  if (options.baseUrl === undefined) {
    const region = options.region ?? "us";
    if (!Object.hasOwn(regions, region)) {
      throw new IntercomConfigError(
        "region",
        `${quote(region)} is not a region; use one of ${list(Object.keys(regions))}.`,
      );
    }
    return regions[region];
  }
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch {
    throw new IntercomConfigError(
      "baseUrl",
      `${quote(options.baseUrl)} is not an absolute URL, e.g. "https://proxy.example.com".`,
    );
  }
  if (url.username || url.password) {
    // fetch refuses URLs with credentials, and its error would quote them; the token is the credential.
    throw new IntercomConfigError(
      "baseUrl",
      `must not contain a user name or password; the access token authenticates.`,
    );
  }
  if (url.search !== "" || url.hash !== "" || /[?#]/.test(url.href)) {
    // openapi-fetch appends paths to the base URL as text: a query or fragment would swallow them.
    throw new IntercomConfigError(
      "baseUrl",
      "must not contain a query (?…) or fragment (#…); give the origin and path only.",
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new IntercomConfigError("baseUrl", `protocol ${JSON.stringify(url.protocol)} is not supported; use https:.`);
  }
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
    throw new IntercomConfigError(
      "baseUrl",
      `plain http:// would send the access token unencrypted to ${url.host}; use https:, or http:// only to localhost, 127.0.0.0/8 or [::1].`,
    );
  }
  return url.href.replace(/\/+$/, "");
}

/** The longest delay timers take (2³¹−1 ms, about 24.8 days); a longer one fires after 1 ms instead. */
export const maxTimerMs = 2 ** 31 - 1;

const isNonNegative = (value: unknown): value is number =>
  typeof value === "number" && Number.isFinite(value) && value >= 0;
const isPositive = (value: unknown): value is number => typeof value === "number" && value > 0;

/**
 * `base` overridden by a `retry` option (`false` disables retries); throws `IntercomConfigError`
 * naming `option` for anything else.
 */
export function resolveRetryOptions(value: unknown, base: RetryOptions, option = "retry"): RetryOptions {
  if (value === undefined) return base;
  if (value === false) return { ...base, maxRetries: 0 };
  if (typeof value !== "object" || value === null) {
    throw new IntercomConfigError(option, "use `false` or `{ maxRetries?, baseDelayMs?, maxDelayMs? }`.");
  }
  const resolved = { ...base };
  for (const [key, given] of Object.entries(value)) {
    if (!Object.hasOwn(defaultRetryOptions, key)) {
      throw new IntercomConfigError(
        option,
        `unknown key ${JSON.stringify(key)}; use maxRetries, baseDelayMs or maxDelayMs.`,
      );
    }
    if (given === undefined) continue;
    if (!isNonNegative(given) || (key === "maxRetries" ? !Number.isInteger(given) : given > maxTimerMs)) {
      throw new IntercomConfigError(
        `${option}.${key}`,
        key === "maxRetries"
          ? `${String(given)} is not a non-negative integer.`
          : `${String(given)} is not a number of milliseconds from 0 to ${maxTimerMs}.`,
      );
    }
    resolved[key as keyof RetryOptions] = given;
  }
  return resolved;
}

/** `Infinity` means no limit; anything else must fit a timer. */
function resolveTimeout(value: unknown, fallback: number, option: "timeoutMs" | "deadlineMs" = "timeoutMs"): number {
  if (value === undefined) return fallback;
  if (value === Infinity || (isPositive(value) && value <= maxTimerMs)) return value;
  throw new IntercomConfigError(
    option,
    `${String(value)} is not a number of milliseconds from 1 to ${maxTimerMs}, or Infinity for none.`,
  );
}

/** `Infinity` means no cap. */
function resolveMaxResponseBytes(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (value === Infinity || (isPositive(value) && Number.isSafeInteger(value))) return value;
  throw new IntercomConfigError(
    "maxResponseBytes",
    `${String(value)} is not a positive whole number of bytes, or Infinity for no cap.`,
  );
}

function resolveMaxConcurrent(value: unknown): number | undefined {
  if (value === undefined || value === Infinity) return undefined;
  if (isPositive(value) && Number.isInteger(value)) return value;
  throw new IntercomConfigError("maxConcurrent", `${String(value)} is not a positive integer.`);
}

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/; // RFC 9110 §5.6.2 token
const headerValue = /^[\t\x20-\x7e\x80-\xff]*$/; // RFC 9110 §5.5, without line breaks

/**
 * `value` if `name` is a header name and `value` a header value, else an IntercomConfigError naming
 * `option`. The value is not quoted: it may be a credential.
 */
export function checkHeader(option: string, name: string, value: unknown): string {
  if (!headerName.test(name)) throw new IntercomConfigError(option, `${JSON.stringify(name)} is not a header name.`);
  const text = typeof value === "number" || typeof value === "boolean" ? String(value) : value;
  if (typeof text !== "string" || !headerValue.test(text)) {
    throw new IntercomConfigError(
      option,
      `the value of ${JSON.stringify(name)} is not a string that can be a header value (check for a stray newline).`,
    );
  }
  return text;
}

/** Extra headers: an object of valid names and string values. Values are not quoted: one may be a credential. */
function resolveHeaders(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new IntercomConfigError("headers", "use an object of header names and string values.");
  }
  for (const [name, given] of Object.entries(value)) {
    checkHeader("headers", name, typeof given === "string" ? given : undefined);
  }
  return value as Record<string, string>;
}

function resolveFunction<F>(option: string, value: F | undefined, what: string): F | undefined {
  if (value === undefined || typeof value === "function") return value;
  throw new IntercomConfigError(option, `must be a function that ${what}.`);
}

function resolveRateLimit(value: unknown): RateLimitStore | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Object.keys(value).some((key) => key !== "store")) {
    throw new IntercomConfigError(
      "rateLimit",
      "use `{ store }`, e.g. `{ store: redisRateLimitStore(redis, { key }) }`.",
    );
  }
  const { store } = value as { store?: Partial<RateLimitStore> };
  if (store === undefined) return undefined;
  if (typeof store?.take !== "function" || typeof store.observe !== "function" || !("current" in store)) {
    throw new IntercomConfigError("rateLimit.store", "must have `take()`, `observe(observation)` and `current`.");
  }
  return store as RateLimitStore;
}

/** Checks every client option and fills in the defaults. */
export function resolveClientOptions(options: IntercomClientOptions<ApiVersion>): ResolvedOptions {
  if (typeof options !== "object" || options === null) {
    // Not quoted: a string here is likely the access token, passed where the options go.
    const shown = options === null ? "null" : `a ${typeof options}`;
    throw new IntercomConfigError(
      "options",
      `${shown} is not an options object; pass \`{ token }\`, \`{}\` or nothing.`,
    );
  }
  const { token: option = envToken() } = options;
  const tokenProvider = typeof option === "function" ? option : undefined;
  const fixed = typeof option === "function" ? undefined : option;
  const quote = quoter(fixed);
  const version = options.version ?? defaultVersion;
  if (!isApiVersion(version)) {
    throw new IntercomConfigError(
      "version",
      `${quote(version)} is not a generated API version; use one of ${list(versions)}.`,
    );
  }
  warnIfUnreviewed(version);
  const baseUrl = resolveBaseUrl(options, quote);
  if (!tokenProvider && (fixed === undefined || (typeof fixed === "string" && fixed.trim() === ""))) {
    throw new IntercomConfigError(
      "token",
      "no access token: pass `token` or set the INTERCOM_ACCESS_TOKEN environment variable.",
    );
  }
  const token = tokenProvider ? undefined : checkToken(fixed, "the token");
  return {
    baseUrl,
    version,
    headers: {
      Accept: "application/json",
      "Intercom-Version": version,
      ...resolveHeaders(options.headers),
      ...(token && { Authorization: `Bearer ${token}` }),
    },
    retry: resolveRetryOptions(options.retry, defaultRetryOptions),
    timeoutMs: resolveTimeout(options.timeoutMs, defaultTimeoutMs),
    deadlineMs: resolveTimeout(options.deadlineMs, Infinity, "deadlineMs"),
    maxResponseBytes: resolveMaxResponseBytes(options.maxResponseBytes, defaultMaxResponseBytes),
    maxConcurrent: resolveMaxConcurrent(options.maxConcurrent),
    logger: resolveFunction("logger", options.logger, "receives log events"),
    fetch: resolveFunction("fetch", options.fetch, "takes a Request and returns a Response"),
    rateLimitStore: resolveRateLimit(options.rateLimit),
    tokenProvider,
  };
}

/** A call's own options (`RequestExtras`) as the caller passed them: unchecked until resolved here. */
type UncheckedExtras = { method: string } & { [K in keyof RequestExtras]?: unknown };

/** A request's own options over the client's. Most calls set none, and get the client's policy as is. */
export function resolveRequestPolicy(request: UncheckedExtras, client: ResolvedOptions): RequestPolicy {
  const { retry, timeoutMs, deadlineMs, maxResponseBytes, idempotent } = request;
  if (idempotent !== undefined && typeof idempotent !== "boolean") {
    throw new IntercomConfigError("idempotent", `${String(idempotent)} is not a boolean.`);
  }
  return {
    retry: resolveRetryOptions(retry, client.retry),
    timeoutMs: resolveTimeout(timeoutMs, client.timeoutMs),
    deadlineMs: resolveTimeout(deadlineMs, client.deadlineMs, "deadlineMs"),
    maxResponseBytes: resolveMaxResponseBytes(maxResponseBytes, client.maxResponseBytes),
    idempotent: idempotent ?? isIdempotentMethod(request.method),
  };
}
