// Carrying spec:check allowlist entries forward (scripts/lib/allowlist-carry.ts).
import { describe, expect, it } from "vitest";
import { carryAllowlist } from "../scripts/lib/allowlist-carry.js";
import type { OpenApiDocument } from "../scripts/lib/openapi.js";
import { findIssues, type AllowlistEntry } from "../scripts/lib/spec-check.js";

function spec(path: string, body: unknown): OpenApiDocument {
  const schema = { type: "object", properties: { admin_id: { type: "string" } } };
  return {
    paths: { [path]: { post: { requestBody: { content: { "application/json": { schema, example: body } } } } } },
  };
}

const entry: AllowlistEntry = {
  operation: "POST /things/{id}/tags",
  in: "request application/json",
  example: "example",
  pointer: "/admin_id",
  kind: "type",
  reason: "The API takes an integer id too.",
};

function carry(newSpec: OpenApiDocument) {
  const oldSpec = spec("/things/{id}/tags", { admin_id: 991 });
  return carryAllowlist({ fromVersion: "1.0", entries: [entry], oldSpec, newSpec, findings: findIssues(newSpec) });
}

describe("carryAllowlist", () => {
  it("carries an entry whose finding recurs on the same value, across a renamed path parameter", () => {
    expect(carry(spec("/things/{thing_id}/tags", { admin_id: 991 }))).toEqual([
      { ...entry, operation: "POST /things/{thing_id}/tags", "x-carried-from": "1.0" },
    ]);
  });

  it("does not carry it to the same finding on another value: its reason was reviewed for that value", () => {
    expect(carry(spec("/things/{id}/tags", { admin_id: 17 }))).toEqual([]);
  });

  it("does not carry an entry whose finding is gone", () => {
    expect(carry(spec("/things/{id}/tags", { admin_id: "991" }))).toEqual([]);
  });
});
