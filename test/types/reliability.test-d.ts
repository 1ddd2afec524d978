// Compile-time contract of unwrap, the per-request reliability options and IntercomError.
import { describe, expectTypeOf, it } from "vitest";
import {
  type IntercomErrorKind,
  type RateLimit,
  IntercomError,
  createIntercomClient,
  unwrap,
} from "../../src/index.js";

const intercom = createIntercomClient({ token: "t", retry: { maxRetries: 5 }, timeoutMs: 10_000, maxConcurrent: 4 });
const id = "1";

describe("unwrap", () => {
  it("resolves to the operation's success data", () => {
    const getContact = () => intercom.GET("/contacts/{id}", { params: { path: { id } } });
    type ContactData = NonNullable<Awaited<ReturnType<typeof getContact>>["data"]>;
    expectTypeOf(unwrap(getContact())).resolves.toEqualTypeOf<ContactData>();
    expectTypeOf(unwrap(getContact())).resolves.toHaveProperty("email").toEqualTypeOf<string | undefined>();
    expectTypeOf(unwrap(intercom.GET("/tags"))).resolves.toHaveProperty("data");
    // @ts-expect-error the error branch's shape is not part of the result
    expectTypeOf(unwrap(getContact())).resolves.toHaveProperty("errors");
  });

  it("does not accept something that is not a call result", () => {
    // @ts-expect-error a plain value is not an openapi-fetch result
    void unwrap(Promise.resolve(42));
  });
});

describe("per-request options", () => {
  it("accepts retry, timeoutMs and idempotent on any call", () => {
    void intercom.GET("/contacts/{id}", { params: { path: { id } }, retry: false, timeoutMs: 5_000 });
    void intercom.POST("/tags", { body: { name: "vip" }, idempotent: true, retry: { maxRetries: 1 } });
  });

  it("rejects misspelt or mistyped ones", () => {
    // @ts-expect-error retries is not an option (retry is)
    void intercom.GET("/contacts/{id}", { params: { path: { id } }, retries: 2 });
    // @ts-expect-error idempotent is a boolean
    void intercom.POST("/tags", { body: { name: "vip" }, idempotent: "yes" });
    // @ts-expect-error maxRetry is not a retry option
    void intercom.GET("/tags", { retry: { maxRetry: 1 } });
  });
});

describe("client", () => {
  it("exposes the rate-limit budget", () => {
    expectTypeOf(intercom.rateLimit).toEqualTypeOf<RateLimit | undefined>();
  });

  it("rejects unknown reliability options", () => {
    // @ts-expect-error timeout is not an option (timeoutMs is)
    createIntercomClient({ token: "t", timeout: 5 });
  });
});

describe("IntercomError", () => {
  it("narrows on kind", () => {
    const error = new IntercomError({ kind: "not_found", method: "GET", url: "https://api.intercom.io/contacts/1" });
    expectTypeOf(error.kind).toEqualTypeOf<IntercomErrorKind>();
    expectTypeOf(error.status).toEqualTypeOf<number | undefined>();
    expectTypeOf(error.errors).toEqualTypeOf<{ code: string; message?: string; field?: string }[]>();
  });
});
