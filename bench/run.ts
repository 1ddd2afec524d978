// `npm run bench [-- name...]`: runs the benchmarks (all, or those named), prints the markdown
// report and writes it to bench/RESULTS.md. A partial run prints but does not overwrite RESULTS.md.
// A benchmark that fails is reported as failed, the others still run, and the exit code is 1.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatFile } from "../scripts/lib/openapi.js";
import { repoRoot } from "../scripts/lib/spec.js";
import { measureBundleSize } from "./bundle-size.js";
import { measureCodegen } from "./codegen.js";
import { measureColdStart } from "./cold-start.js";
import { measureOverhead } from "./overhead.js";
import { measurePagination } from "./pagination.js";
import { machine, renderReport, type Section } from "./report.js";
import { measureSharedBudget } from "./shared-budget.js";
import { measureTypecheckCost } from "./typecheck-cost.js";

const benchmarks: Record<string, () => Promise<Section>> = {
  overhead: measureOverhead,
  bundle: measureBundleSize,
  "cold-start": measureColdStart,
  typecheck: measureTypecheckCost,
  pagination: measurePagination,
  codegen: measureCodegen,
  "shared-budget": measureSharedBudget,
};

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !Object.hasOwn(benchmarks, name));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(", ")}; choose from ${Object.keys(benchmarks).join(", ")}`);
  process.exit(2);
}
const selected = requested.length > 0 ? requested : Object.keys(benchmarks);

function failed(name: string, error: unknown): Section {
  const message = error instanceof Error ? error.message : String(error);
  return {
    title: name,
    method: "This benchmark failed, so it has no figures.",
    columns: ["error"],
    rows: [[message.split("\n")[0]!.replaceAll("|", "\\|")]],
    target: { goal: "see the issue", met: null, detail: "failed to run." },
  };
}

const started = performance.now();
const startMachine = machine();
const sections: Section[] = [];
for (const name of selected) {
  console.error(`bench: ${name}…`);
  try {
    sections.push(await benchmarks[name]!());
  } catch (error) {
    console.error(error);
    sections.push(failed(name, error));
    process.exitCode = 1;
  }
}
// Formatted as `prettier --check .` (part of npm test) expects the committed file to be.
const resultsFile = join(repoRoot, "bench", "RESULTS.md");
const report = await formatFile(
  renderReport(sections, startMachine, machine(), (performance.now() - started) / 1000),
  resultsFile,
);
console.log(report);
if (requested.length === 0) writeFileSync(resultsFile, report);
