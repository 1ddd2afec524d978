// The rule layer (scripts/lib/rules.ts): each rule on a small description that has its class of
// defect, and on the real corrected descriptions of every version.
import { describe, expect, it } from "vitest";
import { applyRules, assertNoEmptyObjectTypes } from "../scripts/lib/rules.js";
import { loadCorrectedSpec, readManifest, type OpenApiDocument } from "../scripts/lib/spec.js";

const json = (schema: OpenApiDocument) => ({ content: { "application/json": { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function fixture(): OpenApiDocument {
  return {
    openapi: "3.0.1",
    paths: {
      "/admins/{id}": {
        get: {
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
          responses: { "200": json(ref("admin")) },
        },
        put: {
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          requestBody: {
            ...json(ref("away_request")),
            // Intercom's own example sends the id as an integer.
            content: {
              "application/json": { schema: ref("away_request"), examples: { ok: { value: { admin_id: 991 } } } },
            },
          },
          responses: { "200": json(ref("admin")) },
        },
      },
      "/notes": {
        post: { requestBody: json(ref("note_request")), responses: { "200": json(ref("note")) } },
      },
    },
    components: {
      schemas: {
        admin: {
          type: "object",
          nullable: true,
          properties: {
            type: { type: "string" },
            id: { type: "string" },
            app: ref("app"),
            custom_attributes: { type: "object" },
            teams: { type: "array", items: ref("app") },
          },
        },
        app: { type: "object", nullable: true, properties: { name: { type: "string" } } },
        away_request: {
          type: "object",
          required: ["admin_id"],
          properties: { admin_id: { type: "string", minLength: 1 } },
        },
        note_request: { type: "object", properties: { body: { type: "string" } } },
        note: {
          type: "object",
          "x-intercom-fetch-optional": ["id"],
          properties: { type: { type: "string" }, id: { type: "string" } },
        },
      },
    },
  };
}

describe("the rules", () => {
  const { spec, changes } = applyRules(fixture());
  const schemas = spec.components.schemas;

  it("lets an integer path id take the string ids responses carry", () => {
    expect(spec.paths["/admins/{id}"].get.parameters[0].schema).toEqual({
      anyOf: [{ type: "string" }, { type: "integer" }],
    });
    expect(spec.paths["/admins/{id}"].put.parameters[0].schema).toEqual({ type: "string" });
    expect(changes.get("integer path ids")).toEqual(["GET /admins/{id} path id"]);
  });

  it("types an object without properties as a map of unknown values", () => {
    expect(schemas.admin.properties.custom_attributes).toEqual({ type: "object", additionalProperties: {} });
  });

  it("makes nullable roots non-null and keeps every property that referred to them nullable", () => {
    expect(schemas.admin.nullable).toBeUndefined();
    expect(schemas.app.nullable).toBeUndefined();
    expect(schemas.admin.properties.app).toEqual({ allOf: [ref("app")], nullable: true });
    expect(schemas.admin.properties.teams.items).toEqual({ allOf: [ref("app")], nullable: true });
    // The response root stays a plain reference: GET /admins/{id} answers an admin, never null.
    expect(spec.paths["/admins/{id}"].get.responses["200"].content["application/json"].schema).toEqual(ref("admin"));
  });

  it("requires a body whose schema requires a field, and only that", () => {
    expect(spec.paths["/admins/{id}"].put.requestBody.required).toBe(true);
    expect(spec.paths["/notes"].post.requestBody.required).toBeUndefined();
  });

  it("requires type and id of returned resources, except where the overlay says otherwise", () => {
    expect(schemas.admin.required).toEqual(["type", "id"]);
    expect(schemas.note.required).toEqual(["type"]);
    expect(schemas.away_request.required).toEqual(["admin_id"]);
  });

  it("widens a request id that an example sends as an integer, keeping its string constraints", () => {
    expect(schemas.away_request.properties.admin_id).toEqual({
      anyOf: [{ type: "string", minLength: 1 }, { type: "integer" }],
    });
  });

  it("leaves the input alone", () => {
    expect(fixture().components.schemas.admin.nullable).toBe(true);
  });
});

describe("the empty-object backstop", () => {
  const types = "export type webhooks = Record<string, never>;\n  a?: Record<string, never>;\n";

  it("fails on a map that accepts only {}", () => {
    expect(() => assertNoEmptyObjectTypes(types, {})).toThrow("line 2: a?: Record<string, never>;");
  });

  it("accepts it where the description marks an object the API takes empty", () => {
    const spec = { components: { schemas: { a: { type: "object", "x-intercom-fetch-empty-object": true } } } };
    expect(assertNoEmptyObjectTypes(types, spec)).toBe(types);
  });
});

describe.each(Object.keys(readManifest().versions))("the corrected %s description", async (version) => {
  const spec = await loadCorrectedSpec(version);

  it("has no integer path id and no nullable component schema", () => {
    const paramSchemas = Object.values<OpenApiDocument>(spec.paths).flatMap((item) =>
      Object.values<OpenApiDocument>(item).flatMap((op) => op.parameters ?? []),
    );
    const integerIds = paramSchemas.filter((p) => p.in === "path" && p.schema?.type === "integer");
    expect(integerIds).toEqual([]);
    const nullable = Object.entries<OpenApiDocument>(spec.components.schemas).filter(([, s]) => s.nullable);
    expect(nullable.map(([name]) => name)).toEqual([]);
  });

  it("requires type and id on the core resources", () => {
    for (const name of ["admin", "contact", "company", "conversation", "ticket", "tag", "team", "note", "segment"]) {
      expect(spec.components.schemas[name].required, name).toEqual(expect.arrayContaining(["type", "id"]));
    }
  });
});
