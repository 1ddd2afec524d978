// Bundle size: the consumer programs of consumers.ts bundled for the browser/worker platform by
// esbuild, minified, then gzipped. Sizes are deterministic, so one build each suffices. The judged
// figure is a one-call consumer (a plain GET); four calls, and four calls and a `paginate` walk, show
// what more calls and pagination add.
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { bundle, relativeSpecifier, scratchDir, sourceEntry, writeScratch } from "./build.js";
import { consumerSource, type Consumer, type ConsumerSize } from "./consumers.js";
import type { Section } from "./report.js";

const consumers: readonly Consumer[] = ["intercom-fetch", "openapi-fetch", "intercom-client"];
const programs: readonly ConsumerSize[] = ["one call", "four calls", "four calls and a walk"];
const judged: ConsumerSize = "one call";
const targetBytes = 6 * 1024;

/**
 * What a plain GET needs none of, by the files that bring it (paths relative to the repository): the
 * entries other than the client's, and the metadata only they and `paginate` read.
 */
export const notForAPlainGet: Readonly<Record<string, RegExp>> = {
  pagination: /^src\/paginate\/[^/]+\.ts$|^generated\/[^/]+\/pagination\.ts$/,
  webhooks: /^src\/webhooks\.ts$/,
  "the CLI": /^src\/cli\//,
  "the testing helper": /^src\/(testing|msw|routes)\.ts$|^src\/fake\//,
  "the other entries (oauth, export, redis)": /^src\/(oauth|export|redis|rate-limit\/redis-store)\.ts$/,
  "the operation tables and examples":
    /^generated\/(operations|examples)\.ts$|^generated\/[^/]+\/(operations|examples)\.ts$/,
};

/** The parts of `notForAPlainGet` that files of `inputs` belong to, each with those files. */
export function unneededParts(inputs: readonly string[]): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(notForAPlainGet).flatMap(([part, files]) => {
      const found = inputs.filter((path) => files.test(path));
      return found.length > 0 ? [[part, found]] : [];
    }),
  );
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The program `size` against `consumer`, bundled, minified and gzipped. */
export async function bundleSizes(consumer: Consumer, size: ConsumerSize) {
  const folder = `bundle/${consumer}/${size.replace(/\W+/g, "-")}`;
  const entry = writeScratch(
    `${folder}/consumer.ts`,
    consumerSource(consumer, relativeSpecifier(join(scratchDir, folder), sourceEntry), size),
  );
  const { code, inputBytes } = await bundle(entry, { platform: "browser", minify: true });
  const minified = Buffer.from(code);
  return { minified: minified.length, gzipped: gzipSync(minified, { level: 9 }).length, inputBytes };
}
type Sizes = Awaited<ReturnType<typeof bundleSizes>>;

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
  const results = new Map<string, Sizes>();
  const key = (consumer: Consumer, size: ConsumerSize) => `${consumer}, ${size}`;
  for (const size of programs) {
    for (const consumer of consumers) results.set(key(consumer, size), await bundleSizes(consumer, size));
  }
  const of = (consumer: Consumer, size: ConsumerSize) => results.get(key(consumer, size))!;
  const ours = of("intercom-fetch", judged);
  const unneeded = unneededParts(Object.keys(ours.inputBytes));
  const lean = Object.keys(unneeded).length === 0;
  const small = ours.gzipped <= targetBytes;
  const walkCost = of("intercom-fetch", "four calls and a walk").gzipped - of("intercom-fetch", "four calls").gzipped;
  return {
    title: "Bundle size",
    method:
      "The same consumer programs (consumers.ts) against each package: one plain GET (`GET /me`, the judged " +
      "figure), the first four calls, and those four and a walk over every conversation (`paginate`, a cursor " +
      "loop, the SDK's pager). Each bundled by esbuild (`--bundle --minify --format=esm --platform=browser`, " +
      "conditions worker/browser), then gzip -9. intercom-fetch is bundled from src/; openapi-fetch is the bare " +
      "runtime with intercom-fetch's generated types.",
    columns: ["consumer of", "program", "minified", "gzipped", "gzipped vs intercom-client"],
    rows: programs.flatMap((size) =>
      consumers.map((c) => [
        c,
        size,
        kb(of(c, size).minified),
        kb(of(c, size).gzipped),
        `${(of(c, size).gzipped / of("intercom-client", size).gzipped).toFixed(3)}x`,
      ]),
    ),
    target: {
      goal: `intercom-fetch, ${judged} (a plain GET): ≤ ${kb(targetBytes)} gzipped, carrying only what a GET needs`,
      met: small && lean,
      detail:
        `${kb(ours.gzipped)} (${ours.gzipped} B; openapi-fetch alone ${kb(of("openapi-fetch", judged).gzipped)}), ` +
        (lean
          ? "with none of pagination, webhooks, the CLI or testing in it."
          : `holding ${Object.keys(unneeded).join(", ")}.`),
    },
    notes: [
      `intercom-fetch's one-call bundle, minified bytes by file, before gzip: ${breakdown(ours.inputBytes, origin)}.`,
      lean
        ? `The one-call bundle holds none of: ${Object.keys(notForAPlainGet).join("; ")} (checked by the esbuild metafile's inputs).`
        : `The one-call bundle should hold none of these, but does: ${Object.entries(unneeded)
            .map(([part, files]) => `${part} (${files.join(", ")})`)
            .join("; ")}.`,
      `A \`paginate\` walk adds ${kb(walkCost)} gzipped to the four-call program: pagination itself and, as ` +
        "esbuild without code splitting inlines dynamic imports, every version's pagination metadata; with " +
        "splitting, as in the built package, each version's is a chunk of its own, loaded on the first page.",
      ...(small
        ? []
        : [
            `What limits it: intercom-fetch's own run-time code on top of openapi-fetch, by origin (minified): ` +
              `${breakdown(ours.inputBytes, (path) => origin(path).replace(/^(src|generated)\/.*/, "$1/"))}. ` +
              "src/ is the reliability layer a plain GET goes through: options, transport, errors, retry, " +
              "rate limit, timeouts, redirects, redaction. Every piece of it runs on every call, so none can be " +
              "left to tree-shaking: 6 KB would leave about 3.4 KB gzipped beside openapi-fetch, about a third of " +
              "what src/ takes now, and the hardening of the same layer (per-call and overall deadlines, size caps, same-origin " +
              "redirects, token redaction, paced rate limits) is where the rest went. The largest single item, " +
              "config.ts, is option checking whose messages name the option and its valid values.",
          ]),
    ],
  };
}
