/**
 * `intercom-fetch/export`: Intercom's content data export (message delivery and engagement data of
 * outbound content) as one call. Intercom runs it as a job: create (`POST /export/content/data`),
 * poll (`GET /export/content/data/{job_identifier}`) until it is done, then download a gzipped CSV
 * (`GET /download/content/data/{job_identifier}`, `Accept: application/octet-stream`). A workspace
 * may have one pending job at a time; a second create gets 429. Completed jobs can be downloaded
 * for two days. (The API reference's Data Export operations; the 2.10 description in openapi/.)
 *
 * @module intercom-fetch/export
 */
import { parse } from "csv-parse/stream";
import { raceAbort, sleep } from "./abort.js";
import { IntercomConfigError, IntercomError, intercomErrorFromResult } from "./errors.js";
import { maxTimerMs } from "./config.js";
import type { Schema } from "./schemas.js";
import type { ApiVersion } from "./generated.js";

/** `pending`, `in_progress`, `completed`, `no_data`, `failed` or `canceled`. */
export type ContentExportStatus = NonNullable<Schema<"data_export">["status"]>;

/**
 * A job as Intercom describes it (the `data_export` schema; test/export.test.ts checks that they
 * agree); `onStatus` receives each one.
 */
export interface ContentExportJob {
  /** The job's identifier, for the status, download and cancel paths. */
  job_identifier?: string;
  /** Where the job is. */
  status?: ContentExportStatus;
  /** Where the CSV can be downloaded, once completed. */
  download_url?: string;
  /** When the download expires (Unix seconds, as a string). */
  download_expires_at?: string;
}

/** The time range to export, in Unix seconds; Intercom counts messages sent in it. */
export interface ContentExportRange {
  created_at_after: number;
  created_at_before: number;
}

/** The options of {@link exportContentData}. */
export interface ContentExportOptions {
  /** The wait between status checks (default 5 000 ms). */
  pollIntervalMs?: number;
  /** Aborting stops waiting and cancels the job (`POST /export/cancel/{job_identifier}`). */
  signal?: AbortSignal;
  /**
   * Called with the job as created and after each status check. If it throws, or the promise it returns
   * rejects, the job is canceled; a promise is awaited (until `signal` aborts) before the next check.
   */
  onStatus?: (job: ContentExportJob) => void;
}

/** One CSV row, keyed by the header's column names (e.g. `user_id`, `content_type`, `receipted_at`). */
export type ContentExportRow = Record<string, string>;

/** A finished export: `completed` with its data, or `no_data` when nothing was sent in the range. */
export interface ContentExport {
  readonly jobIdentifier: string;
  readonly status: "completed" | "no_data";
  /** When the download expires (Unix seconds, as Intercom gives it), if Intercom said. */
  readonly downloadExpiresAt?: string;
  /**
   * The CSV rows as objects keyed by the header, parsed as they are downloaded: nothing holds the
   * whole file. Each call downloads the file again; a `no_data` export has no rows.
   */
  rows(options?: { signal?: AbortSignal }): AsyncIterableIterator<ContentExportRow>;
  /** The decompressed CSV as a byte stream (a new download per call); empty for `no_data`. */
  body(options?: { signal?: AbortSignal }): Promise<ReadableStream<Uint8Array>>;
}

/**
 * Why an export did not finish: `failed` or `canceled` (the job ended so, e.g. canceled elsewhere),
 * `job_pending` (the workspace already has a pending export job: Intercom allows one at a time),
 * `invalid_response` (an answer without a job identifier, a status this library does not know, or
 * a download that is not CSV), or `download_failed` (the download broke off or is corrupt gzip).
 */
export type ContentExportErrorReason = "failed" | "canceled" | "job_pending" | "invalid_response" | "download_failed";

/** Thrown by {@link exportContentData} when the job does not finish with data or `no_data`; see `reason`. */
export class IntercomExportError extends Error {
  override readonly name = "IntercomExportError";
  constructor(
    readonly reason: ContentExportErrorReason,
    message: string,
    /** The job, when one was created. */
    readonly job?: ContentExportJob,
    options?: { cause?: unknown },
  ) {
    super(`intercom-fetch: content export ${reason}: ${message}`, options);
  }
}

/**
 * What `exportContentData` needs of an `IntercomClient` (of any version). GET and POST are typed
 * loosely: checking a client's exact method types against a generic version makes tsc give up (TS2590).
 */
export interface ExportClient {
  readonly version: ApiVersion;
  GET: unknown;
  POST: unknown;
}

// The calls this module makes, typed loosely: the paths are the same in every generated version.
type Result = { data?: unknown; error?: unknown; response: Response };
interface LooseClient {
  GET(path: string, init: object): Promise<Result>;
  POST(path: string, init: object): Promise<Result>;
}

// Later than this is a timestamp in milliseconds, not seconds (it is the year 5138).
const MAX_UNIX_SECONDS = 1e11;

function checkRange(range: ContentExportRange): ContentExportRange {
  for (const key of ["created_at_after", "created_at_before"] as const) {
    const value: unknown = range?.[key];
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
      throw new IntercomConfigError(key, `${String(value)} is not a Unix time in whole seconds.`);
    }
    if (value > MAX_UNIX_SECONDS) {
      throw new IntercomConfigError(key, `${value} is in milliseconds or too far ahead; give Unix seconds.`);
    }
  }
  if (range.created_at_after > range.created_at_before) {
    throw new IntercomConfigError("created_at_after", "is later than created_at_before.");
  }
  return { created_at_after: range.created_at_after, created_at_before: range.created_at_before };
}

function checkOptions(options: ContentExportOptions): void {
  const interval = options.pollIntervalMs;
  if (interval !== undefined && !(typeof interval === "number" && interval > 0 && interval <= maxTimerMs)) {
    throw new IntercomConfigError("pollIntervalMs", `${String(interval)} is not between 1 and ${maxTimerMs} ms.`);
  }
  if (options.onStatus !== undefined && typeof options.onStatus !== "function") {
    throw new IntercomConfigError("onStatus", "must be a function.");
  }
}

function jobOf(result: Result, step: string): ContentExportJob {
  if (!result.response.ok) throw intercomErrorFromResult(result);
  const job = result.data as ContentExportJob | undefined;
  if (typeof job?.job_identifier !== "string" || job.job_identifier === "") {
    throw new IntercomExportError("invalid_response", `${step} answered without a job_identifier.`, job);
  }
  return job;
}

/** The 429 of a second job, which Intercom words "Exceeded rate limit of 1 pending message data export jobs". */
function pendingJobError(error: unknown): IntercomExportError | undefined {
  if (!(error instanceof IntercomError) || error.status !== 429) return undefined;
  const text = [...error.errors.map((e) => e.message ?? ""), error.bodyExcerpt ?? ""].join(" ");
  if (!/pending/i.test(text)) return undefined;
  return new IntercomExportError(
    "job_pending",
    "this workspace already has a pending content export job, and Intercom allows one at a time. " +
      "Wait for it to finish, or cancel it with POST /export/cancel/{job_identifier}.",
    undefined,
    { cause: error },
  );
}

const settled = new Set<ContentExportStatus>(["completed", "no_data", "failed", "canceled"]);
const running = new Set<ContentExportStatus>(["pending", "in_progress"]);

/** Cancels a job that is still running; a failure to cancel must not hide why we stopped. */
async function cancel(client: LooseClient, job: ContentExportJob): Promise<void> {
  await client
    .POST("/export/cancel/{job_identifier}", { params: { path: { job_identifier: job.job_identifier } } })
    .catch(() => undefined);
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** Far above a row of content data (ids, an email, a title, timestamps), far below a memory problem. */
const maxRowChars = 1024 * 1024;

/** A stream of `head`, then the rest of `reader`, whose read errors pass through `mapError`. */
function relay(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  head: readonly Uint8Array[],
  mapError: (error: unknown) => unknown = (error) => error,
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of head) controller.enqueue(chunk);
    },
    async pull(controller) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (error) {
        throw mapError(error);
      }
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/**
 * `stream` decompressed if it is gzip (its first bytes say so); as it is otherwise, in case a proxy
 * or the server sent it with `Content-Encoding: gzip`, which fetch already decoded.
 */
async function gunzipped(stream: ReadableStream<Uint8Array>): Promise<ReadableStream<Uint8Array>> {
  const reader = stream.getReader();
  // The first chunks, until there are enough bytes to recognise gzip (a chunk may hold one byte).
  const head: Uint8Array[] = [];
  while (head.reduce((sum, chunk) => sum + chunk.length, 0) < GZIP_MAGIC.length) {
    const { done, value } = await reader.read();
    if (done) break;
    head.push(value);
  }
  const start = head.flatMap((chunk) => [...chunk.subarray(0, GZIP_MAGIC.length)]);
  const whole = relay(reader, head);
  if (!GZIP_MAGIC.every((byte, i) => start[i] === byte)) return whole;
  // The cast: TypeScript's DOM lib types DecompressionStream over BufferSource, not Uint8Array.
  return whole.pipeThrough(new DecompressionStream("gzip") as TransformStream<Uint8Array, Uint8Array>);
}

/** `stream` whose read errors (a broken connection, corrupt gzip) are `download_failed` errors. */
function withDownloadErrors(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): ReadableStream<Uint8Array> {
  return relay(stream.getReader(), [], (error) => {
    if (signal?.aborted) return signal.reason;
    const message = error instanceof Error ? error.message : String(error);
    return new IntercomExportError("download_failed", `reading the download: ${message}`, undefined, { cause: error });
  });
}

function completedExport(client: LooseClient, job: ContentExportJob, status: "completed" | "no_data"): ContentExport {
  const jobIdentifier = job.job_identifier!;
  async function body(options: { signal?: AbortSignal } = {}): Promise<ReadableStream<Uint8Array>> {
    if (status === "no_data") return new ReadableStream({ start: (controller) => controller.close() });
    const result = await client.GET("/download/content/data/{job_identifier}", {
      params: { path: { job_identifier: jobIdentifier } },
      headers: { Accept: "application/octet-stream" },
      parseAs: "stream",
      ...(options.signal && { signal: options.signal }),
    });
    if (!result.response.ok) throw intercomErrorFromResult(result);
    const stream = result.data as ReadableStream<Uint8Array> | null | undefined;
    const bytes = stream ?? new ReadableStream({ start: (controller) => controller.close() });
    return withDownloadErrors(await gunzipped(bytes), options.signal);
  }
  async function* rows(options: { signal?: AbortSignal } = {}): AsyncIterableIterator<ContentExportRow> {
    const bytes = await body(options);
    // columns: keys from the header row; bom: Excel-style files start with one; max_record_size: a row
    // that never ends fails instead of being buffered without bound.
    const parser = parse({ columns: true, bom: true, skip_empty_lines: true, max_record_size: maxRowChars });
    const records = bytes.pipeThrough(parser as unknown as TransformStream<Uint8Array, ContentExportRow>);
    const reader = records.getReader();
    try {
      for (;;) {
        let next: ReadableStreamReadResult<ContentExportRow>;
        try {
          next = await reader.read();
        } catch (error) {
          if (error instanceof IntercomExportError || options.signal?.aborted) throw error;
          // csv-parse's CsvError: e.g. a row with more fields than the header.
          const message = error instanceof Error ? error.message : String(error);
          throw new IntercomExportError("invalid_response", `the download is not CSV: ${message}`, undefined, {
            cause: error,
          });
        }
        if (next.done) return;
        yield next.value;
      }
    } finally {
      // A `break` out of the loop stops the download.
      await reader.cancel().catch(() => undefined);
    }
  }
  return {
    jobIdentifier,
    status,
    ...(job.download_expires_at ? { downloadExpiresAt: job.download_expires_at } : {}),
    rows,
    body,
  };
}

/**
 * Exports the content data of a time range: creates the job, polls it until it is done, and
 * resolves to an export whose `rows()` and `body()` stream the download.
 *
 * @throws {IntercomConfigError} for a bad range or option (nothing is sent).
 * @throws {IntercomExportError} when the job fails or is canceled elsewhere, or another job is pending.
 * @throws {IntercomError} when a request fails (after the client's retries).
 * @throws the signal's reason when it aborts; the job is canceled first.
 *
 * @example
 * const job = await exportContentData(intercom, { created_at_after: 1717200000, created_at_before: 1719791999 });
 * for await (const row of job.rows()) console.log(row.user_id, row.content_type, row.receipted_at);
 */
export async function exportContentData(
  intercom: ExportClient,
  range: ContentExportRange,
  options: ContentExportOptions = {},
): Promise<ContentExport> {
  const body = checkRange(range);
  checkOptions(options);
  const { signal, onStatus, pollIntervalMs = 5_000 } = options;
  signal?.throwIfAborted();
  const client = intercom as unknown as LooseClient;

  let job: ContentExportJob;
  try {
    job = jobOf(await client.POST("/export/content/data", { body, ...(signal && { signal }) }), "the create");
  } catch (error) {
    throw pendingJobError(error) ?? error;
  }
  try {
    for (;;) {
      const reported: unknown = onStatus?.(job);
      // Awaited, so that an async onStatus's rejection cancels the job instead of going unhandled.
      if (typeof (reported as PromiseLike<unknown>)?.then === "function")
        await raceAbort(Promise.resolve(reported), signal);
      const status = job.status as ContentExportStatus;
      if (status === "completed" || status === "no_data") return completedExport(client, job, status);
      if (status === "failed" || status === "canceled") {
        throw new IntercomExportError(status, `job ${job.job_identifier} ended ${status}.`, job);
      }
      if (!running.has(status)) {
        throw new IntercomExportError(
          "invalid_response",
          `job ${job.job_identifier} has status ${JSON.stringify(status)}.`,
          job,
        );
      }
      await sleep(pollIntervalMs, signal);
      const path = { job_identifier: job.job_identifier };
      job = jobOf(
        await client.GET("/export/content/data/{job_identifier}", { params: { path }, ...(signal && { signal }) }),
        "the status check",
      );
    }
  } catch (error) {
    if (!settled.has(job.status as ContentExportStatus)) await cancel(client, job);
    throw error;
  }
}
