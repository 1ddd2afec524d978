// The CLI's exit codes (documented in the README and `intercom --help`), and the error that maps to
// the usage code.

export const exitCodes = {
  /** The request succeeded (2xx), or the listing was printed. */
  ok: 0,
  /**
   * Intercom answered with a non-2xx status (its error codes and request_id are on stderr), or with
   * a response that cannot be used (e.g. a list page without its items).
   */
  http: 1,
  /** Bad arguments, unknown path or method, no token: nothing was sent. */
  usage: 2,
  /** No complete response: connection failed, broke, or timed out. */
  network: 3,
  /** Interrupted with Ctrl-C (128 + SIGINT); what was already printed is complete lines. */
  interrupted: 130,
  /** A bug in the CLI: the stack trace is on stderr. */
  internal: 70,
} as const;

/** A mistake in the command line: reported with a hint, exit code 2, and nothing sent. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
