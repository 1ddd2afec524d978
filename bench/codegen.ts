// Codegen: `npm run generate -- --check`, which does all of `npm run generate`'s work (load, overlay,
// openapi-typescript, prettier for every version) and compares instead of writing, so measuring it
// never touches generated/ while others work in the tree.
import { readManifest } from "../scripts/lib/spec.js";
import { runCommand } from "./child.js";
import type { Section } from "./report.js";
import { formatSummary, summarize } from "./stats.js";

const rounds = 3;

export async function measureCodegen(): Promise<Section> {
  const versions = Object.keys(readManifest().versions);
  const runs = [];
  for (let round = 0; round < rounds; round++) {
    runs.push(await runCommand("npm", ["run", "generate", "--", "--check"], { cpu: true }));
  }
  // --check exits 1 when generated/ is stale (someone's change not yet regenerated): the work was
  // still all done. Anything else is a failure whose time means nothing.
  const failed = runs.find((r) => r.code !== 0 && !/is not what `npm run generate` writes/.test(r.stderr));
  if (failed) throw new Error(`npm run generate -- --check failed:\n${failed.stderr}`);
  const wall = summarize(runs.map((r) => r.wallMs / 1000 / versions.length));
  const cpu = summarize(runs.map((r) => r.cpuMs / 1000 / versions.length));
  return {
    title: "Codegen",
    method:
      `\`npm run generate -- --check\` (the full generation, compared rather than written), ${rounds} runs, ` +
      `divided by the ${versions.length} version(s) in openapi/manifest.json (${versions.join(", ")}). ` +
      "CPU time sums every Node process of the command.",
    columns: ["per version", "wall s", "CPU s"],
    rows: [["npm run generate", formatSummary(wall, 1), formatSummary(cpu, 1)]],
    target: {
      goal: "none set by the issue (reported only)",
      met: null,
      detail: `${wall.median.toFixed(1)} s wall, ${cpu.median.toFixed(1)} s CPU per version.`,
    },
    notes: runs.some((r) => r.code !== 0)
      ? ["generated/ was stale during the run (work in progress in the tree); timing is unaffected."]
      : [],
  };
}
