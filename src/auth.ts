// Bearer auth: a fixed token goes into the client's default headers once; a token function is called
// once per call, when the call is sent, so every attempt of that call (its retries and redirects)
// carries the same token and a later call can carry a rotated one.
import { type WaitLimit, raceAbort } from "./abort.js";
import type { Outgoing } from "./transport/outgoing.js";
import { IntercomConfigError, IntercomError } from "./errors.js";
import { redactText, registerSecret } from "./redact.js";

/** Returns the access token for the call about to be sent, e.g. from a secrets manager or an OAuth refresh. */
export type TokenProvider = () => string | Promise<string>;

/**
 * `token` if it can be sent as a bearer token, else an `IntercomConfigError` that does not quote it:
 * fetch would reject it later with an error that does.
 */
export function checkToken(token: unknown, what: string, rotating = false): string {
  if (typeof token !== "string") throw new IntercomConfigError("token", `${what} is not a string (${typeof token}).`);
  if (token.trim() === "") throw new IntercomConfigError("token", `${what} is empty.`);
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new IntercomConfigError(
      "token",
      `${what} is not a valid header value: it must be printable ASCII without spaces or line breaks (check for a stray newline).`,
    );
  }
  registerSecret(token, rotating);
  return token;
}

/**
 * Sets the `Authorization` header of a call from the token function. Nothing is sent when it fails,
 * nor when it has not returned by the call's `deadline`, within `timeoutMs`, or before the call's
 * signal aborts: those end the wait at once.
 */
export async function authorize(
  request: Pick<Outgoing, "method" | "url" | "headers" | "signal">,
  provide: TokenProvider,
  timeoutMs: number,
  deadline: WaitLimit,
): Promise<void> {
  const provided = (async () => provide())().catch((error: unknown) => {
    // Its message is the caller's; it goes through the same redaction as everything the client surfaces.
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new IntercomConfigError("token", `the token function failed: ${redactText(detail)}`);
  });
  const timeoutAt = Date.now() + timeoutMs;
  const limit =
    timeoutAt < deadline.at
      ? {
          at: timeoutAt,
          error: () =>
            new IntercomError({
              kind: "timeout",
              method: request.method,
              url: request.url,
              attempts: 0,
              reason: `the token function returned no token within ${timeoutMs} ms (timeoutMs)`,
            }),
        }
      : deadline;
  const token = await raceAbort(provided, request.signal, limit);
  request.headers.authorization = `Bearer ${checkToken(token, "the token function's result", true)}`;
}
