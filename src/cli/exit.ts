// The CLI's exit codes (documented in the README and `intercom --help`), the error that maps to
// the usage code, and how a failed call is reported.
import { IntercomError } from "../errors.js";
import { type CliContext, write } from "./output.js";

export const exitCodes = {
  /** The request succeeded (2xx), or the listing was printed, or the reader of stdout went away. */
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
/** A library message as the CLI prints it: after `intercom: `, the library's own prefix would repeat it. */
export const cliMessage = (message: string): string => message.replace(/^intercom-fetch: /, "");

export class UsageError extends Error {
  override readonly name = "UsageError";
  constructor(message: string) {
    super(cliMessage(message));
  }
}

function describeError(error: IntercomError): string {
  const status = error.status === undefined ? error.kind : `HTTP ${error.status} (${error.kind})`;
  const attempts = error.attempts !== undefined && error.attempts > 1 ? ` after ${error.attempts} attempts` : "";
  const lines = [`intercom: ${status}${attempts}: ${error.method} ${error.url}`];
  for (const detail of error.errors) {
    lines.push(
      `  ${detail.code}${detail.message ? `: ${detail.message}` : ""}${detail.field ? ` (field ${detail.field})` : ""}`,
    );
  }
  if (error.errors.length === 0) lines.push(`  ${error.bodyExcerpt ?? error.message}`);
  if (error.requestId) lines.push(`  request_id: ${error.requestId}`);
  return lines.join("\n") + "\n";
}

/** The exit code of a failed call, after describing an `IntercomError` on stderr; other errors are rethrown. */
export async function reportFailure(error: unknown, context: CliContext): Promise<number> {
  if (context.signal.aborted) return exitCodes.interrupted;
  if (!(error instanceof IntercomError)) throw error;
  await write(context.stderr.stream, describeError(error));
  const noResponse = error.status === undefined && (error.kind === "network" || error.kind === "timeout");
  return noResponse ? exitCodes.network : exitCodes.http;
}
