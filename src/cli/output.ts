// Writing to stdout/stderr: JSON pretty on a terminal and compact otherwise, NDJSON lines with
// backpressure, and a progress line that only a terminal gets.
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

/** Items, pages and rate of a `--paginate` run, redrawn in place on a terminal's stderr. */
export class Progress {
  #items = 0;
  #pages = 0;
  readonly #started = performance.now();
  constructor(readonly terminal: Terminal) {}

  page(items: number): void {
    this.#items += items;
    this.#pages += 1;
    this.#draw("\r\x1b[K");
  }

  /** Leaves the final count on its own line. */
  done(): void {
    if (this.#pages > 0) this.#draw("\r\x1b[K", "\n");
  }

  #draw(prefix: string, suffix = ""): void {
    if (!this.terminal.isTTY) return;
    const seconds = (performance.now() - this.#started) / 1000;
    const rate = seconds > 0 ? Math.round(this.#items / seconds) : 0;
    const n = (value: number) => value.toLocaleString("en-US");
    this.terminal.stream.write(
      `${prefix}${n(this.#items)} ${this.#items === 1 ? "item" : "items"}, ${n(this.#pages)} ${this.#pages === 1 ? "page" : "pages"}, ${n(rate)} items/s${suffix}`,
    );
  }
}
