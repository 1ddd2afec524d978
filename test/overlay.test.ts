import { describe, expect, it } from "vitest";
import { applyOverlay, type OverlayDocument } from "../scripts/lib/openapi.js";
import { loadCorrectedSpec } from "../scripts/lib/spec.js";

const spec = {
  openapi: "3.0.1",
  info: { title: "t", version: "1" },
  paths: { "/a": { get: { parameters: [{ name: "x", in: "query", schema: { type: "string" } }] } } },
};
const overlay = (actions: OverlayDocument["actions"]): OverlayDocument => ({
  overlay: "1.0.0",
  info: { title: "test", version: "1" },
  actions,
});

describe("applyOverlay", () => {
  it("merges parameters by name and location", async () => {
    const result = await applyOverlay(
      spec,
      overlay([
        {
          target: "$.paths['/a'].get.parameters",
          description: "adds y",
          update: [{ name: "y", in: "query", schema: { type: "integer" } }],
        },
      ]),
    );
    expect(result.paths["/a"].get.parameters.map((p: { name: string }) => p.name)).toEqual(["x", "y"]);
    expect(spec.paths["/a"].get.parameters).toHaveLength(1); // the input is not mutated
  });

  it("fails on an action that matches nothing, naming its target", async () => {
    await expect(
      applyOverlay(spec, overlay([{ target: "$.paths['/gone'].get", description: "stale", update: { x: 1 } }])),
    ).rejects.toThrow("overlay actions matched nothing in the spec:\n  $.paths['/gone'].get");
  });

  it("fails on an action without a description", async () => {
    await expect(applyOverlay(spec, overlay([{ target: "$.paths['/a'].get", update: { x: 1 } }]))).rejects.toThrow(
      "overlay actions without a description: $.paths['/a'].get",
    );
  });
});

describe("the corrected 2.10 description", async () => {
  const corrected = await loadCorrectedSpec("2.10");

  it("resolves components.schemas.custom_attributes", () => {
    expect(corrected.components.schemas.custom_attributes.type).toBe("object");
  });

  it("types GET /conversations as conversation.list with conversations, total_count and pages", () => {
    const schema = corrected.paths["/conversations"].get.responses["200"].content["application/json"].schema;
    const list = corrected.components.schemas[schema.$ref.split("/").pop()];
    expect(Object.keys(list.properties)).toEqual(["type", "conversations", "total_count", "pages"]);
    expect(list.properties.type.enum).toEqual(["conversation.list"]);
  });

  it("gives GET /contacts per_page and starting_after", () => {
    const names = corrected.paths["/contacts"].get.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(["per_page", "starting_after"]));
  });

  it("has no $ref that does not resolve", () => {
    const refs = [...JSON.stringify(corrected).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)];
    expect(refs.length).toBeGreaterThan(100);
    const missing = refs.map(([, name]) => name!).filter((name) => !corrected.components.schemas[name]);
    expect(missing).toEqual([]);
  });
});
