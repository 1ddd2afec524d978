import { describe, expect, it } from "vitest";
import { IntercomError, intercomErrorFromResult } from "../src/index.js";

const request = { method: "POST", url: "https://api.intercom.io/phone_call_redirects" };

describe("IntercomError", () => {
  it("never keeps credentials of the URL it is given", () => {
    const error = new IntercomError({
      kind: "network",
      method: "GET",
      url: "https://u:pw-SECRET@x.test/a?token=tk-SECRET",
    });
    expect(error.url).toBe("https://x.test/a?token=%5Bredacted%5D");
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain("SECRET");
  });

  it("serialises its fields and message", () => {
    const error = new IntercomError({
      kind: "not_found",
      status: 404,
      method: "GET",
      url: "https://api.intercom.io/x",
    });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: "IntercomError",
      kind: "not_found",
      status: 404,
      errors: [],
      message: "intercom-fetch: 404 not_found (GET https://api.intercom.io/x)",
    });
  });
});

describe("intercomErrorFromResult", () => {
  it("reads the {error_key, message} body of /phone_call_redirects", () => {
    const response = new Response(null, { status: 422 });
    const error = intercomErrorFromResult(
      { response, error: { error_key: "invalid_phone_number", message: "Bad number" } },
      request,
    );
    expect(error).toMatchObject({
      kind: "validation",
      errors: [{ code: "invalid_phone_number", message: "Bad number" }],
      method: "POST",
      url: request.url,
    });
  });

  it("keeps JSON that is not an error list as an excerpt", () => {
    const response = new Response(null, { status: 500 });
    const error = intercomErrorFromResult({ response, error: { oops: true } }, request);
    expect(error).toMatchObject({ kind: "server", errors: [], bodyExcerpt: '{"oops":true}' });
  });

  it("names an unknown request when the response did not come through the client", () => {
    const error = intercomErrorFromResult({ response: new Response(null, { status: 418 }), error: "" });
    expect(error).toMatchObject({ kind: "http", status: 418, method: "UNKNOWN", bodyExcerpt: undefined });
  });
});
