// What the CLI says on stderr while it works: with `--verbose`, each request and response (headers
// redacted by the client's logger) and every retry and rate-limit wait with its reason and delay;
// with `--paginate`, a progress line redrawn on a terminal and a one-line summary at the end.
import type { IntercomLogEvent, IntercomLogger } from "../transport/transport.js";
import type { Terminal } from "./output.js";

// Whole numbers: a jittered delay is fractional, and "1,138.508 ms" claims a precision it does not have.
const n = (value: number) => Math.round(value).toLocaleString("en-US");
const plural = (count: number, one: string, many = `${one}s`) => `${n(count)} ${count === 1 ? one : many}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

function headerLines(prefix: string, headers: Record<string, string>): string[] {
  return Object.entries(headers).map(([name, value]) => `${prefix} ${name}: ${value}`);
}

/** The lines `--verbose` prints for one log event, curl-style: `>` sent, `<` received, `*` waits. */
function describeEvent(event: IntercomLogEvent): string[] {
  switch (event.type) {
    case "request":
      return [`> ${event.method} ${event.url} (attempt ${event.attempt})`, ...headerLines(">", event.headers), ">"];
    case "response":
      return [
        `< HTTP ${event.status} in ${n(event.durationMs)} ms (attempt ${event.attempt})`,
        ...headerLines("<", event.headers),
        "<",
      ];
    case "retry":
      return [`* attempt ${event.attempt} failed (${event.reason}); retrying in ${n(event.delayMs)} ms`];
    case "throttle":
      return [`* rate limit used up; waiting ${n(event.delayMs)} ms for the window to reset`];
    default:
      // An event this CLI does not know yet (a newer library): shown as it is.
      return [`* ${JSON.stringify(event)}`];
  }
}

export class Status {
  #items = 0;
  #pages = 0;
  #total: number | undefined;
  #retries = 0;
  #throttles = 0;
  #drawn = false;
  readonly #started = performance.now();

  constructor(
    readonly terminal: Terminal,
    readonly options: { verbose: boolean },
  ) {}

  /** The client's logger: counts retries and waits, and prints every event with `--verbose`. */
  readonly logger: IntercomLogger = (event) => {
    if (event.type === "retry") this.#retries += 1;
    if (event.type === "throttle") this.#throttles += 1;
    if (this.options.verbose) this.#print(describeEvent(event));
  };

  /** A page arrived: `totalCount` is the list's `total_count`, when it has one. */
  page(items: number, totalCount: unknown): void {
    this.#items += items;
    this.#pages += 1;
    if (typeof totalCount === "number" && Number.isFinite(totalCount)) this.#total = totalCount;
    if (!this.terminal.isTTY) return;
    const rate = Math.round(this.#items / Math.max((performance.now() - this.#started) / 1000, 0.001));
    const of = this.#total === undefined ? "" : ` of ${n(this.#total)}`;
    this.terminal.stream.write(
      `\r\x1b[K${n(this.#items)}${of} ${this.#items === 1 ? "item" : "items"}, ${plural(this.#pages, "page")}, ${n(rate)} items/s`,
    );
    this.#drawn = true;
  }

  /** One line: items, pages, time, retries (and rate-limit waits, if any); replaces the progress line. */
  summary(): void {
    const waits = this.#throttles > 0 ? `, ${plural(this.#throttles, "rate-limit wait")}` : "";
    const time = seconds(performance.now() - this.#started);
    this.#print([
      `intercom: ${plural(this.#items, "item")}, ${plural(this.#pages, "page")} in ${time}, ${plural(this.#retries, "retry", "retries")}${waits}`,
    ]);
    this.#drawn = false;
  }

  /** A line of its own on stderr, e.g. a job's status. */
  note(line: string): void {
    this.#print([line]);
  }

  // On a terminal, a line printed while the progress line is drawn replaces it; the next page redraws it.
  #print(lines: string[]): void {
    const clear = this.#drawn ? "\r\x1b[K" : "";
    this.#drawn = false;
    this.terminal.stream.write(`${clear}${lines.join("\n")}\n`);
  }
}
