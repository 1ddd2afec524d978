// Several API versions side by side: the `version` literal selects the generated types, so code
// written against a field of one version does not compile against another.
import { describe, expectTypeOf, it } from "vitest";
import { createIntercomClient, type IntercomClient, type ResponseFor } from "../../src/index.js";
import type { PathsByVersion } from "../../src/generated.js";

const v210 = createIntercomClient({ token: "t" });
const v211 = createIntercomClient({ token: "t", version: "2.11" });

describe("createIntercomClient({ version })", () => {
  it("is typed with the paths of the version it names", () => {
    expectTypeOf(v211).toEqualTypeOf<IntercomClient<"2.11">>();
    expectTypeOf(v211.version).toEqualTypeOf<"2.11">();
    // The default stays 2.10.
    expectTypeOf(v210).toEqualTypeOf<IntercomClient<"2.10">>();
  });

  it("accepts a query parameter that exists only in 2.11, and rejects it on 2.10", () => {
    void v211.GET("/contacts", { params: { query: { page: 2 } } });
    // @ts-expect-error GET /contacts has no `page` in 2.10
    void v210.GET("/contacts", { params: { query: { page: 2 } } });
  });

  it("knows each version's path names", () => {
    void v211.GET("/contacts/{contact_id}", { params: { path: { contact_id: "1" } } });
    // @ts-expect-error 2.10 names the parameter `id`
    void v210.GET("/contacts/{contact_id}", { params: { path: { contact_id: "1" } } });
    // @ts-expect-error 2.11 renamed `/contacts/{id}`
    void v211.GET("/contacts/{id}", { params: { path: { id: "1" } } });
  });

  it("types responses per version: a field only 2.11 declares", () => {
    type Contact<V extends "2.10" | "2.11", P extends keyof PathsByVersion[V]> = NonNullable<
      ResponseFor<PathsByVersion[V], P, "get">["data"]
    >;
    expectTypeOf<Contact<"2.11", "/contacts/{contact_id}">>().toHaveProperty("formatted_phone");
    expectTypeOf<Contact<"2.10", "/contacts/{id}">>().not.toHaveProperty("formatted_phone");
  });
});
