// Secrets must never leave the client through an error, a log line or `util.inspect`: these helpers
// turn headers, URLs and body text into copies that are safe to show.

const REDACTED = "[redacted]";

/** Header names whose values are credentials or session state. */
const secretHeaders = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"]);

/** Query parameter names that commonly carry credentials. */
const secretQueryKey = /token|secret|password|api[-_]?key|auth|signature/i;

/**
 * The access tokens of the clients created in this process. A client knows its token, so the literal
 * value and its URL encoding are removed from everything it surfaces, wherever they were echoed
 * (a response header, a body, a runtime's error message), not only after `Bearer `.
 */
const secrets = new Set<string>();

/** Adds a client's token to the values `redactText` removes. */
export function registerSecret(secret: string): void {
  secrets.add(secret);
}

/** A copy of `headers` as a plain object (lower-case names), with credential values replaced. */
export function redactHeaders(headers: Headers): Record<string, string> {
  const copy: Record<string, string> = {};
  headers.forEach((value, name) => {
    copy[name] = secretHeaders.has(name) ? REDACTED : redactText(value);
  });
  return copy;
}

/** `url` without userinfo and with credential-like query values replaced. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactText(url);
  }
  parsed.username = "";
  parsed.password = "";
  for (const key of [...parsed.searchParams.keys()]) {
    if (secretQueryKey.test(key)) parsed.searchParams.set(key, REDACTED);
  }
  return redactText(parsed.href);
}

/** `text` with the clients' tokens and anything that looks like a bearer token replaced (a proxy may echo request headers). */
export function redactText(text: string): string {
  let redacted = text;
  for (const secret of secrets) {
    redacted = redacted.replaceAll(secret, REDACTED).replaceAll(encodeURIComponent(secret), REDACTED);
  }
  return redacted.replace(/(Bearer(?:\s|%20|\+)+)[^\s"',;&]+/gi, `$1${REDACTED}`);
}
