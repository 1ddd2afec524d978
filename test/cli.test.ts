// Builds the `intercom` CLI into one file with esbuild (as a package build would: tsx would cost a
// second per spawn), spawns it against a local node:http server, and checks what it sends, prints
// and exits with.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { gzipSync } from "node:zlib";
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
const api = (args: string[], options?: Parameters<typeof start>[1], command = "api") =>
  run([command, ...args, "--base-url", baseUrl], options);

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

  it("stops reading --token-stdin at 64 KB without a line break (stdin is not a token), sending nothing", async () => {
    const result = await api(["/me", "--token-stdin"], {
      stdin: "a".repeat(200_000),
      env: { INTERCOM_ACCESS_TOKEN: "" },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--token-stdin");
    expect(result.stderr).not.toContain("aaaa");
    expect(seen).toHaveLength(0);
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

  it("sends -H headers (repeatable) and refuses Authorization, Intercom-Version and malformed ones", async () => {
    const result = await api([
      "/me",
      "-H",
      "X-Trace: a",
      "--header",
      "x-trace: b",
      "-H",
      "Accept: application/octet-stream",
    ]);
    expect(result.code).toBe(0);
    expect(seen[0]!.headers).toMatchObject({ "x-trace": "a, b", accept: "application/octet-stream" });
    for (const header of [`Authorization: Bearer ${token}`, "Intercom-Version: 2.11", "X-No-Colon", "Bad Name: x"]) {
      const refused = await api(["/me", "-H", header]);
      expect(refused.code).toBe(2);
    }
    expect(seen).toHaveLength(1);
  });

  it("prints the status line and headers with -i, and no body with --silent", async () => {
    handler = (_, res) => {
      res.setHeader("Set-Cookie", "session=s3cret");
      json(res, 200, { type: "admin", id: "1" });
    };
    const included = await api(["/me", "-i"]);
    const [head, body] = included.stdout.split("\n\n");
    expect(head!.split("\n")[0]).toBe("HTTP/1.1 200 OK");
    expect(head).toContain("content-type: application/json");
    expect(head).toContain("set-cookie: [redacted]");
    expect(body).toBe('{"type":"admin","id":"1"}\n');
    expect((await api(["/me", "--silent"])).stdout).toBe("");
    expect((await api(["/me", "-i", "--silent"])).stdout).toMatch(/^HTTP\/1\.1 200 OK\n[^]*\n\n$/);
  });

  it("prints the status line of an error with -i, and the error with its attempts on stderr", async () => {
    handler = (_, res) => {
      res.setHeader("Retry-After", "0"); // retried at once, to keep the test fast
      json(res, 502, { type: "error.list", errors: [{ code: "bad_gateway" }] });
    };
    const result = await api(["/me", "-i"]);
    expect(result.code).toBe(1);
    expect(result.stdout.split("\n")[0]).toBe("HTTP/1.1 502 Bad Gateway");
    expect(result.stderr).toContain("HTTP 502 (server) after 4 attempts: GET");
  });

  it("--verbose shows requests with redacted headers, responses, and every retry with reason and delay", async () => {
    let calls = 0;
    handler = (_, res) => {
      calls += 1;
      if (calls === 1) {
        res.setHeader("Retry-After", "1");
        return json(res, 429, { type: "error.list", errors: [{ code: "rate_limit_exceeded" }] });
      }
      json(res, 200, { type: "admin", id: "1" });
    };
    const result = await api(["/me", "--verbose", "-H", "X-Api-Key: k3y"]);
    expect(result.code).toBe(0);
    const lines = result.stderr.split("\n");
    expect(lines).toContain(`> GET ${baseUrl}/me (attempt 1)`);
    expect(lines).toContain("> authorization: [redacted]");
    expect(lines).toContain("> x-api-key: [redacted]");
    expect(lines).toContain("> intercom-version: 2.10");
    expect(lines).toContainEqual(expect.stringMatching(/^< HTTP 429 in \d+ ms \(attempt 1\)$/));
    expect(lines).toContain("< retry-after: 1");
    // Retry-After: 1, plus the 0–20% jitter the client adds to waits that end at a reset.
    expect(lines).toContainEqual(
      expect.stringMatching(/^\* attempt 1 failed \(status 429\); retrying in 1,(0\d\d|1\d\d|200) ms$/),
    );
    expect(lines).toContain(`> GET ${baseUrl}/me (attempt 2)`);
    expect(result.stderr).not.toContain("k3y");
  });

  it("reads -F key=@file as the file's text and @- from stdin; one option only may read stdin", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "intercom-cli-")), "note.txt");
    await writeFile(file, "line 1\nline 2\n");
    await api(["/contacts/abc/notes", "-F", `body=@${file}`, "-F", "admin_id=12", "-f", "raw=@literal"]);
    await api(["/contacts/abc/notes", "-F", "body=@-"], { stdin: "from stdin" });
    expect(seen.map((s) => JSON.parse(s.body))).toEqual([
      { body: "line 1\nline 2\n", admin_id: 12, raw: "@literal" },
      { body: "from stdin" },
    ]);
    const both = await api(["/contacts", "-F", "name=@-", "--input", "-"], { stdin: "{}" });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--input - and -F name=@- cannot all read stdin");
    const missing = await api(["/contacts", "-F", "name=@/nonexistent/file"]);
    expect(missing.code).toBe(2);
    expect(seen).toHaveLength(2);
  });

  it("takes the API version from --api-version; intercom --version prints the package's version", async () => {
    await api(["/me", "--api-version", "2.11"]);
    expect(seen[0]!.headers["intercom-version"]).toBe("2.11");
    const old = await api(["/me", "--version", "2.11"]);
    expect(old.code).toBe(2);
    expect(old.stderr).toContain("--api-version");
    const { version } = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    expect(await run(["--version"])).toEqual({ code: 0, stdout: `intercom ${version} (intercom-fetch)\n`, stderr: "" });
  });

  it("rejects a path with a stray % or an unparsable URL as a usage error", async () => {
    for (const path of ["/contacts/100%", "/contacts/%E0%A4%A", "http://[::1"]) {
      const result = await api([path]);
      expect(result.code).toBe(2);
      expect(result.stderr).not.toContain("    at ");
    }
    expect(seen).toHaveLength(0);
  });

  // URL parsing resolves dot segments away: `DELETE /contacts/../tags/5` would delete tag 5 from the workspace.
  it("refuses . and .. segments (also %2e-encoded or split by a newline) and backslashes, sending nothing", async () => {
    for (const path of [
      "/contacts/../tags/5",
      "/contacts/%2e%2e/tags/5",
      "/contacts/.%2E/tags/5",
      "/contacts/.\n./tags/5",
      "/contacts/./tags/5",
      "/contacts/1\\..\\..\\tags/5",
      `${baseUrl}/contacts/%2e%2e/tags/5`,
    ]) {
      const result = await api(["-X", "DELETE", path]);
      expect(result.code, path).toBe(2);
      expect(result.stderr).toMatch(/segment|backslash/);
    }
    expect(seen).toHaveLength(0);
    handler = (_, res) => json(res, 200, { type: "tag", id: "5" });
    expect((await api(["-X", "DELETE", "/contacts/a.b/tags/5"])).code).toBe(0);
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(["DELETE /contacts/a.b/tags/5"]);
  });

  it("refuses a -F number that JSON would change, and sends __proto__ as an ordinary key", async () => {
    for (const field of ["count=1e400", "id=12345678901234567890", "n=-9007199254740993"]) {
      const result = await api(["-X", "POST", "/tags", "-F", "name=vip", "-F", field]);
      expect(result.code, field).toBe(2);
      expect(result.stderr).toContain("use -f to send it as a string");
    }
    expect(seen).toHaveLength(0);
    handler = (_, res) => json(res, 200, { type: "tag", id: "5" });
    const result = await api([
      "-X",
      "POST",
      "/tags",
      "-F",
      "name=vip",
      "-F",
      "__proto__[admin]=true",
      "-F",
      "n=9007199254740991",
    ]);
    expect(result.code).toBe(0);
    expect(seen[0]!.body).toBe('{"name":"vip","__proto__":{"admin":true},"n":9007199254740991}');
  });

  it("prints a refused option once prefixed, not as `intercom: intercom-fetch: …`", async () => {
    const result = await run(["api", "/me", "--base-url", "http://example.com"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^intercom: invalid `baseUrl`/);
    expect(result.stderr).not.toContain("intercom-fetch:");
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

  it("prints every item as one JSON line, and only a summary line when stderr is not a terminal", async () => {
    handler = (request, res) => json(res, 200, pageOf(pageNumber(request.url), 3));
    const result = await api(["/conversations", "--paginate", "-f", "per_page=3"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^intercom: 9 items, 3 pages in \d+\.\d s, 0 retries\n$/);
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

  it("shows items of total_count, pages and rate on a terminal's stderr, then the summary in its place", async () => {
    handler = (request, res) => json(res, 200, { ...pageOf(pageNumber(request.url), 2), total_count: 6 });
    const result = await api(["/conversations", "--paginate"], { tty: "stderr" });
    expect(result.stdout.trimEnd().split("\n")).toHaveLength(6);
    const redraws = result.stderr.split("\r\x1b[K").slice(1);
    expect(redraws.slice(0, 2)).toEqual([
      expect.stringMatching(/^3 of 6 items, 1 page, [\d,]+ items\/s$/),
      expect.stringMatching(/^6 of 6 items, 2 pages, [\d,]+ items\/s$/),
    ]);
    expect(redraws[2]).toMatch(/^intercom: 6 items, 2 pages in \d+\.\d s, 0 retries\n$/);
  });

  it("counts retries and rate-limit waits in the summary", async () => {
    let calls = 0;
    handler = (request, res) => {
      calls += 1;
      if (calls === 1) return json(res, 503, { type: "error.list", errors: [{ code: "service_unavailable" }] });
      // The first page spends the window: the second waits for its reset (about 1 s: Date has whole seconds).
      const now = Date.now();
      res.setHeader("Date", new Date(now).toUTCString());
      res.setHeader("X-RateLimit-Limit", "10");
      res.setHeader("X-RateLimit-Remaining", "0");
      res.setHeader("X-RateLimit-Reset", String(Math.floor(now / 1000) + 1));
      json(res, 200, pageOf(pageNumber(request.url), 2));
    };
    const result = await api(["/conversations", "--paginate"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^intercom: 6 items, 2 pages in \d+\.\d s, 1 retry, 1 rate-limit wait\n$/);
  });

  it("prints one JSON array with --slurp, an empty list as []", async () => {
    handler = (request, res) => json(res, 200, pageOf(pageNumber(request.url), 2));
    const slurped = await api(["/conversations", "--paginate", "--slurp"]);
    expect(slurped.code).toBe(0);
    expect((JSON.parse(slurped.stdout) as { id: string }[]).map((c) => c.id)).toEqual([
      "1-1",
      "1-2",
      "1-3",
      "2-1",
      "2-2",
      "2-3",
    ]);
    handler = (_, res) => json(res, 200, { type: "conversation.list", conversations: [], pages: { next: null } });
    expect((await api(["/conversations", "--paginate", "--slurp"])).stdout).toBe("[]\n");
    const alone = await api(["/conversations", "--slurp"]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain("--slurp goes with --paginate");
  });

  it("exits quietly with 0 when the reader of stdout goes away (| head)", async () => {
    handler = (request, res) => json(res, 200, pageOf(pageNumber(request.url), 1_000_000));
    const child = start(["api", "/conversations", "--paginate", "--base-url", baseUrl]);
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    for await (const _ of child.stdout) break; // as `head -1` does: read a little, then close the pipe
    child.stdout.destroy();
    const [code] = (await once(child, "close")) as [number | null];
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
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
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(2); // the CLI starts slowly on a busy machine
    child.kill("SIGINT");
    const result = await finished;
    expect(result.code).toBe(130);
    expect(printed).toBe(["1-1", "1-2", "1-3"].map((id) => `{"type":"conversation","id":"${id}"}\n`).join(""));
  });

  it("stops a single call on Ctrl-C with exit 130 and no output", async () => {
    handler = () => {}; // never answers
    const child = start(["api", "/me", "--base-url", baseUrl]);
    const finished = finish(child);
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(1); // the CLI starts slowly on a busy machine
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

describe("intercom export", () => {
  const exportServer =
    (end: string, csv = "user_id,content_type\nu1,email\nu2,post\n"): Handler =>
    (request, res) => {
      if (request.url === "/export/content/data") return json(res, 200, { job_identifier: "j1", status: "pending" });
      if (request.url === "/export/content/data/j1") return json(res, 200, { job_identifier: "j1", status: end });
      if (request.url === "/export/cancel/j1") return json(res, 200, { job_identifier: "j1", status: "canceled" });
      res.writeHead(200, { "Content-Type": "application/octet-stream" });
      res.end(gzipSync(csv));
    };

  it("writes the rows as NDJSON, with the job's statuses and a summary on stderr", async () => {
    handler = exportServer("completed");
    const result = await api(["--since", "2024-06-01", "--until", "2024-06-30", "--poll", "0.01"], {}, "export");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('{"user_id":"u1","content_type":"email"}\n{"user_id":"u2","content_type":"post"}\n');
    expect(JSON.parse(seen[0]!.body)).toEqual({ created_at_after: 1717200000, created_at_before: 1719791999 });
    expect(result.stderr).toMatch(/export job j1: pending\n.*export job j1: completed\n.*2 rows in \d+\.\d s\n$/s);
    const csv = await api(
      ["--since", "1717200000", "--until", "2024-06-30T12:00:00+02:00", "--csv", "--poll", "0.01"],
      {},
      "export",
    );
    expect(csv.stdout).toBe("user_id,content_type\nu1,email\nu2,post\n");
    expect(JSON.parse(seen[3]!.body)).toEqual({ created_at_after: 1717200000, created_at_before: 1719741600 });
  });

  it("exits 1 with the reason when the job fails, and 2 for bad dates without sending anything", async () => {
    handler = exportServer("failed");
    const failed = await api(["--since", "2024-06-01", "--until", "2024-06-02", "--poll", "0.01"], {}, "export");
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("content export failed: job j1 ended failed");
    seen = [];
    for (const [since, until] of [
      ["2024-06-31", "2024-07-01"],
      ["2024-06-01T10:00", "2024-06-02"], // no zone
      ["yesterday", "2024-06-02"],
      ["2024-06-03", "2024-06-02"], // reversed
      ["99999999999999", "2024-06-02"], // milliseconds
    ]) {
      const bad = await api(["--since", since!, "--until", until!], {}, "export");
      expect(bad.code, since).toBe(2);
    }
    expect((await api(["--until", "2024-06-02"], {}, "export")).stderr).toContain("--since is required");
    expect(seen).toEqual([]);
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
