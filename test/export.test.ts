// intercom-fetch/export against a local server that plays Intercom's export job: create, status
// checks, cancel, and the gzipped CSV download.
import { once } from "node:events";
import { type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import type { RecordedRequest } from "./support/recording-server.js";
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import { createIntercomClient } from "../src/client.js";
import { IntercomConfigError, IntercomError } from "../src/errors.js";
import type { Schema } from "../src/schemas.js";
import { type ContentExportJob, IntercomExportError, exportContentData } from "../src/export.js";

let seen: RecordedRequest[] = [];
let server: ReturnType<typeof createServer>;
let baseUrl: string;
/** The statuses the job goes through, one per status check after the create. */
let statuses: string[] = [];
let download: (res: ServerResponse) => void = () => {};
let createAnswer: ((res: ServerResponse) => void) | undefined;

const csv =
  'user_id,email,content_type,receipted_at\nu1,a@example.com,email,1717200100\nu2,"b, jr@example.com",post,\n';

const jobJson = (status: string) => ({
  job_identifier: "job_1",
  status,
  download_url: status === "completed" ? `${baseUrl}/download/content/data/job_1` : "",
  download_expires_at: status === "completed" ? "1719999999" : "",
});

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    if (req.method === "POST" && req.url === "/export/content/data") {
      return createAnswer ? createAnswer(res) : json(res, 200, jobJson("pending"));
    }
    if (req.method === "GET" && req.url === "/export/content/data/job_1") {
      return json(res, 200, jobJson(statuses.shift() ?? "pending"));
    }
    if (req.method === "POST" && req.url === "/export/cancel/job_1") return json(res, 200, jobJson("canceled"));
    if (req.method === "GET" && req.url === "/download/content/data/job_1") return download(res);
    json(res, 404, { type: "error.list", errors: [{ code: "not_found" }] });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
beforeEach(() => {
  seen = [];
  statuses = [];
  createAnswer = undefined;
  download = (res) => {
    res.writeHead(200, { "Content-Type": "application/octet-stream" });
    res.end(gzipSync(csv));
  };
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const intercom = () => createIntercomClient({ token: "tok", baseUrl, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
const range = { created_at_after: 1717200000, created_at_before: 1719791999 };
const fast = { pollIntervalMs: 1 };
const routes = () => seen.map((s) => `${s.method} ${s.url}`);

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe("exportContentData", () => {
  it("describes a job as the API's data_export schema does", () => {
    expectTypeOf<ContentExportJob>().toEqualTypeOf<Schema<"data_export">>();
  });

  it("creates the job, polls until completed, and streams the gzipped CSV as rows keyed by the header", async () => {
    statuses = ["in_progress", "completed"];
    const reported: (string | undefined)[] = [];
    const job = await exportContentData(intercom(), range, { ...fast, onStatus: (j) => reported.push(j.status) });
    expect(job).toMatchObject({ jobIdentifier: "job_1", status: "completed", downloadExpiresAt: "1719999999" });
    expect(reported).toEqual(["pending", "in_progress", "completed"]);
    expect(JSON.parse(seen[0]!.body)).toEqual(range);
    expect(await collect(job.rows())).toEqual([
      { user_id: "u1", email: "a@example.com", content_type: "email", receipted_at: "1717200100" },
      { user_id: "u2", email: "b, jr@example.com", content_type: "post", receipted_at: "" },
    ]);
    expect(await new Response(await job.body()).text()).toBe(csv);
    expect(routes()).toEqual([
      "POST /export/content/data",
      "GET /export/content/data/job_1",
      "GET /export/content/data/job_1",
      "GET /download/content/data/job_1",
      "GET /download/content/data/job_1",
    ]);
    expect(seen[3]!.headers.accept).toBe("application/octet-stream");
  });

  it("reads a download that arrives already decoded (Content-Encoding: gzip), and a byte at a time", async () => {
    statuses = ["completed"];
    download = (res) => {
      res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Encoding": "gzip" });
      res.end(gzipSync(csv));
    };
    const job = await exportContentData(intercom(), range, fast);
    expect(await collect(job.rows())).toHaveLength(2);
    download = (res) => {
      res.writeHead(200, { "Content-Type": "application/octet-stream" });
      const bytes = gzipSync(csv);
      let i = 0;
      const next = () => (i < bytes.length ? res.write(bytes.subarray(i, ++i), next) : res.end());
      next();
    };
    expect(await new Response(await job.body()).text()).toBe(csv);
  });

  it("resolves no_data with no rows, and downloads nothing", async () => {
    statuses = ["no_data"];
    const job = await exportContentData(intercom(), range, fast);
    expect(job.status).toBe("no_data");
    expect(await collect(job.rows())).toEqual([]);
    expect(await new Response(await job.body()).text()).toBe("");
    expect(routes()).not.toContain("GET /download/content/data/job_1");
  });

  it.each(["failed", "canceled"])("rejects a job that ends %s with a typed error, and cancels nothing", async (end) => {
    statuses = ["in_progress", end];
    const error = await exportContentData(intercom(), range, fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomExportError);
    expect(error).toMatchObject({ reason: end, job: { job_identifier: "job_1", status: end } });
    expect(routes()).not.toContain("POST /export/cancel/job_1");
  });

  it("says so when the workspace already has a pending job (429)", async () => {
    createAnswer = (res) =>
      json(res, 429, {
        type: "error.list",
        errors: [{ code: "rate_limit_exceeded", message: "Exceeded rate limit of 1 pending message data export jobs" }],
      });
    const error = await exportContentData(intercom(), range, fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomExportError);
    expect(error).toMatchObject({ reason: "job_pending" });
    expect((error as Error).message).toMatch(/already has a pending content export job.*one at a time/);
    expect((error as Error).cause).toBeInstanceOf(IntercomError);
    // Any other 429 stays the client's rate_limited error.
    createAnswer = (res) => json(res, 429, { type: "error.list", errors: [{ code: "rate_limit_exceeded" }] });
    expect(await exportContentData(intercom(), range, fast).catch((e: unknown) => e)).toMatchObject({
      kind: "rate_limited",
    });
  });

  it("cancels the job when the signal aborts while it runs, and rejects with the signal's reason", async () => {
    const controller = new AbortController();
    const pending = exportContentData(intercom(), range, {
      pollIntervalMs: 60_000,
      signal: controller.signal,
      onStatus: () => setTimeout(() => controller.abort(new Error("stop")), 5),
    });
    await expect(pending).rejects.toThrow("stop");
    expect(routes()).toEqual(["POST /export/content/data", "POST /export/cancel/job_1"]);
  });

  it("cancels the job when onStatus throws, and rejects with its error", async () => {
    const error = await exportContentData(intercom(), range, {
      ...fast,
      onStatus: (job: ContentExportJob) => {
        if (job.status === "pending") throw new Error("callback broke");
      },
    }).catch((e: unknown) => e);
    expect(error).toEqual(new Error("callback broke"));
    expect(routes()).toEqual(["POST /export/content/data", "POST /export/cancel/job_1"]);
  });

  it("cancels the job when an async onStatus rejects, leaving no unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      const error = await exportContentData(intercom(), range, {
        ...fast,
        onStatus: async (job: ContentExportJob) => {
          if (job.status === "pending") throw new Error("callback broke");
        },
      }).catch((e: unknown) => e);
      expect(error).toEqual(new Error("callback broke"));
      expect(routes()).toEqual(["POST /export/content/data", "POST /export/cancel/job_1"]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", record);
    }
  });

  it("rejects an unknown status, a job without an identifier, corrupt gzip and rows that are not CSV", async () => {
    statuses = ["paused"];
    expect(await exportContentData(intercom(), range, fast).catch((e: unknown) => e)).toMatchObject({
      reason: "invalid_response",
    });
    expect(routes()).toContain("POST /export/cancel/job_1");
    createAnswer = (res) => json(res, 200, { status: "pending" });
    expect(await exportContentData(intercom(), range, fast).catch((e: unknown) => e)).toMatchObject({
      reason: "invalid_response",
    });
    createAnswer = undefined;
    statuses = ["completed"];
    const job = await exportContentData(intercom(), range, fast);
    download = (res) => {
      res.writeHead(200, { "Content-Type": "application/octet-stream" });
      res.end(Buffer.concat([gzipSync(csv).subarray(0, 20), Buffer.from("garbage")]));
    };
    expect(await collect(job.rows()).catch((e: unknown) => e)).toMatchObject({ reason: "download_failed" });
    download = (res) => {
      res.writeHead(200, { "Content-Type": "application/octet-stream" });
      res.end(gzipSync('a,b\n1,2,3\n"unclosed'));
    };
    expect(await collect(job.rows()).catch((e: unknown) => e)).toMatchObject({ reason: "invalid_response" });
  });

  it("reports an expired download as the client's not_found error", async () => {
    statuses = ["completed"];
    const job = await exportContentData(intercom(), range, fast);
    download = (res) => json(res, 404, { type: "error.list", errors: [{ code: "not_found", message: "expired" }] });
    expect(await collect(job.rows()).catch((e: unknown) => e)).toMatchObject({ kind: "not_found", status: 404 });
  });

  it("checks the range and options before sending anything", async () => {
    const bad: [string, unknown, unknown][] = [
      ["created_at_after", { ...range, created_at_after: -1 }, fast],
      ["created_at_after", { ...range, created_at_after: 1.5 }, fast],
      ["created_at_after", { ...range, created_at_after: Number.NaN }, fast],
      ["created_at_before", { ...range, created_at_before: Infinity }, fast],
      ["created_at_before", { ...range, created_at_before: Date.now() }, fast], // milliseconds
      ["created_at_before", { created_at_after: 1 }, fast],
      ["created_at_after", { created_at_after: 20, created_at_before: 10 }, fast],
      ["created_at_after", undefined, fast],
      ["pollIntervalMs", range, { pollIntervalMs: 0 }],
      ["pollIntervalMs", range, { pollIntervalMs: -5 }],
      ["pollIntervalMs", range, { pollIntervalMs: Infinity }],
      ["pollIntervalMs", range, { pollIntervalMs: 2 ** 31 }],
      ["onStatus", range, { onStatus: "log" }],
    ];
    for (const [option, badRange, options] of bad) {
      const error = await exportContentData(intercom(), badRange as typeof range, options as typeof fast).catch(
        (e: unknown) => e,
      );
      expect(error, option).toBeInstanceOf(IntercomConfigError);
      expect((error as IntercomConfigError).option, JSON.stringify(badRange)).toBe(option);
    }
    const aborted = exportContentData(intercom(), range, { signal: AbortSignal.abort(new Error("already")) });
    await expect(aborted).rejects.toThrow("already");
    expect(seen).toEqual([]);
  });
});

describe("the download streams", () => {
  // The server sends the first rows and holds the rest until the client has read them: a client
  // that waited for the whole body would never see them.
  it("fails a row that never ends as invalid_response, instead of buffering it without bound", async () => {
    statuses = ["completed"];
    let written = 0;
    download = (res) => {
      res.writeHead(200, { "Content-Type": "application/octet-stream" });
      res.write("user_id,email\nu1,");
      const chunk = Buffer.alloc(64 * 1024, "a");
      const more = () => {
        while (!res.destroyed && written < 1e9 && res.write(chunk)) written += chunk.length;
        if (!res.destroyed) res.once("drain", more);
      };
      more();
    };
    const job = await exportContentData(intercom(), range, fast);
    const error = await (async () => {
      for await (const row of job.rows()) expect.unreachable(`yielded ${JSON.stringify(row).slice(0, 40)}`);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomExportError);
    expect(error).toMatchObject({ reason: "invalid_response" });
    expect(written).toBeLessThan(32 * 1024 * 1024);
  });

  it("yields rows before the download has finished, and stops the download on break", async () => {
    statuses = ["completed"];
    const header = "user_id,email\n";
    const rows = Array.from({ length: 2000 }, (_, i) => `u${i},user${i}@example.com\n`).join("");
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let closed = false;
    download = (res) => {
      res.writeHead(200, { "Content-Type": "application/octet-stream" });
      res.on("close", () => (closed = true));
      const body = gzipSync(header + rows);
      const half = Math.floor(body.length / 2);
      res.write(body.subarray(0, half));
      void released.then(() => res.end(body.subarray(half)));
    };
    const job = await exportContentData(intercom(), range, fast);
    let seenRows = 0;
    for await (const row of job.rows()) {
      expect(row.user_id).toBe(`u${seenRows}`);
      seenRows += 1;
      if (seenRows === 10) break;
    }
    expect(seenRows).toBe(10);
    await expect.poll(() => closed).toBe(true);
    release();
  });
});
