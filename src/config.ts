// Validates client options up front, so a wrong region or a missing token fails at construction
// with a message that names the option and its valid values, not at the first request.
import { IntercomConfigError } from "./errors.js";
import { type Region, regions } from "./regions.js";
import { type ApiVersion, defaultVersion, versions } from "./spec.js";
import type { TransportOptions } from "./transport.js";

/** Client options; the reliability ones (`retry`, `timeoutMs`, `maxConcurrent`, `logger`) come from `TransportOptions`. */
// The default matches createIntercomClient's, so `IntercomClientOptions` alone describes a default-version
// client, not one typed over every generated version at once.
export interface IntercomClientOptions<V extends ApiVersion = typeof defaultVersion> extends TransportOptions {
  /** Access token; defaults to the `INTERCOM_ACCESS_TOKEN` environment variable. */
  token?: string;
  /** The region that hosts the workspace: `"us"` (default), `"eu"` or `"au"`. */
  region?: Region;
  /** API origin that overrides `region`, e.g. a proxy or a local mock. Must be https unless loopback. */
  baseUrl?: string;
  /** The `Intercom-Version` sent with every request, and the version whose types the client has. */
  version?: V;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

export interface ResolvedConfig {
  baseUrl: string;
  version: ApiVersion;
  headers: Record<string, string>;
}

const list = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(", ");

/** Quotes a caller's value for an error message, hiding the token should it have landed in the wrong option. */
function quoter(token: string | undefined) {
  return (value: unknown) => {
    const quoted = JSON.stringify(value) ?? String(value);
    return token ? quoted.replaceAll(token, "[redacted]") : quoted;
  };
}

/** Whether `value` names an API version whose types were generated. */
export function isApiVersion(value: unknown): value is ApiVersion {
  return (versions as readonly unknown[]).includes(value);
}

function envToken(): string | undefined {
  // `process` is absent in browsers and some edge runtimes.
  return typeof process === "undefined" ? undefined : process.env?.INTERCOM_ACCESS_TOKEN;
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
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

export function resolveConfig(options: IntercomClientOptions<ApiVersion>): ResolvedConfig {
  const token = options.token ?? envToken();
  const quote = quoter(token);
  const version = options.version ?? defaultVersion;
  if (!isApiVersion(version)) {
    throw new IntercomConfigError(
      "version",
      `${quote(version)} is not a generated API version; use one of ${list(versions)}.`,
    );
  }
  const baseUrl = resolveBaseUrl(options, quote);
  if (typeof token !== "string" || token.trim() === "") {
    throw new IntercomConfigError(
      "token",
      "no access token: pass `token` or set the INTERCOM_ACCESS_TOKEN environment variable.",
    );
  }
  return {
    baseUrl,
    version,
    headers: {
      Accept: "application/json",
      "Intercom-Version": version,
      ...options.headers,
      Authorization: `Bearer ${token}`,
    },
  };
}
