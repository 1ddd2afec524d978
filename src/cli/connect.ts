// The options every command that calls Intercom shares (token, region, API version, headers,
// `--verbose`) and the client they configure.
import { createIntercomClient, type IntercomClient } from "../client.js";
import { IntercomConfigError } from "../errors.js";
import type { Region } from "../regions.js";
import type { ApiVersion } from "../generated.js";
import { defaultVersion } from "../generated.js";
import { UsageError } from "./exit.js";
import { readFirstLine } from "./inputs.js";
import type { CliContext } from "./output.js";
import { apiVersion } from "./resolve.js";
import { Status } from "./status.js";

export const connectionOptions = {
  header: { type: "string", short: "H", multiple: true },
  region: { type: "string" },
  "api-version": { type: "string" },
  "base-url": { type: "string" },
  "token-stdin": { type: "boolean" },
  verbose: { type: "boolean" },
} as const;

export const connectionUsage = `  -H, --header 'N: V'   a request header; repeatable
      --verbose         each request and response (headers redacted) and every retry and
                        rate-limit wait, with its reason and delay, on stderr
      --region REGION   us (default), eu or au
      --api-version V   the Intercom-Version to use (default ${defaultVersion})
      --base-url URL    another API origin, e.g. a proxy or a local mock
      --token-stdin     read the access token from stdin instead of INTERCOM_ACCESS_TOKEN`;

interface ConnectionValues {
  header?: string[];
  region?: string;
  "api-version"?: string;
  "base-url"?: string;
  "token-stdin"?: boolean;
  verbose?: boolean;
}

// RFC 9110 §5.1 token characters for the name; no CR, LF or NUL in the value (fetch would throw later).
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `-H "Name: value"` options as headers; repeated names are joined as HTTP joins them. */
function parseHeaders(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (colon <= 0 || !headerName.test(name) || /[\r\n\0]/.test(value)) {
      throw new UsageError(`header ${JSON.stringify(line)} is not "Name: value".`);
    }
    const lower = name.toLowerCase();
    if (lower === "authorization") {
      throw new UsageError("-H Authorization is not taken: set INTERCOM_ACCESS_TOKEN or use --token-stdin.");
    }
    if (lower === "intercom-version") throw new UsageError("use --api-version instead of -H Intercom-Version.");
    const existing = Object.keys(headers).find((key) => key.toLowerCase() === lower);
    if (existing === undefined) headers[name] = value;
    else headers[existing] = `${headers[existing]}, ${value}`;
  }
  return headers;
}

async function readToken(values: ConnectionValues, context: CliContext): Promise<string> {
  if (values["token-stdin"]) return (await readFirstLine(context.stdin, "--token-stdin")).trim();
  const token = context.env.INTERCOM_ACCESS_TOKEN?.trim();
  if (!token) {
    throw new UsageError("no access token: set INTERCOM_ACCESS_TOKEN, or pipe the token to --token-stdin.");
  }
  return token;
}

/** The API version the options ask for (checked), before any input is read. */
export const versionOf = (values: ConnectionValues): ApiVersion => apiVersion(values["api-version"]);

/** A client for the options, whose logger reports to `status`. Reads the token (from stdin, if asked). */
export async function connect(
  values: ConnectionValues,
  context: CliContext,
): Promise<{ client: IntercomClient<ApiVersion>; status: Status }> {
  const version = versionOf(values);
  const headers = parseHeaders(values.header ?? []);
  const token = await readToken(values, context);
  const status = new Status(context.stderr, { verbose: values.verbose === true });
  try {
    const client = createIntercomClient({
      token,
      version,
      headers,
      logger: status.logger,
      ...(values.region !== undefined && { region: values.region as Region }),
      ...(values["base-url"] !== undefined && { baseUrl: values["base-url"] }),
    });
    return { client, status };
  } catch (error) {
    if (error instanceof IntercomConfigError) throw new UsageError(error.message);
    throw error;
  }
}
