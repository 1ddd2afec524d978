// Writing to stdout/stderr: JSON pretty on a terminal and compact otherwise, and lines with
// backpressure.
import type { Readable, Writable } from "node:stream";

export interface Terminal {
  stream: Writable;
  /** Whether a person is watching: a TTY, or forced with INTERCOM_CLI_TTY (for tests). */
  isTTY: boolean;
}

/** What a command gets of the process it runs in. */
export interface CliContext {
  stdout: Terminal;
  stderr: Terminal;
  stdin: Readable;
  env: Record<string, string | undefined>;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

/** Writes and waits while the stream's buffer is full, so a slow reader bounds memory. */
export async function write(stream: Writable, text: string | Uint8Array): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once("drain", resolve));
}

export function formatJson(value: unknown, pretty: boolean): string {
  return `${JSON.stringify(value, null, pretty ? 2 : undefined)}\n`;
}
