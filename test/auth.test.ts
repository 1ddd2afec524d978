// A token function is called once per call: retries reuse its token, later calls get a rotated one,
// and its failures are typed errors that send nothing and quote no token.
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { IntercomConfigError, createIntercomClient, unwrap } from "../src/index.js";
import { redactText } from "../src/redact.js";

let server: Server;
let baseUrl: string;
let seen: string[];
let failFirst: boolean;

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(request.headers.authorization ?? "");
    const status = failFirst && seen.length === 1 ? 503 : 200;
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(status === 200 ? { type: "admin", id: "1" } : { type: "error.list", errors: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  failFirst = false;
});

describe("token: a function", () => {
  it("is called once per call: a retry reuses its token, the next call gets a new one", async () => {
    let calls = 0;
    const intercom = createIntercomClient({
      baseUrl,
      token: async () => `rotating-token-${++calls}`,
      retry: { baseDelayMs: 1 },
    });
    failFirst = true;
    await unwrap(intercom.GET("/me"));
    await unwrap(intercom.GET("/me"));
    expect(seen).toEqual(["Bearer rotating-token-1", "Bearer rotating-token-1", "Bearer rotating-token-2"]);
    expect(calls).toBe(2);
  });

  it("that returns a new token per call is not remembered without bound (only its latest 256)", async () => {
    let calls = 0;
    const intercom = createIntercomClient({ baseUrl, token: () => `fresh-token-per-call-${++calls}` });
    for (let i = 0; i < 300; i++) await unwrap(intercom.GET("/me"));
    expect(redactText("fresh-token-per-call-300")).toBe("[redacted]");
    expect(redactText("fresh-token-per-call-1")).toBe("fresh-token-per-call-1");
  });

  it("may be synchronous", async () => {
    const intercom = createIntercomClient({ baseUrl, token: () => "synchronous-token" });
    await unwrap(intercom.GET("/me"));
    expect(seen).toEqual(["Bearer synchronous-token"]);
  });

  it("fails the call with an IntercomConfigError when it throws, sending nothing and quoting no token", async () => {
    createIntercomClient({ baseUrl, token: "leaked-secret-value" }); // registers the secret for redaction
    const intercom = createIntercomClient({
      baseUrl,
      token: async () => {
        throw new Error("vault refused leaked-secret-value");
      },
    });
    const error = await intercom.GET("/me").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomConfigError);
    expect((error as IntercomConfigError).option).toBe("token");
    expect((error as Error).message).toBe(
      "intercom-fetch: invalid `token`: the token function failed: Error: vault refused [redacted]",
    );
    expect(seen).toEqual([]);
  });

  it.each([
    ["", "the token function's result is empty."],
    [42, "the token function's result is not a string (number)."],
    ["line\nbreak-token", "the token function's result is not a valid header value"],
  ])("refuses a result of %j without echoing it", async (value, message) => {
    const intercom = createIntercomClient({ baseUrl, token: () => value as string });
    const error = await intercom.GET("/me").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomConfigError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain("break-token");
    expect(seen).toEqual([]);
  });
});
