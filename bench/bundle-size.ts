// Bundle size: the consumer program of consumers.ts bundled for the browser/worker platform by
// esbuild, minified, then gzipped. Sizes are deterministic, so one build each suffices.
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { bundle, relativeSpecifier, scratchDir, sourceEntry, writeScratch } from "./build.js";
import { consumerSource, type Consumer } from "./consumers.js";
import type { Section } from "./report.js";

const consumers: readonly Consumer[] = ["intercom-fetch", "openapi-fetch", "intercom-client"];
const targetBytes = 6 * 1024;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function sizes(consumer: Consumer) {
  const dir = join(scratchDir, "bundle", consumer);
  const entry = writeScratch(
    `bundle/${consumer}/consumer.ts`,
    consumerSource(consumer, relativeSpecifier(dir, sourceEntry)),
  );
  const { code, inputBytes } = await bundle(entry, { platform: "browser", minify: true });
  const minified = Buffer.from(code);
  return { minified: minified.length, gzipped: gzipSync(minified, { level: 9 }).length, inputBytes };
}

/** Where minified bytes come from: a package's name, the consumer, or the path of a file of generated/ or src/. */
const origin = (path: string) =>
  /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? (path.startsWith(".tmp/") ? "consumer" : path);

/** Minified bytes summed by `group(path)`, largest first, as `name 1.2 KB, ...`. */
function breakdown(inputBytes: Record<string, number>, group: (path: string) => string): string {
  const totals = new Map<string, number>();
  for (const [path, bytes] of Object.entries(inputBytes))
    totals.set(group(path), (totals.get(group(path)) ?? 0) + bytes);
  return [...totals]
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name, bytes]) => `${name} ${kb(bytes)}`)
    .join(", ");
}

export async function measureBundleSize(): Promise<Section> {
  const results = Object.fromEntries(
    await Promise.all(consumers.map(async (c) => [c, await sizes(c)] as const)),
  ) as Record<Consumer, Awaited<ReturnType<typeof sizes>>>;
  const ours = results["intercom-fetch"];
  return {
    title: "Bundle size",
    method:
      "The same four-call consumer (consumers.ts) against each package, bundled by esbuild " +
      "(`--bundle --minify --format=esm --platform=browser`, conditions worker/browser), then gzip -9. " +
      "intercom-fetch is bundled from src/; openapi-fetch is the bare runtime with intercom-fetch's generated types.",
    columns: ["consumer of", "minified", "gzipped", "gzipped vs intercom-client"],
    rows: consumers.map((c) => [
      c,
      kb(results[c].minified),
      kb(results[c].gzipped),
      `${(results[c].gzipped / results["intercom-client"].gzipped).toFixed(3)}x`,
    ]),
    target: {
      goal: `intercom-fetch ≤ ${kb(targetBytes)} gzipped`,
      met: ours.gzipped <= targetBytes,
      detail: `${kb(ours.gzipped)} (${ours.gzipped} B; openapi-fetch alone ${kb(results["openapi-fetch"].gzipped)}); intercom-client ${kb(results["intercom-client"].gzipped)}.`,
    },
    notes: [
      `intercom-fetch's minified bytes by file, before gzip: ${breakdown(ours.inputBytes, origin)}.`,
      ...(ours.gzipped <= targetBytes
        ? []
        : [
            `What limits it: intercom-fetch's own run-time code on top of openapi-fetch, by origin (minified): ` +
              `${breakdown(ours.inputBytes, (path) => origin(path).replace(/^(src|generated)\/.*/, "$1/"))}. ` +
              "src/ is the reliability layer (transport, errors, retry, rate limit, timeouts) and pagination; " +
              "generated/ is the per-version metadata they read at run time.",
          ]),
    ],
  };
}
