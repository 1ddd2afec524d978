// One pagination run in its own process, so its peak memory is its own: every contact of the
// fixture server's GET /contacts through `paginate`, through a hand-written loop over intercom-fetch's
// GET (isolating paginate's own cost), or through a hand-written raw fetch loop. Bundled by
// pagination.ts; run as `node --expose-gc pagination-child.mjs <paginate|get-loop|raw> <baseUrl> <items>`.
import { createIntercomClient, paginate } from "../src/index.js";

const [mode, baseUrl = "", expectedText] = process.argv.slice(2);
const expected = Number(expectedText);
const token = "bench-token";
const perPage = 150;

interface ContactPage {
  data: { id?: string }[];
  pages?: { next?: { starting_after?: string } | null };
}

let items = 0;
let pages = 0;
let lastId = "";
// Live heap after a full GC, early (a tenth of the items in) and late (one item before the end):
// a streaming iterator holds about one page at both points; one that keeps items grows by all of them.
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
let heapEarly = 0;
let heapLate = 0;
function liveHeap(): number {
  gc!();
  return process.memoryUsage().heapUsed;
}
function onItem(item: { id?: string }) {
  items++;
  lastId = item.id ?? "";
  if (items === Math.floor(expected / 10)) heapEarly = liveHeap();
  if (items === expected - 1) heapLate = liveHeap();
}

const headers = { Authorization: `Bearer ${token}`, "Intercom-Version": "2.10", Accept: "application/json" };

// Counting requests at the fetch layer, the same way in every mode, shows the page size each client
// chose. globalThis.fetch, not the client's `fetch` option: that would take the client's path for a
// custom fetch (a Request per attempt), which is not what a default client pays.
const { fetch: realFetch } = globalThis;
globalThis.fetch = (...args: Parameters<typeof fetch>) => (pages++, realFetch(...args));

/** What a careful hand-written loop does: follow `pages.next.starting_after` until it is absent. */
async function rawLoop() {
  let cursor: string | undefined;
  do {
    const url = new URL("/contacts", baseUrl);
    url.searchParams.set("per_page", String(perPage));
    if (cursor !== undefined) url.searchParams.set("starting_after", cursor);
    const response = await fetch(url, { headers });
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
    const page = (await response.json()) as ContactPage;
    for (const item of page.data) onItem(item);
    cursor = page.pages?.next?.starting_after;
  } while (cursor !== undefined);
}

const intercom = createIntercomClient({ token, baseUrl });

/** The raw loop's logic over intercom-fetch's GET (auth, version, retries, rate limit). */
async function getLoop() {
  let cursor: string | undefined;
  do {
    const query = { per_page: perPage, ...(cursor !== undefined && { starting_after: cursor }) };
    const { data, error } = await intercom.GET("/contacts", { params: { query } });
    if (error !== undefined || data === undefined) throw new Error(`GET /contacts failed: ${JSON.stringify(error)}`);
    const page = data as ContactPage;
    for (const item of page.data) onItem(item);
    cursor = page.pages?.next?.starting_after;
  } while (cursor !== undefined);
}

async function viaPaginate() {
  for await (const contact of paginate(intercom, "/contacts")) onItem(contact);
}

const loops: Record<string, () => Promise<void>> = { raw: rawLoop, "get-loop": getLoop, paginate: viaPaginate };
const loop = loops[mode ?? ""];
if (!loop) throw new Error(`mode must be one of ${Object.keys(loops).join(", ")}, not ${mode}`);
const cpu = process.cpuUsage();
const started = performance.now();
await loop();
const ms = performance.now() - started;
const { user, system } = process.cpuUsage(cpu);

// Nothing dropped or repeated: the count and the last id must be the server's.
const expectedLastId = `6${(expected - 1).toString(16).padStart(23, "0")}`;
if (items !== expected || lastId !== expectedLastId) {
  throw new Error(`${mode}: got ${items} items ending at ${lastId}, expected ${expected} ending at ${expectedLastId}`);
}
console.log(
  JSON.stringify({
    seconds: ms / 1000,
    cpuUsPerItem: (user + system) / items,
    pages,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    heapGrowthMb: (heapLate - heapEarly) / 2 ** 20,
  }),
);
