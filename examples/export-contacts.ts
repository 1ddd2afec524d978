// Export every contact of the workspace to NDJSON (one JSON object per line), with a progress line.
//
//   INTERCOM_ACCESS_TOKEN=… npx tsx examples/export-contacts.ts contacts.ndjson
//
// INTERCOM_BASE_URL, if set, points the example at another origin, e.g. the local mock (`npm run mock`).
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { createIntercomClient, paginate } from "intercom-fetch";

const file = process.argv[2] ?? "contacts.ndjson";
const intercom = createIntercomClient({ baseUrl: process.env.INTERCOM_BASE_URL });
const out = createWriteStream(file);

let count = 0;
// Pages are requested one at a time, only as the loop consumes them; retries and rate limits apply to each.
for await (const contact of paginate(intercom, "/contacts", { params: { query: { per_page: 150 } } })) {
  // Respect the file's back-pressure so a large workspace does not pile up in memory.
  if (!out.write(JSON.stringify(contact) + "\n")) await once(out, "drain");
  count += 1;
  if (count % 150 === 0) process.stderr.write(`\rexported ${count} contacts`);
}
out.end();
await once(out, "finish");
process.stderr.write(`\rexported ${count} contacts to ${file}\n`);
