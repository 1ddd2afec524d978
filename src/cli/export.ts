// `intercom export --since … --until …`: the content data export (create, poll, download) with
// its rows as NDJSON on stdout, or the CSV itself with --csv. Ctrl-C cancels the job.
import { parseArgs } from "node:util";
import { type ContentExportJob, IntercomExportError, exportContentData } from "../export.js";
import { IntercomConfigError } from "../errors.js";
import { connect, connectionOptions, connectionUsage } from "./connect.js";
import { cliMessage, exitCodes, reportFailure, UsageError } from "./exit.js";
import { type CliContext, write } from "./output.js";

export const exportUsage = `Usage: intercom export --since WHEN --until WHEN [options] > rows.ndjson

Exports the message delivery and engagement data of outbound content sent in a time range (Intercom's
content data export): creates the job, waits for it, and writes its rows as they download, one JSON
object per line keyed by the CSV header. Ctrl-C cancels the job.

WHEN is a date (2024-06-01: --since takes its start, --until its end, UTC), a date and time with a
zone (2024-06-01T12:00:00Z) or Unix seconds.

Options:
      --since WHEN      the start of the range (created_at_after)
      --until WHEN      the end of the range (created_at_before)
      --csv             write the CSV itself (decompressed) instead of NDJSON
      --poll SECONDS    the wait between status checks (default 5)
${connectionUsage}`;

const options = {
  ...connectionOptions,
  since: { type: "string" },
  until: { type: "string" },
  csv: { type: "boolean" },
  poll: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const DAY_SECONDS = 86_400;

/** Whether `yyyy-mm-dd` names a day of the calendar (Date.parse would roll 2024-06-31 over to July 1st). */
function isCalendarDay(day: string): boolean {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const parsed = new Date(Date.UTC(year, month - 1, date));
  return parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === date;
}

/** `--since`/`--until` as Unix seconds; a bare date means its first (`end: false`) or last second, UTC. */
function parseWhen(option: string, value: string | undefined, end: boolean): number {
  if (value === undefined) throw new UsageError(`--${option} is required.\n\n${exportUsage}`);
  if (/^\d+$/.test(value)) return Number(value);
  const bareDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const withZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(value);
  const ms = Date.parse(bareDate ? `${value}T00:00:00Z` : value);
  if (!(bareDate || withZone) || !isCalendarDay(value.slice(0, 10)) || Number.isNaN(ms)) {
    throw new UsageError(
      `--${option} ${JSON.stringify(value)} is not a date (2024-06-01), a date-time with a zone (2024-06-01T12:00:00Z) or Unix seconds.`,
    );
  }
  const seconds = Math.floor(ms / 1000);
  return bareDate && end ? seconds + DAY_SECONDS - 1 : seconds;
}

function parsePoll(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || seconds <= 0 || seconds > 3600) {
    throw new UsageError(`--poll ${JSON.stringify(value)} is not a number of seconds from 0 to 3600.`);
  }
  return Math.round(seconds * 1000);
}

export async function runExport(argv: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true });
  if (values.help) {
    await write(context.stdout.stream, `${exportUsage}\n`);
    return exitCodes.ok;
  }
  if (positionals.length > 0) throw new UsageError(`intercom export takes no path.\n\n${exportUsage}`);
  const range = {
    created_at_after: parseWhen("since", values.since, false),
    created_at_before: parseWhen("until", values.until, true),
  };
  const pollIntervalMs = parsePoll(values.poll);
  const { client, status } = await connect(values, context);
  const started = performance.now();
  let last: string | undefined;
  const onStatus = (job: ContentExportJob) => {
    if (job.status === last) return;
    last = job.status;
    status.note(`intercom: export job ${job.job_identifier}: ${job.status}`);
  };
  try {
    const job = await exportContentData(client, range, {
      signal: context.signal,
      onStatus,
      ...(pollIntervalMs !== undefined && { pollIntervalMs }),
    });
    let rows = 0;
    if (values.csv) {
      for await (const chunk of (await job.body({ signal: context.signal })) as unknown as AsyncIterable<Uint8Array>) {
        await write(context.stdout.stream, chunk);
      }
    } else {
      for await (const row of job.rows({ signal: context.signal })) {
        await write(context.stdout.stream, `${JSON.stringify(row)}\n`);
        rows += 1;
      }
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    status.note(`intercom: ${values.csv ? "CSV written" : `${rows.toLocaleString("en-US")} rows`} in ${seconds} s`);
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof IntercomConfigError) throw new UsageError(error.message);
    if (error instanceof IntercomExportError && !context.signal.aborted) {
      await write(context.stderr.stream, `intercom: ${cliMessage(error.message)}\n`);
      return exitCodes.http;
    }
    return reportFailure(error, context);
  }
}
