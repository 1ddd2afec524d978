// The benchmark's arithmetic: a wrong median or a ratio paired across rounds would misreport every table.
import { describe, expect, it } from "vitest";
import { interleave } from "../../bench/rounds.js";
import { compare, formatRatio, formatSummary, pairedRatios, summarize } from "../../bench/stats.js";

describe("summarize", () => {
  it("takes the middle sample of an odd count and the mean of the middle two of an even one", () => {
    expect(summarize([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, n: 3 });
    expect(summarize([4, 1, 3, 10])).toEqual({ median: 3.5, min: 1, max: 10, n: 4 });
  });

  it("refuses to summarise nothing", () => {
    expect(() => summarize([])).toThrow("no samples");
  });
});

describe("pairedRatios", () => {
  it("divides sample i by sample i, so a slow round slows both sides of its ratio", () => {
    // Round 2 ran on a busy machine: both contenders took 10x longer, the ratio stayed 1.5.
    expect(pairedRatios([1.5, 15, 3], [1, 10, 2])).toEqual({ median: 1.5, min: 1.5, max: 1.5, n: 3 });
  });

  it("rejects series of different lengths", () => {
    expect(() => pairedRatios([1, 2], [1])).toThrow("counts differ");
  });
});

describe("compare", () => {
  const samples = {
    base: [{ ms: 10 }, { ms: 20 }, { ms: 10 }],
    ours: [{ ms: 11 }, { ms: 24 }, { ms: 12 }],
  };

  it("compares each contender with a baseline round by round, and shows the baseline as 1.00x", () => {
    const { ratio, difference, ratioCell } = compare(samples);
    expect(ratio("ours", "base", "ms").median).toBeCloseTo(1.2);
    expect(difference("ours", "base", "ms")).toEqual({ median: 2, min: 1, max: 4, n: 3 });
    expect(ratioCell("base", "base", "ms")).toBe("1.00x");
    expect(ratioCell("ours", "base", "ms")).toBe("1.20x (1.10–1.20x)");
  });
});

describe("formatting", () => {
  it("prints the median with the min–max range", () => {
    expect(formatSummary({ median: 12.34, min: 11.9, max: 14, n: 3 })).toBe("12.3 (11.9–14.0)");
    expect(formatRatio({ median: 1.041, min: 0.98, max: 1.125, n: 3 })).toBe("1.04x (0.98–1.13x)");
  });
});

describe("interleave", () => {
  it("runs every contender once per round, rotating who goes first", async () => {
    const order: string[] = [];
    const samples = await interleave(["a", "b", "c"], 3, async (name, round) => {
      order.push(name);
      return `${name}${round}`;
    });
    expect(order).toEqual(["a", "b", "c", "b", "c", "a", "c", "a", "b"]);
    expect(samples).toEqual({ a: ["a0", "a1", "a2"], b: ["b0", "b1", "b2"], c: ["c0", "c1", "c2"] });
  });
});
