// Pagination: 100,000 contacts from the fixture server's GET /contacts, through `paginate` and
// through a hand-written fetch loop, each run in a fresh process (pagination-child.ts).
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { bundle, scratchDir } from "./build.js";
import { runNodeForJson } from "./child.js";
import type { Section } from "./report.js";
import { interleave } from "./rounds.js";
import { startFixtureServer } from "./server-process.js";
import { compare, formatSummary } from "./stats.js";

const contenders = ["raw fetch loop", "intercom-fetch GET loop", "paginate"] as const;
type Contender = (typeof contenders)[number];
const mode: Record<Contender, string> = {
  "raw fetch loop": "raw",
  "intercom-fetch GET loop": "get-loop",
  paginate: "paginate",
};

const items = 100_000;
const rounds = 5;
const target = 1.15;
// Live-heap growth beyond this between a tenth of the items and the end is memory that is not flat
// (keeping the 100,000 contacts would take tens of MB; one page is well under 1 MB).
const flatMb = 2;

interface Sample {
  seconds: number;
  cpuUsPerItem: number;
  pages: number;
  maxRssMb: number;
  heapGrowthMb: number;
}

export async function measurePagination(): Promise<Section> {
  const child = join(scratchDir, "pagination-child.mjs");
  await bundle(fileURLToPath(new URL("./pagination-child.ts", import.meta.url)), {
    platform: "node",
    minify: false,
    externalPackages: true,
    outfile: child,
  });
  const server = await startFixtureServer(items);
  try {
    const run = (name: Contender) =>
      runNodeForJson<Sample>(["--expose-gc", child, mode[name], server.baseUrl, String(items)]);
    const samples = await interleave(contenders, rounds, run);
    const { summary, ratio, ratioCell } = compare(samples);
    const baseline = "raw fetch loop";
    const ours = ratio("paginate", baseline, "seconds");
    const growth = summary("paginate", "heapGrowthMb");
    const itemsPerSecond = (name: Contender) => {
      const { median, min, max, n } = summary(name, "seconds");
      return { median: items / median, min: items / max, max: items / min, n };
    };
    return {
      title: "Pagination",
      method:
        `${items.toLocaleString("en")} contacts from GET /contacts (Intercom's cursor pages, up to 150 per page) of a ` +
        `node:http server in its own process, each run in a fresh Node process (intercom-fetch bundled from src/ ` +
        `by esbuild into the run's script); ${rounds} rounds, alternating. ` +
        "Time is judged (items/s); CPU is the client process's own work. The GET loop is the raw loop's logic " +
        "over intercom-fetch's `GET`, separating paginate's own cost from the client's. Heap growth is the live heap after a forced GC one item before the end minus the same a " +
        "tenth of the way in.",
      columns: [
        "client",
        "items/s",
        "time vs raw loop",
        "CPU µs per item",
        "vs raw loop",
        "pages",
        "peak RSS MB",
        "heap growth MB",
      ],
      rows: contenders.map((name) => [
        name,
        formatSummary(itemsPerSecond(name), 0),
        ratioCell(name, baseline, "seconds"),
        formatSummary(summary(name, "cpuUsPerItem"), 2),
        ratioCell(name, baseline, "cpuUsPerItem"),
        String(summary(name, "pages").median),
        formatSummary(summary(name, "maxRssMb")),
        formatSummary(summary(name, "heapGrowthMb"), 2),
      ]),
      target: {
        goal: `paginate ≤ ${target.toFixed(2)}x the raw loop's time, memory flat (live heap growth < ${flatMb} MB)`,
        met: ours.median <= target && growth.max < flatMb,
        detail: `${ours.median.toFixed(2)}x; heap growth ${growth.median.toFixed(2)} MB (max ${growth.max.toFixed(2)}).`,
      },
      notes: [
        `Split of paginate's CPU per item (steadier than time on a shared machine): intercom-fetch's GET loop ` +
          `over the raw loop ${ratio("intercom-fetch GET loop", baseline, "cpuUsPerItem").median.toFixed(2)}x; ` +
          `paginate over that GET loop ${ratio("paginate", "intercom-fetch GET loop", "cpuUsPerItem").median.toFixed(2)}x.`,
        ...(ours.median <= target
          ? []
          : [
              "What limits it: the GET loop, not paginate (paginate adds about 3% over it). In CPU profiles " +
                "of one run of each loop (node --cpu-prof, 667 pages), the two were equally busy (1.30 s and " +
                "1.29 s): parsing moves from undici's json() (155 ms) into the transport (111 ms, which also " +
                "checks the body), and the client's extra cost is garbage collection (121 ms against 99 ms: " +
                "its per-page objects and its larger script) and its per-request bookkeeping (see Request " +
                "overhead). Run to run the ratio moves by about ±0.05 on this machine.",
            ]),
      ],
    };
  } finally {
    await server.close();
  }
}
