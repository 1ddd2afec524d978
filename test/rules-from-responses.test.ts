// The rule "responses as their examples recorded them" (scripts/lib/rules-from-responses.ts).
import { describe, expect, it } from "vitest";
import { responsesAsRecorded } from "../scripts/lib/rules-from-responses.js";
import type { OpenApiDocument } from "../scripts/lib/openapi.js";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function fixture(example: unknown): OpenApiDocument {
  return {
    paths: {
      "/admins": {
        get: {
          responses: {
            "200": {
              content: { "application/json": { schema: ref("admin_list"), examples: { ok: { value: example } } } },
            },
          },
        },
        post: {
          requestBody: { content: { "application/json": { schema: ref("admin"), example: { id: "1" } } } },
          responses: { "400": { content: { "application/json": { schema: ref("admin"), example: { id: null } } } } },
        },
      },
    },
    components: {
      schemas: {
        admin_list: { type: "object", properties: { admins: { type: "array", items: ref("admin") } } },
        admin: {
          type: "object",
          required: ["id", "job_title", "name"],
          properties: {
            id: { type: "string" },
            name: { type: "string" },
            job_title: { type: "string" },
            team: { $ref: "#/components/schemas/team", nullable: true },
            away: { type: "boolean" },
            choice: { oneOf: [ref("team"), { type: "string" }] },
          },
        },
        team: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
      },
    },
  };
}

describe("responses as their examples recorded them", () => {
  it("makes optional what a success example omits, nullable what it carries as null", () => {
    const spec = fixture({ admins: [{ id: "1", name: "Ann", team: null, away: null, choice: {} }] });
    const changed = responsesAsRecorded.apply(spec);
    const admin = spec.components.schemas.admin;
    expect(admin.required).toEqual(["id", "name"]);
    expect(admin.properties.away).toEqual({ type: "boolean", nullable: true });
    // `nullable` beside a $ref is ignored by OpenAPI 3.0: the reference is wrapped instead.
    expect(admin.properties.team).toEqual({ allOf: [ref("team")], nullable: true });
    expect(spec.components.schemas.team).toEqual(fixture(null).components.schemas.team);
    // The example belongs to one branch of a oneOf: none is loosened.
    expect(spec.components.schemas.team.required).toEqual(["name"]);
    expect(changed).toEqual([
      "GET /admins/admins/0/job_title optional",
      "GET /admins/admins/0/team nullable",
      "GET /admins/admins/0/away nullable",
    ]);
  });

  it("leaves schemas alone when only requests or error responses disagree with them", () => {
    const spec = fixture({ admins: [] });
    expect(responsesAsRecorded.apply(spec)).toEqual([]);
    expect(spec).toEqual(fixture({ admins: [] }));
  });
});
