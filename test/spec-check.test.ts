import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import {
  applyAllowlist,
  findIssues,
  formatFindings,
  formatReport,
  readAllowlist,
  type AllowlistEntry,
  type Finding,
} from "../scripts/lib/spec-check.js";
import { readManifest, repoRoot, type OpenApiDocument } from "../scripts/lib/spec.js";

// Every version's own check (`npm run spec:check -- --all`) is a step of `npm test`, not repeated here.
describe("the manifest", () => {
  it("marks the default version reviewed", () => {
    const manifest = readManifest();
    expect(manifest.versions[manifest.default]?.reviewed).toBe(true);
  });
});

/** A one-operation description: POST /things with `body` as its only request example. */
function specWith(schema: OpenApiDocument | undefined, body: unknown, schemas: OpenApiDocument = {}): OpenApiDocument {
  return {
    openapi: "3.0.3",
    info: { title: "t", version: "1" },
    paths: {
      "/things": {
        post: {
          requestBody: { content: { "application/json": { schema, examples: { sample: { value: body } } } } },
          responses: { "200": { description: "ok", content: { "application/json": { schema, example: body } } } },
        },
      },
    },
    components: { schemas },
  };
}

const requestFindings = (spec: OpenApiDocument) => findIssues(spec).filter((f) => f.in.startsWith("request"));
const pointersOf = (findings: Finding[]) => findings.map((f) => `${f.pointer} ${f.kind}`);

describe("example validation", () => {
  it("reports a known-bad example with operation, example, pointer and kind, grouped by operation", () => {
    const spec = specWith({ type: "object", properties: { admin_id: { type: "string" } } }, { admin_id: 991267921 });
    const findings = requestFindings(spec);
    expect(findings).toEqual([
      {
        list: "mismatch",
        operation: "POST /things",
        in: "request application/json",
        example: "sample",
        pointer: "/admin_id",
        kind: "type",
        message: "must be string",
      },
    ]);
    expect(formatFindings(findings)).toBe(
      "POST /things\n  request application/json — sample\n    /admin_id  type: must be string",
    );
  });

  it("treats `nullable: true` as allowing null, except beside a $ref, where OpenAPI 3.0 ignores it", () => {
    const schemas = { ref: { type: "object", properties: { id: { type: "string" } } } };
    const schema = {
      type: "object",
      properties: {
        plain: { type: "string", nullable: true },
        choice: { type: "string", enum: ["a", "b"], nullable: true },
        wrapped: { allOf: [{ $ref: "#/components/schemas/ref" }], nullable: true },
        beside: { $ref: "#/components/schemas/ref", nullable: true },
        strict: { type: "integer" },
      },
    };
    const value = { plain: null, choice: null, wrapped: null, beside: null, strict: null };
    expect(pointersOf(requestFindings(specWith(schema, value, schemas)))).toEqual(["/beside type", "/strict type"]);
  });

  it("ignores OpenAPI-only keywords and non-string formats on numbers (date-time, timestamp)", () => {
    const schema = {
      type: "object",
      discriminator: { propertyName: "type" },
      xml: { name: "thing" },
      externalDocs: { url: "https://example.com" },
      "x-tags": ["Things"],
      example: { created_at: "not checked" },
      properties: {
        created_at: { type: "integer", format: "date-time" },
        updated_at: { type: "integer", format: "timestamp" },
        url: { type: "string", format: "uri" },
      },
    };
    const good = { created_at: 1717021768, updated_at: 1717021768, url: "https://example.com/x" };
    expect(requestFindings(specWith(schema, good))).toEqual([]);
    expect(pointersOf(requestFindings(specWith(schema, { ...good, url: "/relative" })))).toEqual(["/url format"]);
  });

  it("reports a failed oneOf once, with the errors of its nearest branch only", () => {
    const schemas = {
      close: {
        type: "object",
        required: ["message_type", "admin_id"],
        properties: { message_type: { enum: ["close"] }, admin_id: { type: "string" } },
      },
      assign: {
        type: "object",
        required: ["message_type", "admin_id", "assignee_id"],
        properties: {
          message_type: { enum: ["assignment"] },
          admin_id: { type: "string" },
          assignee_id: { type: "string" },
        },
      },
    };
    const schema = { oneOf: [{ $ref: "#/components/schemas/close" }, { $ref: "#/components/schemas/assign" }] };
    const findings = requestFindings(
      specWith(schema, { message_type: "assignment", admin_id: 1, assignee_id: "2" }, schemas),
    );
    expect(pointersOf(findings)).toEqual([" oneOf", "/admin_id type"]);
    expect(findings[0]!.message).toContain("nearest is #1 (assign)");
  });

  it("reports an example that has no schema", () => {
    expect(pointersOf(requestFindings(specWith(undefined, { error_key: "sms_failed" })))).toEqual([" no-schema"]);
  });
});

describe("undeclared response fields", () => {
  const undeclared = (spec: OpenApiDocument) => pointersOf(findIssues(spec).filter((f) => f.list === "undeclared"));

  it("reports response fields that no schema declares, at any depth, and never request fields", () => {
    const schema = {
      type: "object",
      properties: { items: { type: "array", items: { type: "object", properties: { id: { type: "string" } } } } },
    };
    const spec = specWith(schema, { items: [{ id: "1", topics: {} }], ticket: null });
    expect(undeclared(spec)).toEqual(["/items/0/topics undeclared", "/ticket undeclared"]);
    expect(findIssues(spec).every((f) => f.in.startsWith("response"))).toBe(true);
  });

  it("counts a field as declared when any allOf/anyOf/oneOf branch declares it, through $refs", () => {
    const schemas = {
      base: { type: "object", properties: { id: { type: "string" } } },
      user: { type: "object", properties: { email: { type: "string" } } },
      lead: { type: "object", properties: { phone: { type: "string" } } },
    };
    const schema = {
      allOf: [
        { $ref: "#/components/schemas/base" },
        { oneOf: [{ $ref: "#/components/schemas/user" }, { $ref: "#/components/schemas/lead" }] },
      ],
    };
    const spec = specWith(schema, { id: "1", email: "a@b.c", phone: "+1", referrer: null }, schemas);
    expect(undeclared(spec)).toEqual(["/referrer undeclared"]);
  });

  it("treats additionalProperties and property-less object schemas as declaring every key", () => {
    const schema = {
      type: "object",
      properties: {
        custom: { type: "object", additionalProperties: { type: "object", properties: { a: { type: "string" } } } },
        free: { type: "object" },
      },
    };
    const spec = specWith(schema, { custom: { any: { a: "x", b: "y" } }, free: { whatever: 1 } });
    expect(undeclared(spec)).toEqual(["/custom/any/b undeclared"]);
  });
});

describe("allowlist", () => {
  const schema = { type: "object", properties: { id: { type: "string" }, admin_id: { type: "string" } } };
  const findings = requestFindings(specWith(schema, { id: 1, admin_id: 2 }));
  const entry = (pointer: string, kind = "type"): AllowlistEntry => ({
    operation: "POST /things",
    in: "request application/json",
    example: "sample",
    pointer,
    kind,
    reason: "integer id",
  });

  it("hides exactly the allowlisted finding, not a new one of the same example", () => {
    const result = applyAllowlist(findings, [entry("/id")]);
    expect(pointersOf(result.allowed)).toEqual(["/id type"]);
    expect(pointersOf(result.open)).toEqual(["/admin_id type"]);
    expect(result.stale).toEqual([]);
  });

  it("reports an entry that matches no finding as stale", () => {
    const stale = entry("/id", "format");
    const result = applyAllowlist(findings, [entry("/id"), entry("/admin_id"), stale]);
    expect(result.open).toEqual([]);
    expect(result.stale).toEqual([stale]);
    expect(formatReport("1", { examples: 1, ...result })).toContain(
      "Allowlist entries that match no finding (remove them):\n  POST /things | request application/json | sample | /id | format",
    );
  });

  it("rejects an allowlist entry without a reviewed reason", () => {
    const path = join(mkdtempSync(join(tmpdir(), "spec-check-")), "allowlist.yaml");
    const key = "operation: POST /things, in: request, example: s, pointer: /id, kind: type";
    writeFileSync(path, `entries:\n  - { ${key} }\n  - { ${key}, reason: "TODO: why" }\n`);
    expect(() => readAllowlist(path)).toThrow(/entry 0: missing reason\n {2}entry 1: missing reason/);
  });
});

describe("npm run spec:check", () => {
  it("refuses a version that the manifest does not list, naming the valid ones", async () => {
    const run = promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/spec-check.ts", "--", "9.99"], {
      cwd: repoRoot,
    });
    await expect(run).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/unknown version 9\.99.*\n.*versions: 2\.10/),
    });
  }, 30_000);
});
