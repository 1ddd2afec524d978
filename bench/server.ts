// The local Intercom stand-in the request benchmarks call, run as its own process (see
// server-process.ts) so its work does not share an event loop with the client being measured.
// `node --import tsx bench/server.ts <items>` listens on 127.0.0.1:0 and prints `{"port":N}`.
//   GET /me         a small admin object (request-overhead benchmark)
//   GET /contacts   <items> contacts, `per_page` (max 150) at a time, with Intercom's query cursor:
//                   `pages.next.starting_after`, absent on the last page (pagination benchmark)
import { createServer, type ServerResponse } from "node:http";

const totalItems = Number(process.argv[2] ?? 0);
const maxPerPage = 150;

const me = JSON.stringify({
  type: "admin",
  id: "991267460",
  email: "admin@example.com",
  name: "Ada Admin",
  email_verified: true,
  app: { type: "app", id_code: "this_is_an_id", name: "Bench", region: "US", timezone: "UTC" },
});

const cursorFor = (index: number) => Buffer.from(JSON.stringify([index])).toString("base64url");
const indexOf = (cursor: string) => (JSON.parse(Buffer.from(cursor, "base64url").toString()) as [number])[0];

function contact(i: number) {
  return {
    type: "contact",
    id: `6${i.toString(16).padStart(23, "0")}`,
    role: "user",
    email: `user${i}@example.com`,
    name: `User ${i}`,
    created_at: 1_700_000_000 + i,
  };
}

// Pages are serialised once and reused, so repeated runs measure the client rather than this server.
const pages = new Map<string, string>();
function contactsPage(start: number, perPage: number): string {
  const key = `${start}:${perPage}`;
  let body = pages.get(key);
  if (body === undefined) {
    const end = Math.min(start + perPage, totalItems);
    const data = Array.from({ length: Math.max(end - start, 0) }, (_, k) => contact(start + k));
    const page = Math.floor(start / perPage) + 1;
    body = JSON.stringify({
      type: "list",
      data,
      total_count: totalItems,
      pages: {
        type: "pages",
        page,
        per_page: perPage,
        total_pages: Math.ceil(totalItems / perPage),
        ...(end < totalItems && { next: { page: page + 1, starting_after: cursorFor(end) } }),
      },
    });
    pages.set(key, body);
  }
  return body;
}

function send(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

// Serialise the pages a full listing at the largest page size asks for up front, so no benchmark
// round pays for it.
for (let start = 0; start < totalItems; start += maxPerPage) contactsPage(start, maxPerPage);

const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  if (req.method === "GET" && url.pathname === "/me") return send(res, 200, me);
  if (req.method === "GET" && url.pathname === "/contacts") {
    const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 10), maxPerPage);
    const cursor = url.searchParams.get("starting_after");
    return send(res, 200, contactsPage(cursor ? indexOf(cursor) : 0, perPage));
  }
  send(res, 404, JSON.stringify({ type: "error.list", errors: [{ code: "not_found", message: url.pathname }] }));
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("server has no TCP address");
  console.log(JSON.stringify({ port: address.port }));
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
