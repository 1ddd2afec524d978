// The compile-time example check (scripts/lib/example-types.ts): Intercom's own examples, assigned to
// the generated types and compiled by tsc, for every version whose findings have been reviewed.
import { describe, expect, it } from "vitest";
import { checkExampleTypes, compileExamples, isReviewed, type TypedExample } from "../scripts/lib/example-types.js";
import { formatFindings } from "../scripts/lib/spec-check.js";
import { readManifest } from "../scripts/lib/spec.js";

const tag = (value: unknown): TypedExample => ({
  operation: "POST /conversations/{conversation_id}/tags",
  in: "request application/json",
  example: "sample",
  value,
  type: `NonNullable<paths["/conversations/{conversation_id}/tags"]["post"]["requestBody"]>["content"]["application/json"]`,
});

describe("compiling examples against the generated types", () => {
  it("reports each error at the JSON pointer of the member that holds it, with its TypeScript code", () => {
    const findings = compileExamples(
      new Map([
        [
          "2.10",
          [
            tag({ id: "1", admin_id: 991 }), // Intercom's examples send integer ids: no finding
            tag({ id: "1", admin_id: true }),
            tag({ id: 1, admin_id: "1", adminid: 1 }),
            tag({ id: "1" }),
          ],
        ],
      ]),
    ).get("2.10")!;
    expect(findings.map((f) => `${f.pointer} ${f.kind}`)).toEqual(["/admin_id TS2322", "/adminid TS2353", " TS2741"]);
    expect(findings[2]!.message).toContain("admin_id");
  }, 60_000);

  const manifest = readManifest();
  const reviewed = Object.keys(manifest.versions).filter((v) => isReviewed(v));

  it("has reviewed the default version", () => {
    expect(reviewed).toContain(manifest.default);
  });

  it.each(reviewed)(
    "%s: every example compiles against its type, or is allowlisted as one the API rejects",
    async (version) => {
      const result = (await checkExampleTypes([version])).get(version)!;
      expect(result.examples).toBeGreaterThan(1000);
      expect(formatFindings(result.open) + result.stale.map((e) => e.example).join(", ")).toBe("");
    },
    120_000, // one tsc program over the version's generated types: ~15 s on a loaded 2-core machine
  );
});
