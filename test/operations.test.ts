import { describe, expect, it } from "vitest";
import { loadCorrectedSpec } from "../scripts/lib/spec.js";
import { listOperations } from "../scripts/lib/operations.js";
import { metadata } from "../src/generated.js";

describe("generated operation metadata (2.10)", async () => {
  const { operations } = metadata["2.10"];
  const spec = await loadCorrectedSpec("2.10");

  it("lists all 108 operations once", () => {
    expect(operations).toHaveLength(108);
    expect(new Set(operations.map((o) => `${o.method} ${o.path}`)).size).toBe(108);
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(108);
  });

  it("is what the generator derives from the corrected spec", () => {
    expect(operations).toEqual(listOperations(spec));
  });

  it("tags every operation with one of the spec's tags, and uses every tag", () => {
    const tags = spec.tags.map((t: { name: string }) => t.name);
    expect(new Set(operations.map((o) => o.tag))).toEqual(new Set(tags));
  });
});
