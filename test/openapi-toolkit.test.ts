// scripts/lib/openapi.ts: the one `$ref` resolver, pointer codec and operation walk every script uses.
import { describe, expect, it } from "vitest";
import {
  decodePointer,
  deref,
  derefOrThrow,
  eachOperation,
  encodePointer,
  lookup,
  parametersOf,
  successResponse,
  type OpenApiDocument,
} from "../scripts/lib/openapi.js";

const spec: OpenApiDocument = {
  paths: {
    "/a/{id}": {
      parameters: [{ name: "id", in: "path", schema: { type: "integer" } }],
      get: {
        parameters: [{ $ref: "#/components/parameters/id" }, { name: "q", in: "query" }],
        responses: { "404": {}, "201": { $ref: "#/components/responses/created" } },
      },
      post: { responses: { "400": {} } },
      summary: "not an operation",
    },
  },
  components: {
    parameters: { id: { name: "id", in: "path", schema: { type: "string" } } },
    responses: { created: { description: "created" } },
    schemas: {
      "a/b~c": { type: "string" },
      loop: { $ref: "#/components/schemas/loop2" },
      loop2: { $ref: "#/components/schemas/loop" },
      dangling: { $ref: "#/components/schemas/nowhere" },
      chain: { $ref: "#/components/schemas/a~1b~0c" },
    },
  },
};

describe("JSON pointers", () => {
  it("encodes ~ and / and decodes them back, from a $ref (percent-encoded) or a plain pointer", () => {
    expect(encodePointer(["paths", "/a/{id}", "get"])).toBe("/paths/~1a~1{id}/get");
    expect(encodePointer(["a~/b", 0])).toBe("/a~0~1b/0");
    expect(decodePointer("#/components/schemas/a~1b~0c")).toEqual(["components", "schemas", "a/b~c"]);
    expect(decodePointer("#/paths/~1a~1%7Bid%7D")).toEqual(["paths", "/a/{id}"]);
    expect(decodePointer("/x/~01")).toEqual(["x", "~1"]);
    expect(decodePointer("#")).toEqual([]);
    expect(lookup(spec, "#/components/schemas/a~1b~0c")).toEqual({ type: "string" });
    expect(lookup(spec, "/components/nothing/here")).toBeUndefined();
  });
});

describe("deref", () => {
  it("follows a chain of $refs to its end", () => {
    expect(deref(spec, { $ref: "#/components/schemas/chain" })).toEqual({ type: "string" });
    expect(deref(spec, { type: "object" })).toEqual({ type: "object" });
    expect(deref(spec, undefined)).toBeUndefined();
  });

  it("gives no end for a chain that loops, dangles or leaves the document; derefOrThrow says which", () => {
    for (const ref of ["#/components/schemas/loop", "#/components/schemas/dangling", "other.yaml#/x"]) {
      expect(deref(spec, { $ref: ref }), ref).toBeUndefined();
    }
    expect(() => derefOrThrow(spec, { $ref: "#/components/schemas/loop" })).toThrow(
      "$ref cycle: #/components/schemas/loop → #/components/schemas/loop2 → #/components/schemas/loop",
    );
    expect(() => derefOrThrow(spec, { $ref: "#/components/schemas/dangling" })).toThrow(
      "$ref #/components/schemas/nowhere resolves to nothing",
    );
    expect(() => derefOrThrow(spec, { $ref: "other.yaml#/x" })).toThrow("only local $refs are supported");
  });
});

describe("operations", () => {
  const [get, post] = eachOperation(spec);

  it("walks methods only, not the path item's other keys", () => {
    expect(eachOperation(spec).map((o) => `${o.method} ${o.path}`)).toEqual(["get /a/{id}", "post /a/{id}"]);
  });

  it("resolves parameters, the operation's own overriding the path item's", () => {
    expect(parametersOf(spec, get!)).toEqual([
      { name: "id", in: "path", schema: { type: "string" } },
      { name: "q", in: "query" },
    ]);
    expect(parametersOf(spec, post!)).toEqual([{ name: "id", in: "path", schema: { type: "integer" } }]);
  });

  it("finds the 2xx response, resolved", () => {
    expect(successResponse(spec, get!.operation)).toEqual({ status: 201, response: { description: "created" } });
    expect(successResponse(spec, post!.operation)).toBeUndefined();
  });
});
