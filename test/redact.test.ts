import { describe, expect, it } from "vitest";
import { redactHeaders, redactText, redactUrl, registerSecret } from "../src/redact.js";

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

  // A token function may return a new token per call: remembering all of them would grow memory, and
  // the pattern every message is matched against, for the life of the process.
  it("keeps a client's fixed token, and only the latest 256 tokens of token functions", () => {
    registerSecret("fixed_token_kept_7c1d");
    const rotating = Array.from({ length: 300 }, (_, i) => `rotating_token_${String(i).padStart(4, "0")}`);
    for (const token of rotating) registerSecret(token, true);
    // 44 to 299 are kept; 44, used again, becomes the latest, so the next new token pushes out 45.
    registerSecret(rotating[44]!, true);
    registerSecret("rotating_token_next", true);
    expect(redactText(`${rotating[299]} ${rotating[44]} rotating_token_next`)).toBe("[redacted] [redacted] [redacted]");
    expect(redactText(`${rotating[0]} ${rotating[45]}`)).toBe(`${rotating[0]} ${rotating[45]}`);
    expect(redactText("fixed_token_kept_7c1d")).toBe("[redacted]");
  });

  it("leaves values too short to be a token alone, so test tokens such as 't' do not garble messages", () => {
    registerSecret("t");
    registerSecret("test");
    expect(redactText("the test failed")).toBe("the test failed");
  });
});
