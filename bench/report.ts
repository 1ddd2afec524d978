// The shape every measurement returns, and its rendering as the markdown in bench/RESULTS.md.
import { cpus, loadavg, totalmem, type as osType, release } from "node:os";

/** One measurement's results: a table, the target it is judged against, and what limits it. */
export interface Section {
  title: string;
  /** How it was measured, in a sentence or two. */
  method: string;
  columns: string[];
  rows: string[][];
  /** The target and whether this run met it; `met: null` when it could not be judged. */
  target: { goal: string; met: boolean | null; detail: string };
  notes?: string[];
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  date: string;
  /** The 1-minute load average, which says how busy the machine was (more than `cores` = contended). */
  load: number;
}

export function machine(): Machine {
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    load: loadavg()[0]!,
  };
}

const verdict = (met: boolean | null) => (met === null ? "not judged" : met ? "met" : "**missed**");

function table(columns: readonly string[], rows: readonly string[][]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(columns), line(columns.map(() => "---")), ...rows.map(line)].join("\n");
}

export function renderSection(section: Section): string {
  return [
    `## ${section.title}`,
    section.method,
    table(section.columns, section.rows),
    `Target: ${section.target.goal}: ${verdict(section.target.met)}. ${section.target.detail}`,
    ...(section.notes ?? []).map((note) => `- ${note}`),
  ].join("\n\n");
}

/** A one-line-per-measurement overview of the targets. */
export function renderSummary(sections: readonly Section[]): string {
  return table(
    ["measurement", "target", "result"],
    sections.map((s) => [s.title, s.target.goal, `${verdict(s.target.met)}: ${s.target.detail}`]),
  );
}

/** The report of a run that started on machine state `start` and ended on `end`. */
export function renderReport(sections: readonly Section[], start: Machine, end: Machine, elapsedS: number): string {
  return [
    "# Benchmark results",
    "Written by `npm run bench` (bench/run.ts); rerun it to refresh. Each timing is the median of repeated " +
      "runs with the min–max range in parentheses (bundle sizes are deterministic and built once); contenders " +
      "ran alternately in the same run, and each ratio is taken per round (sample i against sample i of the " +
      "baseline), then summarised the same way, so it can differ from the ratio of two medians. The machine " +
      "is shared: with a load average above its core count, absolute times stretch and the ranges widen, " +
      "while the ratios and the CPU-time figures hold up better.",
    table(
      ["machine", ""],
      [
        ["CPU", `${start.cpu} × ${start.cores} cores`],
        ["memory", `${start.memoryGb} GB`],
        ["OS", start.os],
        ["Node", start.node],
        ["date", `${start.date} to ${end.date} (${elapsedS.toFixed(0)} s)`],
        ["load average (1 min)", `${start.load.toFixed(1)} at the start, ${end.load.toFixed(1)} at the end`],
      ],
    ),
    "## Summary",
    renderSummary(sections),
    ...sections.map(renderSection),
  ].join("\n\n");
}
