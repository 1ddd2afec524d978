// Small statistics for noisy, shared machines: medians (robust to one slow run) with the full
// min–max range, and ratios taken per pair of samples measured side by side.

/** The median and range of one set of samples. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error("summarize: no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, n: sorted.length };
}

function paired(a: readonly number[], b: readonly number[], combine: (x: number, y: number) => number): Summary {
  if (a.length !== b.length) throw new Error("paired samples: counts differ");
  return summarize(a.map((x, i) => combine(x, b[i]!)));
}

/**
 * Ratios of samples taken in the same round (`numerator[i] / denominator[i]`), so a slow moment
 * of the machine affects both sides of each ratio alike.
 */
export function pairedRatios(numerator: readonly number[], denominator: readonly number[]): Summary {
  return paired(numerator, denominator, (x, y) => x / y);
}

/** Differences of samples taken in the same round (`minuend[i] - subtrahend[i]`). */
export function pairedDifferences(minuend: readonly number[], subtrahend: readonly number[]): Summary {
  return paired(minuend, subtrahend, (x, y) => x - y);
}

/** `12.3 (11.9–14.0)`: the median with the min–max range. */
export function formatSummary(summary: Summary, digits = 1): string {
  const f = (x: number) => x.toFixed(digits);
  return `${f(summary.median)} (${f(summary.min)}–${f(summary.max)})`;
}

/** `1.04x (0.98–1.12x)` */
export function formatRatio(summary: Summary): string {
  return `${summary.median.toFixed(2)}x (${summary.min.toFixed(2)}–${summary.max.toFixed(2)}x)`;
}

/**
 * Views over samples of several metrics per contender, taken in the same rounds (see rounds.ts):
 * each contender's series, summaries, and per-round comparisons against a baseline contender.
 */
export function compare<Name extends string, Metric extends string>(
  samples: Record<Name, readonly Record<Metric, number>[]>,
) {
  const series = (name: Name, metric: Metric) => samples[name].map((sample) => sample[metric]);
  const ratio = (name: Name, baseline: Name, metric: Metric) =>
    pairedRatios(series(name, metric), series(baseline, metric));
  return {
    series,
    summary: (name: Name, metric: Metric) => summarize(series(name, metric)),
    /** `name / baseline`, round by round. */
    ratio,
    /** `name - baseline`, round by round. */
    difference: (name: Name, baseline: Name, metric: Metric) =>
      pairedDifferences(series(name, metric), series(baseline, metric)),
    /** A table cell: the ratio against `baseline`, and `1.00x` for the baseline itself. */
    ratioCell: (name: Name, baseline: Name, metric: Metric) =>
      name === baseline ? "1.00x" : formatRatio(ratio(name, baseline, metric)),
  };
}
