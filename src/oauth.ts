/**
 * `intercom-fetch/oauth`: Intercom's OAuth authorization-code flow for public apps, in two calls:
 * send the person to {@link authorizeUrl}, then trade the `code` Intercom redirects back with for an
 * access token with {@link exchangeCode}.
 *
 * Facts relied on (https://developers.intercom.com/docs/build-an-integration/learn-more/authentication/setting-up-oauth
 * and https://intercom-developer-hub.readme.io/reference/using-oauth):
 * - the consent page is `https://app.intercom.com/oauth` (EU `app.eu.intercom.com`, AU
 *   `app.au.intercom.com`) with `client_id`, `state` (echoed back; guards against CSRF) and an
 *   optional `redirect_uri`, one of the app's registered HTTPS redirect URLs (else the first);
 * - the token endpoint is `POST /auth/eagle/token` on the API host, with `code`, `client_id` and
 *   `client_secret`; the code expires after about 5 minutes; the answer holds `token_type`
 *   (`"Bearer"`) and the token as `access_token` (older answers: `token`). Tokens do not expire.
 *
 * @module intercom-fetch/oauth
 */
import { maxTimerMs, resolveBaseUrl, showValue } from "./config.js";
import { IntercomConfigError } from "./errors.js";
import { readAtMost } from "./read-capped.js";
import { type Region, regions } from "./regions.js";

export type { Region } from "./regions.js";

/** The consent page of each region. */
export const authorizeHosts: Readonly<Record<Region, string>> = {
  us: "https://app.intercom.com",
  eu: "https://app.eu.intercom.com",
  au: "https://app.au.intercom.com",
};

/** The options of {@link authorizeUrl}. */
export interface AuthorizeUrlOptions {
  /** The app's client ID (Developer Hub, Basic Information). */
  clientId: string;
  /** An unguessable value tied to the person's session; check that the redirect echoes it. */
  state: string;
  /** One of the app's registered redirect URLs (HTTPS); Intercom uses the first registered one without it. */
  redirectUri?: string;
  /** The region of the workspaces to install into: `"us"` (default), `"eu"` or `"au"`. */
  region?: Region;
}

function requireText(option: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new IntercomConfigError(option, "must be a non-empty string.");
  }
  return value;
}

function checkRegion(region: unknown): Region {
  if (region === undefined) return "us";
  if (typeof region === "string" && Object.hasOwn(regions, region)) return region as Region;
  throw new IntercomConfigError("region", `${showValue(region)} is not "us", "eu" or "au".`);
}

function checkRedirectUri(value: unknown): string {
  let url: URL;
  try {
    url = new URL(requireText("redirectUri", value));
  } catch (error) {
    if (error instanceof IntercomConfigError) throw error;
    throw new IntercomConfigError("redirectUri", `${JSON.stringify(value)} is not an absolute URL.`);
  }
  if (url.protocol !== "https:") {
    throw new IntercomConfigError("redirectUri", "must be an https:// URL (Intercom only redirects over HTTPS).");
  }
  return url.href;
}

/**
 * The URL of Intercom's consent page: redirect the person there to install your app.
 *
 * @example
 * const state = crypto.randomUUID(); // keep it in the session, compare it on the redirect
 * response.redirect(authorizeUrl({ clientId: env.INTERCOM_CLIENT_ID, state }));
 */
export function authorizeUrl(options: AuthorizeUrlOptions): string {
  const url = new URL("/oauth", authorizeHosts[checkRegion(options.region)]);
  url.searchParams.set("client_id", requireText("clientId", options.clientId));
  url.searchParams.set("state", requireText("state", options.state));
  if (options.redirectUri !== undefined) url.searchParams.set("redirect_uri", checkRedirectUri(options.redirectUri));
  return url.href;
}

/** The options of {@link exchangeCode}. */
export interface ExchangeCodeOptions {
  /** The `code` query parameter of the redirect. */
  code: string;
  clientId: string;
  /** The app's client secret: sent in the request body only, never in an error. */
  clientSecret: string;
  /** The region of the workspace that installed the app: its API host answers (default `"us"`). */
  region?: Region;
  /** Another API origin, e.g. a proxy or a local test server; overrides `region`. https unless loopback. */
  baseUrl?: string;
  /** Cancels the exchange. */
  signal?: AbortSignal;
  /** Gives up after this many ms (default 30 000). */
  timeoutMs?: number;
}

/** What the token endpoint granted. */
export interface OAuthToken {
  /** Use as `createIntercomClient({ token: accessToken })`. */
  accessToken: string;
  /** `"Bearer"`. */
  tokenType: string;
}

/**
 * Why {@link exchangeCode} failed: `rejected` (Intercom answered non-2xx, e.g. an expired or used
 * code, or a wrong secret), `invalid_response` (2xx without a token), `network` or `timeout`.
 */
export type OAuthErrorReason = "rejected" | "invalid_response" | "network" | "timeout";

/** Thrown by {@link exchangeCode}. Its message and fields never contain the client secret or the code. */
export class IntercomOAuthError extends Error {
  override readonly name = "IntercomOAuthError";
  constructor(
    readonly reason: OAuthErrorReason,
    message: string,
    readonly details: {
      /** The HTTP status of a `rejected` exchange. */
      status?: number;
      /** Intercom's error code, e.g. `"unauthorized"`. */
      code?: string;
      requestId?: string;
    } = {},
  ) {
    super(`intercom-fetch: OAuth code exchange failed (${reason}): ${message}`);
  }
}

/** `text` without the secrets, raw or URL-encoded, that went into the request. */
function scrub(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) {
    for (const form of new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
    ])) {
      clean = clean.replaceAll(form, "[redacted]");
    }
  }
  return clean;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A token response is a few hundred bytes; reading stops well before a body that never ends costs memory. */
const maxTokenResponseBytes = 1024 * 1024;

const str = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

function rejection(response: Response, text: string, secrets: readonly string[]): IntercomOAuthError {
  const body = parseJson(text);
  const first = Array.isArray(body?.errors) ? (body.errors[0] as Record<string, unknown> | undefined) : undefined;
  const code = str(first?.code) ?? str(body?.error);
  const detail = str(first?.message) ?? str(body?.error_description) ?? (body ? undefined : text.trim().slice(0, 200));
  const requestId = str(body?.request_id) ?? response.headers.get("x-request-id") ?? undefined;
  const message = `HTTP ${response.status}${code ? ` ${code}` : ""}${detail ? `: ${detail}` : ""}`;
  return new IntercomOAuthError("rejected", scrub(message, secrets), { status: response.status, code, requestId });
}

/**
 * Trades the `code` of Intercom's redirect for an access token (`POST /auth/eagle/token`). Check
 * the redirect's `state` against the one you sent before calling this.
 *
 * @throws {IntercomConfigError} for a missing option or a bad `region`/`baseUrl` (nothing is sent).
 * @throws {IntercomOAuthError} when the exchange fails.
 */
export async function exchangeCode(options: ExchangeCodeOptions): Promise<OAuthToken> {
  const code = requireText("code", options.code);
  const clientId = requireText("clientId", options.clientId);
  const clientSecret = requireText("clientSecret", options.clientSecret);
  const secrets = [clientSecret, code];
  const quote = (value: unknown) => scrub(showValue(value), secrets);
  const origin = resolveBaseUrl({ region: checkRegion(options.region), baseUrl: options.baseUrl }, quote);
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!(timeoutMs > 0 && timeoutMs <= maxTimerMs)) {
    throw new IntercomConfigError("timeoutMs", `${quote(timeoutMs)} is not between 1 and ${maxTimerMs} ms.`);
  }
  // The caller's signal and the timeout both abort the request.
  const controller = new AbortController();
  const forward = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) forward();
  options.signal?.addEventListener("abort", forward, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  // Form-encoded, as Intercom's own examples post it.
  const body = new URLSearchParams({ code, client_id: clientId, client_secret: clientSecret });
  let response: Response;
  // Undefined: longer than a token response can be (read no further, so memory stays bounded).
  let text: string | undefined;
  try {
    response = await fetch(`${origin}/auth/eagle/token`, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body,
      redirect: "manual", // the secret goes to this origin only: a redirect is a rejection
      signal: controller.signal,
    });
    const bytes = response.body ? await readAtMost(response.body, maxTokenResponseBytes) : new Uint8Array(0);
    text = bytes && new TextDecoder().decode(bytes);
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    const message = timedOut ? `no response within ${timeoutMs} ms` : String((error as Error).message ?? error);
    throw new IntercomOAuthError(timedOut ? "timeout" : "network", scrub(message, secrets));
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", forward);
  }
  if (!response.ok) throw rejection(response, text ?? "", secrets);
  if (text === undefined) {
    throw new IntercomOAuthError(
      "invalid_response",
      `HTTP ${response.status} with a body over ${maxTokenResponseBytes} bytes.`,
      {
        status: response.status,
      },
    );
  }
  const granted = parseJson(text);
  const accessToken = str(granted?.access_token) ?? str(granted?.token);
  if (!accessToken) {
    throw new IntercomOAuthError("invalid_response", `HTTP ${response.status} without an access_token.`, {
      status: response.status,
    });
  }
  return { accessToken, tokenType: str(granted?.token_type) ?? "Bearer" };
}
