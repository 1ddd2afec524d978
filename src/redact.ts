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
 * (a response header, a body, a runtime's error message), not only after `Bearer `. Values shorter
 * than `minSecretLength` are not real tokens (Intercom's are about 60 characters): removing them
 * from text would garble every message of a test that uses `token: "t"`.
 * Clients' fixed tokens are kept; a token function's results are kept only as the latest
 * `maxRotatingSecrets`, so one that returns a new token per call grows neither memory nor the
 * pattern without bound.
 */
const fixedSecrets = new Set<string>();
/** Least recently registered first. */
const rotatingSecrets = new Set<string>();
const minSecretLength = 8;
const maxRotatingSecrets = 256;
/** One pattern for every registered token and its URL encoding, so a replacement is never matched again. */
let secretPattern: RegExp | undefined;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Adds a token to the values `redactText` removes: a client's own (kept), or a token function's result (`rotating`). */
export function registerSecret(secret: string, rotating = false): void {
  if (secret.length < minSecretLength || fixedSecrets.has(secret)) return;
  const known = rotatingSecrets.delete(secret);
  if (rotating) {
    rotatingSecrets.add(secret); // now the most recent
    if (known) return;
    if (rotatingSecrets.size > maxRotatingSecrets) rotatingSecrets.delete(rotatingSecrets.values().next().value!);
  } else fixedSecrets.add(secret);
  const variants = [...fixedSecrets, ...rotatingSecrets].flatMap((s) => [s, encodeURIComponent(s)]);
  // Longest first, so a token that contains another is removed whole.
  variants.sort((a, b) => b.length - a.length);
  secretPattern = new RegExp([...new Set(variants)].map(escapeRegExp).join("|"), "g");
}

/** A copy of `headers` as a plain object (lower-case names), with credential values replaced. */
export function redactHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const [name, value] of headers instanceof Headers ? headers : Object.entries(headers)) {
    const key = name.toLowerCase();
    copy[key] = secretHeaders.has(key) ? REDACTED : redactText(value);
  }
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
  const redacted = secretPattern ? text.replace(secretPattern, REDACTED) : text;
  return redacted.replace(/(Bearer(?:\s|%20|\+)+)[^\s"',;&]+/gi, `$1${REDACTED}`);
}
