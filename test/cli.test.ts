// Builds the `intercom` CLI into one file with esbuild (as a package build would: tsx would cost a
// second per spawn), spawns it against a local node:http server, and checks what it sends, prints
// and exits with.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

const source = fileURLToPath(new URL("../src/cli/index.ts", import.meta.url));
let cli: string;
const token = "tok_secret_5f2a1b3c";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}
type Handler = (request: Seen, res: ServerResponse) => void;

let server: ReturnType<typeof createServer>;
let baseUrl: string;
let seen: Seen[] = [];
let handler: Handler = (_, res) => json(res, 200, {});

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  cli = join(await mkdtemp(join(tmpdir(), "intercom-cli-build-")), "intercom.mjs");
  await build({
    entryPoints: [source],
    outfile: cli,
    bundle: true,
    platform: "node",
    format: "esm",
    logLevel: "error",
  });
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = {
      method: req.method!,
      url: req.url!,
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    };
    seen.push(request);
    handler(request, res);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  seen = [];
  handler = (_, res) => json(res, 200, {});
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], options: { stdin?: string; tty?: string; env?: Record<string, string> } = {}) {
  const child = spawn(process.execPath, [cli, ...args], {
    env: {
      PATH: process.env.PATH,
      INTERCOM_ACCESS_TOKEN: token,
      ...(options.tty && { INTERCOM_CLI_TTY: options.tty }),
      ...options.env,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin.end(options.stdin ?? "");
  return child;
}

async function finish(child: ChildProcess): Promise<Run> {
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const [code] = (await once(child, "close")) as [number | null];
  expect(stdout + stderr).not.toContain(token);
  return { code, stdout, stderr };
}

const run = (args: string[], options?: Parameters<typeof start>[1]) => finish(start(args, options));
const api = (args: string[], options?: Parameters<typeof start>[1]) =>
  run(["api", ...args, "--base-url", baseUrl], options);

describe("intercom api", () => {
  it("matches a literal path to its template and prints compact JSON when stdout is not a terminal", async () => {
    handler = (_, res) => json(res, 200, { type: "contact", id: "123", tags: { data: [] } });
    const result = await api(["/contacts/123"]);
    expect(result).toEqual({ code: 0, stdout: '{"type":"contact","id":"123","tags":{"data":[]}}\n', stderr: "" });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "GET", url: "/contacts/123" });
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${token}`);
    expect(seen[0]!.headers["intercom-version"]).toBe("2.10");
  });

  it("prints indented JSON on a terminal", async () => {
    handler = (_, res) => json(res, 200, { type: "admin", id: "1" });
    const result = await api(["/me"], { tty: "stdout" });
    expect(result.stdout).toBe('{\n  "type": "admin",\n  "id": "1"\n}\n');
  });

  it("builds a POST body from -f (strings) and -F (typed) fields, nested and in order", async () => {
    const result = await api([
      "/contacts/search",
      "-F",
      "query[operator]=AND",
      "-f",
      "query[value][][field]=email",
      "-F",
      "pagination[per_page]=5",
      "-f",
      "note=42",
      "-F",
      "flag=true",
    ]);
    expect(result.code).toBe(0);
    expect(seen[0]!.method).toBe("POST");
    expect(JSON.parse(seen[0]!.body)).toEqual({
      query: { operator: "AND", value: [{ field: "email" }] },
      pagination: { per_page: 5 },
      note: "42",
      flag: true,
    });
  });

  it("puts fields of a GET in the query string; GET is the default where the path has no POST", async () => {
    await api(["-X", "GET", "/conversations?order=desc", "-f", "per_page=5", "-f", "display_as=plaintext"]);
    await api(["/conversations/7", "-f", "display_as=plaintext"]);
    expect(seen.map((s) => [s.method, s.url])).toEqual([
      ["GET", "/conversations?order=desc&per_page=5&display_as=plaintext"],
      ["GET", "/conversations/7?display_as=plaintext"],
    ]);
  });

  it("takes the body from stdin or a file with --input", async () => {
    const body = { role: "user", email: "a@example.com" };
    await api(["/contacts", "--input", "-"], { stdin: JSON.stringify(body) });
    const file = join(await mkdtemp(join(tmpdir(), "intercom-cli-")), "body.json");
    await writeFile(file, JSON.stringify({ ...body, name: "A" }));
    await api(["-X", "PUT", "/contacts/abc", "--input", file]);
    expect(seen.map((s) => [s.method, s.url, JSON.parse(s.body)])).toEqual([
      ["POST", "/contacts", body],
      ["PUT", "/contacts/abc", { ...body, name: "A" }],
    ]);
  });

  it("reads the token from stdin with --token-stdin", async () => {
    const result = await api(["/me", "--token-stdin"], { stdin: `${token}\n`, env: { INTERCOM_ACCESS_TOKEN: "" } });
    expect(result.code).toBe(0);
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${token}`);
  });

  it("prints Intercom's error codes and request_id on stderr and exits 1 on an HTTP error", async () => {
    handler = (_, res) =>
      json(res, 404, {
        type: "error.list",
        request_id: "req_0043csj9",
        errors: [{ code: "not_found", message: "User Not Found" }],
      });
    const result = await api(["/contacts/nope"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("HTTP 404");
    expect(result.stderr).toContain("not_found: User Not Found");
    expect(result.stderr).toContain("request_id: req_0043csj9");
  });

  it("exits 3 when the server cannot be reached", async () => {
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    const result = await run(["api", "/me", "--base-url", `http://127.0.0.1:${port}`]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("network");
  });

  it("rejects unknown paths and methods with exit 2, suggests the nearest paths, and sends nothing", async () => {
    const unknown = await api(["/contact/123"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("/contact/123 is not a path of Intercom API 2.10");
    expect(unknown.stderr.split("\n")[1]).toBe("  /contacts/{id}");
    const method = await api(["-X", "PATCH", "/contacts/123"]);
    expect(method.code).toBe(2);
    expect(method.stderr).toContain("/contacts/{id} in API 2.10 has GET, PUT, DELETE; PATCH is not one of them");
    expect(seen).toHaveLength(0);
  });

  it("refuses a token on the command line without echoing it, and needs one from env or stdin", async () => {
    const argument = await api(["/me", `--token=${token}`]);
    expect(argument.code).toBe(2);
    expect(argument.stderr).toContain("INTERCOM_ACCESS_TOKEN");
    const none = await api(["/me"], { env: { INTERCOM_ACCESS_TOKEN: "" } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no access token");
    expect(seen).toHaveLength(0);
  });

  it("rejects --paginate for an operation that is not a list", async () => {
    const result = await api(["/me", "--paginate"]);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toContain("not a paginated operation");
  });
});

describe("intercom api --paginate", () => {
  // GET /conversations: a cursor list of `conversations`, next cursor at pages.next.starting_after.
  const pageOf = (page: number, last: number) => ({
    type: "conversation.list",
    conversations: [1, 2, 3].map((n) => ({ type: "conversation", id: `${page}-${n}` })),
    pages: { type: "pages", next: page < last ? { starting_after: `after-${page}` } : null },
  });
  const pageNumber = (url: string) => {
    const after = new URL(url, "http://x").searchParams.get("starting_after");
    return after ? Number(after.slice("after-".length)) + 1 : 1;
  };

  it("prints every item as one JSON line, with no progress line when stderr is not a terminal", async () => {
    handler = (request, res) => json(res, 200, pageOf(pageNumber(request.url), 3));
    const result = await api(["/conversations", "--paginate", "-f", "per_page=3"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(
      result.stdout
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line).id),
    ).toEqual(["1", "2", "3"].flatMap((page) => [`${page}-1`, `${page}-2`, `${page}-3`]));
    expect(seen.map((s) => s.url)).toEqual([
      "/conversations?per_page=3",
      "/conversations?per_page=3&starting_after=after-1",
      "/conversations?per_page=3&starting_after=after-2",
    ]);
  });

  it("shows items, pages and rate on a terminal's stderr", async () => {
    handler = (request, res) => json(res, 200, pageOf(pageNumber(request.url), 2));
    const result = await api(["/conversations", "--paginate"], { tty: "stderr" });
    expect(result.stdout.trimEnd().split("\n")).toHaveLength(6);
    expect(result.stderr).toMatch(/6 items, 2 pages, [\d,]+ items\/s\n$/);
  });

  it("stops on Ctrl-C with exit 130, keeping the lines already printed whole", async () => {
    handler = (request, res) => {
      if (pageNumber(request.url) === 1) json(res, 200, pageOf(1, 5));
      // The second page never comes: the CLI is interrupted while waiting for it.
    };
    const child = start(["api", "/conversations", "--paginate", "--base-url", baseUrl]);
    const finished = finish(child);
    let printed = "";
    for await (const chunk of child.stdout!) {
      printed += chunk;
      if (printed.split("\n").length > 3) break;
    }
    await expect.poll(() => seen.length).toBe(2);
    child.kill("SIGINT");
    const result = await finished;
    expect(result.code).toBe(130);
    expect(printed).toBe(["1-1", "1-2", "1-3"].map((id) => `{"type":"conversation","id":"${id}"}\n`).join(""));
  });

  it("stops a single call on Ctrl-C with exit 130 and no output", async () => {
    handler = () => {}; // never answers
    const child = start(["api", "/me", "--base-url", baseUrl]);
    const finished = finish(child);
    await expect.poll(() => seen.length).toBe(1);
    child.kill("SIGINT");
    expect(await finished).toEqual({ code: 130, stdout: "", stderr: "" });
  });

  it("reports a failed page like any HTTP error", async () => {
    handler = (request, res) =>
      pageNumber(request.url) === 1
        ? json(res, 200, pageOf(1, 5))
        : json(res, 403, { type: "error.list", request_id: "r2", errors: [{ code: "api_plan_restricted" }] });
    const result = await api(["/conversations", "--paginate"]);
    expect(result.code).toBe(1);
    expect(result.stdout.trimEnd().split("\n")).toHaveLength(3);
    expect(result.stderr).toContain("api_plan_restricted");
    expect(result.stderr).toContain("request_id: r2");
  });
});

describe("intercom operations", () => {
  it("lists a tag's operations with method, path, summary and pagination", async () => {
    const result = await run(["operations", "--tag", "tickets"]);
    expect(result.code).toBe(0);
    const rows = result.stdout
      .trimEnd()
      .split("\n")
      .map((line) => line.split("\t"));
    expect(rows).toContainEqual(["POST", "/tickets/search", "Search tickets", "search"]);
    expect(rows).toContainEqual(["GET", "/tickets/{id}", "Retrieve a ticket", "-"]);
    expect(rows.every((row) => row.length === 4)).toBe(true);
  });

  it("links a terminal to the tag's page of the operation reference, which exists", async () => {
    const result = await run(["operations", "--tag", "help center"], { tty: "stdout" });
    const url = "https://github.com/intercom-fetch/intercom-fetch/blob/main/docs/operations/2.10/help-center.md";
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe(`Reference: ${url}`);
    expect(existsSync(new URL(`../${url.split("/blob/main/")[1]}`, import.meta.url))).toBe(true);
    expect((await run(["operations"])).stdout).not.toContain("Reference:");
  });

  it("names the known tags when one is unknown", async () => {
    const result = await run(["operations", "--tag", "nope"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Tickets");
  });
});
