import { describe, expect, it } from "vitest";
import { redactHeaders, redactText, redactUrl, registerSecret } from "../../src/redact.js";

describe("redaction", () => {
  it("replaces credential headers", () => {
    const headers = new Headers({ Authorization: "Bearer abc", Cookie: "a=b", "X-Request-Id": "r1" });
    expect(redactHeaders(headers)).toEqual({ authorization: "[redacted]", cookie: "[redacted]", "x-request-id": "r1" });
  });

  it("removes userinfo and credential-like query values from URLs", () => {
    expect(redactUrl("https://user:pw@api.intercom.io/contacts?access_token=abc&per_page=5&api_key=k")).toBe(
      "https://api.intercom.io/contacts?access_token=%5Bredacted%5D&per_page=5&api_key=%5Bredacted%5D",
    );
  });

  it("replaces bearer tokens in text", () => {
    expect(redactText('{"auth":"Bearer dG9rZW4=", "x": 1}')).toBe('{"auth":"Bearer [redacted]", "x": 1}');
  });

  it("removes a registered token and its URL encoding in one pass, never inside its own marker", () => {
    registerSecret("tok en/with+red");
    registerSecret("redacted");
    expect(redactText("a tok en/with+red b tok%20en%2Fwith%2Bred c redacted")).toBe(
      "a [redacted] b [redacted] c [redacted]",
    );
  });

  it("leaves values too short to be a token alone, so test tokens such as 't' do not garble messages", () => {
    registerSecret("t");
    registerSecret("test");
    expect(redactText("the test failed")).toBe("the test failed");
  });
});
