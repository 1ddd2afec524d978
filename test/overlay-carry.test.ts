// Carrying overlay actions forward, on small descriptions where each outcome has one cause.
import { describe, expect, it } from "vitest";
import { carryForward, describeOutcome } from "../scripts/lib/overlay-carry.js";
import type { OpenApiDocument, OverlayAction } from "../scripts/lib/spec.js";

function spec(paths: OpenApiDocument, schemas: OpenApiDocument = {}): OpenApiDocument {
  return { openapi: "3.0.1", info: { title: "Intercom API", version: "x" }, paths, components: { schemas } };
}

const contactsGet = (parameters: OpenApiDocument[]) => ({ "/contacts": { get: { parameters, responses: {} } } });
const perPage = { name: "per_page", in: "query", schema: { type: "integer" } };
const addPerPage: OverlayAction = {
  target: "$.paths['/contacts'].get.parameters",
  description: "GET /contacts lacks per_page.",
  update: [perPage],
};

async function carry(oldSpec: OpenApiDocument, newSpec: OpenApiDocument, ...actions: OverlayAction[]) {
  const overlay = { overlay: "1.0.0", info: { title: "t", version: "1" }, actions };
  return carryForward({ fromVersion: "1.0", toVersion: "1.1", overlay, oldSpec, newSpec });
}

describe("carryForward", () => {
  it("carries an action whose nodes are unchanged, annotated with its origin", async () => {
    const [outcome] = await carry(spec(contactsGet([])), spec(contactsGet([]), { other: {} }), addPerPage);
    expect(outcome!.status).toBe("carried");
    expect(outcome!.carried).toEqual({ ...addPerPage, "x-carried-from": "1.0" });
  });

  it("replaces the annotations of an earlier bump", async () => {
    const earlier = {
      ...addPerPage,
      "x-carried-from": "0.9",
      "x-retargeted-from": "$.paths['/people'].get.parameters",
    };
    const [outcome] = await carry(spec(contactsGet([])), spec(contactsGet([])), earlier);
    expect(outcome!.carried).toEqual({ ...addPerPage, "x-carried-from": "1.0" });
  });

  it("reports an action whose target is gone", async () => {
    const [outcome] = await carry(spec(contactsGet([])), spec({}), addPerPage);
    expect(outcome!.status).toBe("gone");
    expect(outcome!.carried).toBeUndefined();
    expect(describeOutcome(outcome!)).toBe(
      "**not carried: target gone**: `$.paths['/contacts'].get.parameters` (GET /contacts lacks per_page.): " +
        "`$.paths['/contacts'].get.parameters` matches nothing in 1.1.",
    );
  });

  it("reports an action the new file makes a no-op as fixed upstream", async () => {
    const [outcome] = await carry(spec(contactsGet([])), spec(contactsGet([perPage])), addPerPage);
    expect(outcome!.status).toBe("fixed");
    expect(outcome!.carried).toBeUndefined();
  });

  it("does not merge a correction into what upstream now defines differently", async () => {
    const upstream = { ...perPage, description: "Defaults to 15", schema: { type: "integer", maximum: 50 } };
    const [outcome] = await carry(spec(contactsGet([])), spec(contactsGet([upstream])), {
      ...addPerPage,
      update: [{ ...perPage, schema: { type: "integer", maximum: 150 } }],
    });
    expect(outcome!.status).toBe("superseded");
    expect(outcome!.detail).toContain("`/paths/~1contacts/get/parameters/query:per_page`");
  });

  it("treats a $ref target that the new file now defines as fixed upstream, not as a node to merge into", async () => {
    const dangling = { widget: { properties: { w: { $ref: "#/components/schemas/thing" } } } };
    const define: OverlayAction = {
      target: "$.components.schemas",
      description: "Dangling reference to thing.",
      update: { thing: { type: "object" } },
    };
    const [kept] = await carry(spec({}, dangling), spec({}, { ...dangling, more: {} }), define);
    expect(kept!.status).toBe("carried");
    const [fixed] = await carry(spec({}, dangling), spec({}, { ...dangling, thing: { type: "string" } }), define);
    expect(fixed!.status).toBe("superseded");
    expect(fixed!.detail).toContain("`/components/schemas/thing`");
  });

  it("does not drop a correction that upstream fixed only in part", async () => {
    const addBoth: OverlayAction = {
      target: "$.paths['/contacts'].get.parameters",
      description: "GET /contacts lacks per_page and starting_after.",
      update: [perPage, { name: "starting_after", in: "query", schema: { type: "string" } }],
    };
    const [outcome] = await carry(spec(contactsGet([])), spec(contactsGet([perPage])), addBoth);
    expect(outcome!.status).toBe("changed");
    expect(outcome!.detail).toContain("still lacks `/paths/~1contacts/get/parameters/query:starting_after`");
  });

  it("reports an action whose corrected node changed upstream, for review", async () => {
    const fix: OverlayAction = {
      target: "$.components.schemas.admin.properties.avatar",
      description: "avatar is an object.",
      update: { type: "object" },
    };
    const before = spec({}, { admin: { properties: { avatar: { type: "string" } } } });
    const after = spec({}, { admin: { properties: { avatar: { type: "array" } } } });
    const [outcome] = await carry(before, after, fix);
    expect(outcome!.status).toBe("changed");
    expect(outcome!.detail).toContain("`/components/schemas/admin/properties/avatar/type`");
  });

  it("follows a path whose parameter was renamed, and says so", async () => {
    const fix: OverlayAction = {
      target: "$.paths['/notes/{id}'].get",
      description: "Adds a summary.",
      update: { summary: "Get a note" },
    };
    const [outcome] = await carry(
      spec({ "/notes/{id}": { get: { responses: {} } } }),
      spec({ "/notes/{note_id}": { get: { responses: {} } } }),
      fix,
    );
    expect(outcome!.status).toBe("retargeted");
    expect(outcome!.carried).toEqual({
      ...fix,
      target: "$.paths['/notes/{note_id}'].get",
      "x-carried-from": "1.0",
      "x-retargeted-from": "$.paths['/notes/{id}'].get",
    });
  });

  it("judges each action on the description the earlier carried actions left", async () => {
    const remove: OverlayAction = {
      target: "$.components.schemas.a.properties.x",
      description: "Drop x.",
      remove: true,
    };
    const readd: OverlayAction = {
      target: "$.components.schemas.a.properties",
      description: "Re-add x as a string.",
      update: { x: { type: "string" } },
    };
    const before = spec({}, { a: { properties: { x: { type: "integer" } } } });
    const same = await carry(before, structuredClone(before), remove, readd);
    expect(same.map((o) => o.status)).toEqual(["carried", "carried"]);
    // Upstream changed x: the removal is not carried, so the re-declaration (which relied on it) is not either.
    const changed = await carry(before, spec({}, { a: { properties: { x: { type: "number" } } } }), remove, readd);
    expect(changed.map((o) => o.status)).toEqual(["changed", "superseded"]);
    expect(changed.every((o) => o.carried === undefined)).toBe(true);
  });
});
