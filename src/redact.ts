// Secrets must never leave the client through an error, a log line or `util.inspect`: these helpers
// turn headers, URLs and body text into copies that are safe to show.

const REDACTED = "[redacted]";

/** Header names whose values are credentials or session state. */
const secretHeaders = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"]);

/** Query parameter names that commonly carry credentials. */
const secretQueryKey = /token|secret|password|api[-_]?key|auth|signature/i;

/** A copy of `headers` as a plain object (lower-case names), with credential values replaced. */
export function redactHeaders(headers: Headers): Record<string, string> {
  const copy: Record<string, string> = {};
  headers.forEach((value, name) => {
    copy[name] = secretHeaders.has(name) ? REDACTED : value;
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
  return parsed.href;
}

/** `text` with anything that looks like a bearer token replaced (a proxy may echo request headers). */
export function redactText(text: string): string {
  return text.replace(/(Bearer\s+)[^\s"',;]+/gi, `$1${REDACTED}`);
}
