// intercom-fetch/oauth against a local token endpoint: what is sent, what comes back, and that the
// client secret (and the code) appear in no error.
import { once } from "node:events";
import { type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import type { RecordedRequest } from "./support/recording-server.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IntercomConfigError } from "../src/errors.js";
import { IntercomOAuthError, authorizeUrl, exchangeCode } from "../src/oauth.js";

const secret = "sec ret/+&=ü_5f2a";
const code = "code_7d1e";

let seen: RecordedRequest[] = [];
let handler: (res: ServerResponse) => void = () => {};
let server: ReturnType<typeof createServer>;
let baseUrl: string;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    handler(res);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const answer =
  (status: number, body: string, type = "application/json") =>
  (res: ServerResponse) => {
    res.writeHead(status, { "Content-Type": type, "X-Request-Id": "req_1" });
    res.end(body);
  };

/** The error `promise` rejects with, checked to hold neither the secret nor the code anywhere. */
async function failure(promise: Promise<unknown>): Promise<IntercomOAuthError> {
  const error = await promise.then(
    () => expect.unreachable("resolved"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IntercomOAuthError);
  const shown = `${inspect(error, { depth: 5 })} ${JSON.stringify(error)} ${String(error)}`;
  for (const value of [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    code,
  ])
    expect(shown).not.toContain(value);
  return error as IntercomOAuthError;
}

describe("authorizeUrl", () => {
  it("builds the consent URL of each region with client_id, state and redirect_uri encoded", () => {
    expect(authorizeUrl({ clientId: "abc", state: "s 1&x" })).toBe(
      "https://app.intercom.com/oauth?client_id=abc&state=s+1%26x",
    );
    const eu = new URL(
      authorizeUrl({ clientId: "abc", state: "s", region: "eu", redirectUri: "https://a.example/cb?x=1" }),
    );
    expect(eu.origin + eu.pathname).toBe("https://app.eu.intercom.com/oauth");
    expect(eu.searchParams.get("redirect_uri")).toBe("https://a.example/cb?x=1");
    expect(authorizeUrl({ clientId: "abc", state: "s", region: "au" })).toMatch(
      /^https:\/\/app\.au\.intercom\.com\/oauth\?/,
    );
  });

  it("refuses missing values, unknown regions and redirect URIs that are not absolute https", () => {
    const bad: [string, Parameters<typeof authorizeUrl>[0]][] = [
      ["clientId", { clientId: "", state: "s" }],
      ["state", { clientId: "a", state: " " }],
      ["state", { clientId: "a", state: undefined as unknown as string }],
      ["region", { clientId: "a", state: "s", region: "mars" as "us" }],
      ["region", { clientId: "a", state: "s", region: "toString" as "us" }],
      ["redirectUri", { clientId: "a", state: "s", redirectUri: "/callback" }],
      ["redirectUri", { clientId: "a", state: "s", redirectUri: "http://a.example/cb" }],
      ["redirectUri", { clientId: "a", state: "s", redirectUri: "" }],
    ];
    for (const [option, options] of bad) {
      expect(() => authorizeUrl(options), option).toThrow(expect.objectContaining({ option }));
    }
  });
});

describe("exchangeCode", () => {
  const exchange = (extra: Partial<Parameters<typeof exchangeCode>[0]> = {}) =>
    exchangeCode({ code, clientId: "client_1", clientSecret: secret, baseUrl, ...extra });

  it("posts code, client_id and client_secret form-encoded to /auth/eagle/token", async () => {
    seen = [];
    handler = answer(200, JSON.stringify({ token_type: "Bearer", access_token: "tok_1", token: "tok_1" }));
    expect(await exchange()).toEqual({ accessToken: "tok_1", tokenType: "Bearer" });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "POST", url: "/auth/eagle/token" });
    expect(seen[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(seen[0]!.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(seen[0]!.body))).toEqual({
      code,
      client_id: "client_1",
      client_secret: secret,
    });
  });

  it("takes the older `token` field when there is no access_token", async () => {
    handler = answer(200, JSON.stringify({ token: "tok_2" }));
    expect(await exchange()).toEqual({ accessToken: "tok_2", tokenType: "Bearer" });
  });

  it("rejects with Intercom's error code and request_id, without the secret even when echoed", async () => {
    handler = answer(
      401,
      JSON.stringify({
        type: "error.list",
        request_id: "req_9",
        errors: [{ code: "unauthorized", message: `bad secret ${secret} / ${encodeURIComponent(secret)} for ${code}` }],
      }),
    );
    const error = await failure(exchange());
    expect(error).toMatchObject({
      reason: "rejected",
      details: { status: 401, code: "unauthorized", requestId: "req_9" },
    });
    expect(error.message).toContain("HTTP 401 unauthorized: bad secret [redacted]");
  });

  it("rejects a non-JSON error page, a redirect and a 2xx without a token", async () => {
    handler = answer(500, `<html>oops ${new URLSearchParams({ s: secret }).toString()}</html>`, "text/html");
    expect(await failure(exchange())).toMatchObject({ reason: "rejected", details: { status: 500 } });
    handler = (res) => {
      res.writeHead(307, { Location: "https://elsewhere.example/token" });
      res.end();
    };
    expect(await failure(exchange())).toMatchObject({ reason: "rejected", details: { status: 307 } });
    handler = answer(200, "{}");
    expect(await failure(exchange())).toMatchObject({ reason: "invalid_response" });
  });

  it("stops reading a body that never ends, as invalid_response (or rejected, with its status)", async () => {
    for (const status of [200, 500]) {
      let written = 0;
      handler = (res) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        const chunk = Buffer.alloc(64 * 1024, " ");
        const more = () => {
          while (!res.destroyed && written < 1e9 && res.write(chunk)) written += chunk.length;
          if (!res.destroyed) res.once("drain", more);
        };
        res.write('{"access_token":"x","pad":"');
        more();
      };
      const error = await failure(exchange({ timeoutMs: 5_000 }));
      expect(error).toMatchObject(
        status === 200 ? { reason: "invalid_response" } : { reason: "rejected", details: { status } },
      );
      expect(written).toBeLessThan(32 * 1024 * 1024);
    }
  });

  it("fails with network or timeout, and passes the caller's abort on", async () => {
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    expect(await failure(exchange({ baseUrl: `http://127.0.0.1:${port}` }))).toMatchObject({ reason: "network" });
    handler = () => {}; // never answers
    expect(await failure(exchange({ timeoutMs: 50 }))).toMatchObject({ reason: "timeout" });
    const controller = new AbortController();
    const pending = exchange({ signal: controller.signal });
    controller.abort(new Error("user left"));
    await expect(pending).rejects.toThrow("user left");
  });

  it("checks its options before sending anything, naming none of the secrets", async () => {
    seen = [];
    const bad: [string, Partial<Parameters<typeof exchangeCode>[0]>][] = [
      ["code", { code: "" }],
      ["clientSecret", { clientSecret: "" }],
      ["clientId", { clientId: 5 as unknown as string }],
      ["region", { baseUrl: undefined, region: "mars" as "us" }],
      ["baseUrl", { baseUrl: `http://intercom.example/${secret}` }],
      ["baseUrl", { baseUrl: "not a url" }],
      ["timeoutMs", { timeoutMs: Infinity }],
      ["timeoutMs", { timeoutMs: -1 }],
    ];
    for (const [option, extra] of bad) {
      const error = await exchange(extra).catch((e: unknown) => e);
      expect(error, option).toBeInstanceOf(IntercomConfigError);
      expect((error as IntercomConfigError).option).toBe(option);
      expect(String(error)).not.toContain(secret);
    }
    expect(seen).toHaveLength(0);
  });

  it("sends to the region's API host by default", async () => {
    const urls: string[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = async (input) => {
      urls.push(String(input));
      return new Response(JSON.stringify({ access_token: "t" }), { headers: { "Content-Type": "application/json" } });
    };
    try {
      for (const region of [undefined, "eu", "au"] as const) {
        await exchangeCode({ code, clientId: "c", clientSecret: secret, ...(region && { region }) });
      }
    } finally {
      globalThis.fetch = original;
    }
    expect(urls).toEqual([
      "https://api.intercom.io/auth/eagle/token",
      "https://api.eu.intercom.io/auth/eagle/token",
      "https://api.au.intercom.io/auth/eagle/token",
    ]);
  });
});
