// The change report's diff, on small descriptions where each change has one cause.
import { describe, expect, it } from "vitest";
import { diffSpecs, renderChangeReport } from "../scripts/lib/spec-diff.js";
import type { OpenApiDocument } from "../scripts/lib/spec.js";

const versionHeader = {
  name: "Intercom-Version",
  in: "header",
  schema: { $ref: "#/components/schemas/intercom_version" },
};

/** A description with these paths and schemas, every operation declaring the Intercom-Version header. */
function spec(paths: OpenApiDocument, schemas: OpenApiDocument = {}, versions = ["2.10"]): OpenApiDocument {
  const withVersion = structuredClone(paths);
  for (const item of Object.values<OpenApiDocument>(withVersion)) {
    for (const op of Object.values<OpenApiDocument>(item)) {
      op.parameters = [versionHeader, ...(op.parameters ?? [])];
      op.responses ??= {};
    }
  }
  const intercom_version = { type: "string", enum: versions, default: versions.at(-1) };
  return {
    openapi: "3.0.1",
    info: { title: "Intercom API" },
    paths: withVersion,
    components: { schemas: { ...schemas, intercom_version } },
  };
}

const texts = (old: OpenApiDocument, next: OpenApiDocument) =>
  diffSpecs(old, next, { pagination: false }).map((c) => `${c.breaking ? "!" : " "} ${c.kind}: ${c.text}`);

describe("diffSpecs", () => {
  it("matches operations by path template and reports a renamed path parameter once", () => {
    const a = spec({
      "/notes/{id}": { get: { parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }] } },
    });
    const b = spec({
      "/notes/{note_id}": {
        get: { parameters: [{ name: "note_id", in: "path", required: true, schema: { type: "string" } }] },
      },
    });
    expect(texts(a, b)).toEqual([
      "! operations: `GET /notes/{id}` is now `GET /notes/{note_id}`",
      "! parameters: `GET /notes/{note_id}`: path parameter `note_id` type `integer` → `string`",
    ]);
  });

  it("reports operations and parameters added, removed and made required", () => {
    const a = spec({
      "/a": {
        get: {
          parameters: [
            { name: "q", in: "query", schema: { type: "string" } },
            { name: "old", in: "query", schema: { type: "string" } },
          ],
        },
      },
      "/gone": { delete: { operationId: "dropIt" } },
    });
    const b = spec({
      "/a": {
        get: {
          parameters: [
            { name: "q", in: "query", required: true, schema: { type: "string" } },
            { name: "page", in: "query", schema: { type: "integer" } },
            { name: "must", in: "query", required: true, schema: { type: "string" } },
          ],
        },
      },
      "/new": { post: { operationId: "makeIt" } },
    });
    expect(texts(a, b)).toEqual([
      "! operations: `DELETE /gone` removed",
      "  operations: `POST /new` added (`makeIt`)",
      "! parameters: `GET /a`: query parameter `old` removed",
      "! parameters: `GET /a`: query parameter `q` is now required",
      "! parameters: `GET /a`: required query parameter `must` (`string`) added",
      "  parameters: `GET /a`: query parameter `page` (`integer`) added",
    ]);
  });

  it("reports request-body fields whose required-ness, type or values changed, through $refs", () => {
    const post = { requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/req" } } } } };
    const a = spec(
      { "/x": { post } },
      {
        req: {
          type: "object",
          required: ["a"],
          properties: { a: { type: "string" }, b: { type: "integer" }, c: { type: "string", enum: ["x", "y"] } },
        },
      },
    );
    const b = spec(
      { "/x": { post } },
      {
        req: {
          type: "object",
          required: ["b"],
          properties: { a: { type: "string" }, b: { type: "string" }, c: { type: "string", enum: ["x", "z"] } },
        },
      },
    );
    expect(texts(a, b)).toEqual([
      "! request bodies: `POST /x`: body field `b` is now required",
      "! request bodies: `POST /x`: body field `b` type `integer` → `string`",
      "! request bodies: `POST /x`: body field `c`: values removed: `y`",
      "  request bodies: `POST /x`: body field `a` is now optional",
      "  request bodies: `POST /x`: body field `c`: values added: `z`",
    ]);
  });

  it("summarises response schema changes per status, breaking parts first", () => {
    const ok = (schema: OpenApiDocument) => ({
      "200": { description: "ok", content: { "application/json": { schema } } },
    });
    const a = spec({
      "/me": {
        get: {
          responses: ok({
            type: "object",
            properties: { id: { type: "string" }, avatar: { type: "string" }, old: { type: "string" } },
          }),
        },
      },
    });
    const b = spec({
      "/me": {
        get: {
          responses: {
            ...ok({
              type: "object",
              required: ["id"],
              properties: { id: { type: "string" }, avatar: { type: "object" }, added: { type: "string" } },
            }),
            "404": { description: "nf" },
          },
        },
      },
    });
    expect(texts(a, b)).toEqual([
      "! responses: `GET /me`: `200` response: fields removed: `old`; type changed: `avatar` (`string` → `object`)",
      "  responses: `GET /me`: `200` response: fields added: `added`; now always present: `id`",
      "  responses: `GET /me`: `404` response added",
    ]);
  });

  it("reports the Intercom-Version values and default", () => {
    expect(
      texts(
        spec({ "/me": { get: {} } }, {}, ["2.9", "2.10"]),
        spec({ "/me": { get: {} } }, {}, ["2.10", "2.11", "Preview"]),
      ),
    ).toEqual([
      "! versions: `Intercom-Version`: values removed: `2.9`",
      "  versions: `Intercom-Version`: default `2.10` → `Preview`",
      "  versions: `Intercom-Version`: values added: `2.11`, `Preview`",
    ]);
  });
});

describe("renderChangeReport", () => {
  it("lists breaking changes first, grouped by kind, then the other changes and the extra sections", () => {
    const report = renderChangeReport({
      oldVersion: "1.0",
      newVersion: "1.1",
      changes: [
        { kind: "operations", breaking: false, text: "`GET /b` added" },
        { kind: "parameters", breaking: true, text: "`GET /a`: query parameter `q` removed" },
      ],
      sections: [{ title: "Extra", lines: [] }],
    });
    const body = report.split("\n").filter((l) => l && !l.startsWith("Written by"));
    expect(body).toEqual([
      "# Intercom API 1.0 → 1.1",
      "## Breaking changes",
      "### Parameters",
      "- `GET /a`: query parameter `q` removed",
      "## Other changes",
      "### Operations",
      "- `GET /b` added",
      "## Extra",
      "None.",
    ]);
  });
});
