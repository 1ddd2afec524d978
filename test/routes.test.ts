import { describe, expect, it } from "vitest";
import { matchPath, nearestTemplates } from "../src/routes.js";
import { metadata } from "../src/generated.js";

const operations = metadata["2.10"].operations;

describe("matchPath", () => {
  it("fills a template's parameters from a literal path, percent-decoded", () => {
    const [match] = matchPath(operations, "/conversations/123/tags/a%20b");
    expect(match?.operation.path).toBe("/conversations/{conversation_id}/tags/{id}");
    expect(match?.params).toEqual({ conversation_id: "123", id: "a b" });
  });

  it("puts literal segments before parameters", () => {
    const templates = matchPath(operations, "/contacts/search").map((m) => `${m.operation.method} ${m.operation.path}`);
    expect(templates[0]).toBe("post /contacts/search");
    expect(templates).toContain("get /contacts/{id}");
  });

  it("matches nothing for an unknown path, a missing segment or an empty parameter", () => {
    expect(matchPath(operations, "/contact/1")).toEqual([]);
    expect(matchPath(operations, "/contacts/1/extra/2/more")).toEqual([]);
    expect(matchPath(operations, "/conversations//tags")).toEqual([]);
  });
});

describe("nearestTemplates", () => {
  it("ranks by edit distance with the path's own IDs in the parameters", () => {
    expect(nearestTemplates(operations, "/contact/6329bd9ffe4e3d31a4a1a4d2")[0]).toBe("/contacts/{id}");
    expect(nearestTemplates(operations, "/conversation/1/tag", 1)).toEqual(["/conversations/{conversation_id}/tags"]);
  });
});
