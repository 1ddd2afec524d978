// `npm run spec:bump -- <spec file> [--force] [--from <version>] [--source <text>] [--root <dir>]`
//
// Adopts a new Intercom API version in three steps: plan (scripts/lib/bump-plan.ts: vendor the file
// unchanged, record it in the manifest, carry the previous version's overlay forward, write the change
// report; nothing is written when the corrected description is not usable), write the plan, verify
// (regenerate and type-check the project). Exit 0 when the version is generated and type-checks.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { BumpError, planBump, type BumpPlan } from "./lib/bump-plan.js";
import { describeOutcome } from "./lib/overlay-carry.js";
import { findingsByClass } from "./lib/spec-check.js";
import { repoRoot } from "./lib/spec.js";

const usage = "usage: npm run spec:bump -- <spec file> [--force] [--from <version>] [--source <text>] [--root <dir>]";

function run(title: string, command: string, args: string[], cwd: string): boolean {
  console.log(`\n── ${title}: ${[command, ...args].join(" ")}`);
  return spawnSync(command, args, { cwd, stdio: "inherit" }).status === 0;
}

function write({ files }: BumpPlan): void {
  for (const [path, text] of files) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}

function printSummary({ files, summary }: BumpPlan, root: string): void {
  const { from, version, outcomes, changes, overlay, needsReview, check } = summary;
  console.log(`spec:bump ${from} → ${version}: wrote ${[...files.keys()].map((f) => relative(root, f)).join(", ")}`);
  const carried = outcomes.filter((o) => o.carried).length;
  console.log(`Overlay: ${carried} of ${outcomes.length} actions carried into openapi/${overlay}.`);
  for (const o of outcomes.filter((x) => !x.carried)) console.log(`  - ${describeOutcome(o).replace(/\*\*|`/g, "")}`);
  const breaking = changes.filter((c) => c.breaking).length;
  console.log(`${breaking} breaking and ${changes.length - breaking} other changes.`);
  console.log(`Needs review: ${needsReview.length} operations generated without pagination.`);
  for (const line of needsReview) console.log(`  - ${line.replace(/`/g, "")}`);
  const classes = [...findingsByClass(check.open)].map(([kind, list]) => `${list.length} ${kind}`);
  console.log(
    `Needs review: ${check.open.length} open spec:check findings${classes.length ? ` (${classes.join(", ")})` : ""}` +
      (check.stale.length ? ` and ${check.stale.length} stale allowlist entries` : "") +
      ".",
  );
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      force: { type: "boolean", default: false },
      from: { type: "string" },
      source: { type: "string" },
      root: { type: "string" },
    },
  });
  if (positionals.length !== 1) throw new BumpError(usage);
  const file = resolve(positionals[0]!);
  if (!existsSync(file)) throw new BumpError(`${file} does not exist.`);
  const root = resolve(values.root ?? process.env.INTERCOM_FETCH_ROOT ?? repoRoot);
  const plan = await planBump({
    candidate: { bytes: readFileSync(file), name: file },
    openapiDir: join(root, "openapi") + "/",
    from: values.from,
    force: values.force,
    source: values.source,
  });
  write(plan);
  printSummary(plan, root);

  const { version, report } = plan.summary;
  if (!run("regenerate", "npm", ["run", "--silent", "generate"], root)) {
    throw new BumpError(
      `npm run generate failed for ${version} (the files above are written). Fix the overlay and re-run with --force.`,
    );
  }
  if (!run("type-check", join(root, "node_modules", ".bin", "tsc"), ["-p", "."], root)) {
    throw new BumpError(
      `tsc -p . failed with ${version} generated (the files above are written): code that assumes one API version, ` +
        "or an overlay that types something wrongly. Fix it and re-run with --force.",
    );
  }
  console.log(`\n${version} is generated and type-checks. Review openapi/${report} before relying on it.`);
}

try {
  await main();
} catch (error) {
  if (!(error instanceof BumpError)) throw error;
  console.error(`spec:bump: ${error.message}`);
  process.exitCode = 1;
}
