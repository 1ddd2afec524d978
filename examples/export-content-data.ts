// Export the message delivery and engagement data of last month's outbound content (Intercom's
// content data export) to NDJSON, one CSV row per line, streamed from the download to the file.
// Ctrl-C cancels the job, so it does not block the workspace's one pending export.
//
//   INTERCOM_ACCESS_TOKEN=… npx tsx examples/export-content-data.ts content.ndjson
//
// INTERCOM_BASE_URL, if set, points the example at another origin.
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { createIntercomClient } from "intercom-fetch";
import { IntercomExportError, exportContentData } from "intercom-fetch/export";

const file = process.argv[2] ?? "content.ndjson";
const intercom = createIntercomClient({ baseUrl: process.env.INTERCOM_BASE_URL });
const controller = new AbortController();
process.once("SIGINT", () => controller.abort(new Error("interrupted")));

const now = new Date();
const range = {
  created_at_after: Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1) / 1000,
  created_at_before: Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) / 1000 - 1,
};

try {
  const job = await exportContentData(intercom, range, {
    pollIntervalMs: 10_000,
    signal: controller.signal,
    onStatus: (status) => process.stderr.write(`job ${status.job_identifier}: ${status.status}\n`),
  });
  const out = createWriteStream(file);
  let count = 0;
  for await (const row of job.rows({ signal: controller.signal })) {
    if (!out.write(JSON.stringify(row) + "\n")) await once(out, "drain"); // the file's back-pressure
    count += 1;
  }
  out.end();
  await once(out, "finish");
  process.stderr.write(`${count} rows (${job.status}) written to ${file}\n`);
} catch (error) {
  if (!(error instanceof IntercomExportError)) throw error;
  // failed, canceled, job_pending (another export is running), invalid_response or download_failed
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
