// Request overhead: the same GET /me, answered by a local server in another process over a
// keep-alive connection, made by raw fetch, bare openapi-fetch, intercom-fetch with its defaults,
// and the official intercom-client. Each call reads the JSON body.
import { IntercomClient } from "intercom-client";
import createClient from "openapi-fetch";
import { createIntercomClient, type paths } from "../src/index.js";
import type { Section } from "./report.js";
import { interleave } from "./rounds.js";
import { startFixtureServer } from "./server-process.js";
import { compare, formatSummary } from "./stats.js";

const contenders = ["raw fetch", "openapi-fetch", "intercom-fetch", "intercom-client"] as const;
type Contender = (typeof contenders)[number];

const token = "bench-token";
// Many short rounds: on a shared machine a busy spell then spoils a few pairs, not a whole contender.
const rounds = 50;
const callsPerRound = 100;
const warmupCalls = 500;
const target = 1.1;
// A short real-world round trip (same-region cloud to api.intercom.io), to put loopback figures in scale.
const internetRoundTripUs = 20_000;
const limits =
  "What limits it: openapi-fetch builds a `Request` per call, and intercom-fetch's transport then works per " +
  "attempt: a clone of the request with a child AbortSignal and a timeout timer, the whole body read into an " +
  "ArrayBuffer, decoded and JSON-parsed to check it (openapi-fetch parses it again), and a new `Response` " +
  "around it.";

/** One GET /me per contender, each resolving to the admin's email. */
function callers(baseUrl: string): Record<Contender, () => Promise<unknown>> {
  const headers = { Authorization: `Bearer ${token}`, "Intercom-Version": "2.10", Accept: "application/json" };
  const openapiFetch = createClient<paths>({ baseUrl, headers });
  const intercomFetch = createIntercomClient({ token, baseUrl });
  const intercomClient = new IntercomClient({ token, baseUrl });
  return {
    "raw fetch": async () => ((await (await fetch(`${baseUrl}/me`, { headers })).json()) as { email: string }).email,
    "openapi-fetch": async () => (await openapiFetch.GET("/me")).data?.email,
    "intercom-fetch": async () => (await intercomFetch.GET("/me")).data?.email,
    "intercom-client": async () => (await intercomClient.admins.identify())?.email,
  };
}

interface Sample {
  wallUs: number;
  cpuUs: number;
}

/** Mean wall-clock and CPU (this process: the client's side) microseconds per call over `calls` calls. */
async function timeCalls(call: () => Promise<unknown>, calls: number): Promise<Sample> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < calls; i++) await call();
  const wallUs = ((performance.now() - started) * 1000) / calls;
  const { user, system } = process.cpuUsage(cpu);
  return { wallUs, cpuUs: (user + system) / calls };
}

export async function measureOverhead(): Promise<Section> {
  const server = await startFixtureServer();
  try {
    const call = callers(server.baseUrl);
    for (const name of contenders) {
      const email = await call[name]();
      // A benchmark of failing requests would measure error handling, not the call.
      if (email !== "admin@example.com") throw new Error(`${name}: GET /me returned ${String(email)}`);
      await timeCalls(call[name], warmupCalls);
    }
    const samples = await interleave(contenders, rounds, (name) => timeCalls(call[name], callsPerRound));
    const { summary, ratio, difference, ratioCell } = compare(samples);
    const extraCpu = (name: Contender, over: Contender) => difference(name, over, "cpuUs").median.toFixed(0);
    const ours = ratio("intercom-fetch", "raw fetch", "wallUs");
    const extraCpuUs = difference("intercom-fetch", "raw fetch", "cpuUs").median;
    return {
      title: "Request overhead",
      method:
        `GET /me (small JSON, keep-alive) against a node:http server on 127.0.0.1 in its own process; ` +
        `${rounds} rounds of ${callsPerRound} sequential calls per contender, alternating, after ` +
        `${warmupCalls} warm-up calls each; body parsed. Wall µs per call is the latency a caller sees (judged); ` +
        "CPU µs per call is the client process's own work, which the server's time does not dilute.",
      columns: ["client", "wall µs per call", "vs raw fetch", "CPU µs per call", "vs raw fetch"],
      rows: contenders.map((name) => [
        name,
        formatSummary(summary(name, "wallUs"), 0),
        ratioCell(name, "raw fetch", "wallUs"),
        formatSummary(summary(name, "cpuUs"), 0),
        ratioCell(name, "raw fetch", "cpuUs"),
      ]),
      target: {
        goal: `intercom-fetch ≤ ${target.toFixed(2)}x raw fetch`,
        met: ours.median <= target,
        detail:
          `${ours.median.toFixed(2)}x latency, ${ratio("intercom-fetch", "raw fetch", "cpuUs").median.toFixed(2)}x CPU; ` +
          `intercom-client ${ratio("intercom-client", "raw fetch", "wallUs").median.toFixed(2)}x latency.`,
      },
      notes: [
        `Where the CPU goes, per call: openapi-fetch's layer over raw fetch ${extraCpu("openapi-fetch", "raw fetch")} µs; ` +
          `intercom-fetch's transport (auth, version, retry, rate limit, timeout) over bare openapi-fetch ` +
          `${extraCpu("intercom-fetch", "openapi-fetch")} µs.`,
        `In absolute terms intercom-fetch costs ${extraCpuUs.toFixed(0)} µs more CPU per call than raw fetch: ` +
          `${((extraCpuUs / internetRoundTripUs) * 100).toFixed(1)}% of a ${internetRoundTripUs / 1000} ms round ` +
          "trip to Intercom, but a large share of a loopback call, which is all this benchmark has.",
        ...(ours.median <= target ? [] : [limits]),
      ],
    };
  } finally {
    await server.close();
  }
}
