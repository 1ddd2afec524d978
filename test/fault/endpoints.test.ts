// Nothing reaches an endpoint the call did not name, and nothing goes out in clear: path parameters
// stay one segment, per-request options cannot bypass the client's checks, base URLs are checked.
import { describe, expect, it } from "vitest";
import { IntercomConfigError, createIntercomClient } from "../../src/index.js";
import { TOKEN, faultClient, rejection } from "./support/client.js";
import { json, useScriptedServer } from "./support/scripted-server.js";

const server = useScriptedServer();

describe("path parameters", () => {
  it.each([
    ["..", ".."],
    [".", "."],
    ["empty", ""],
    ["undefined", undefined],
    ["an object", { id: 5 }],
    ["NaN", Number.NaN],
  ])("%s is refused, naming the parameter, and nothing is sent", async (_, value) => {
    const { intercom } = faultClient(server.url);
    const error = await rejection(
      intercom.DELETE("/contacts/{contact_id}/tags/{id}", {
        params: { path: { contact_id: value as string, id: "5" } },
      }),
    );
    expect(error).toBeInstanceOf(IntercomConfigError);
    expect(error).toMatchObject({ option: "params.path.contact_id" });
    expect(server.requests).toHaveLength(0);
  });

  it("a missing params.path is refused too", async () => {
    const { intercom } = faultClient(server.url);
    const error = await rejection(intercom.GET("/contacts/{id}", {} as never));
    expect(error).toMatchObject({ option: "params.path.id" });
    expect(server.requests).toHaveLength(0);
  });

  it("anything else is encoded into one segment", async () => {
    server.play(json(200, { type: "contact", id: "x" }), json(200, { type: "contact", id: "y" }));
    const { intercom } = faultClient(server.url);
    await intercom.GET("/contacts/{id}", { params: { path: { id: "../tags/5" } } });
    await intercom.GET("/contacts/{id}", { params: { path: { id: "%2e%2e" } } });
    expect(server.requests.map((r) => r.url)).toEqual(["/contacts/..%2Ftags%2F5", "/contacts/%252e%252e"]);
  });
});

describe("per-request options that would bypass the client", () => {
  it.each([
    ["baseUrl", { baseUrl: "http://example.com" }],
    ["fetch", { fetch: () => Promise.resolve(new Response("{}")) }],
  ])("%s is refused and nothing is sent", async (option, extra) => {
    const { intercom } = faultClient(server.url);
    const error = await rejection(intercom.GET("/me", extra as never));
    expect(error).toBeInstanceOf(IntercomConfigError);
    expect(error).toMatchObject({ option });
    expect(server.requests).toHaveLength(0);
  });
});

describe("base URLs", () => {
  it.each(["https://proxy.example.com/?x=1", "https://proxy.example.com/#top", "https://proxy.example.com/?"])(
    "%s (a query or fragment) is refused",
    (baseUrl) => {
      expect(() => createIntercomClient({ token: TOKEN, baseUrl })).toThrow(/must not contain a query/);
    },
  );

  it("accepts loopback over http in any spelling, and refuses other hosts", () => {
    for (const host of ["127.0.0.1", "127.1", "localhost", "LOCALHOST", "[::1]", "[0:0::1]", "[::ffff:127.0.0.1]"]) {
      expect(createIntercomClient({ token: TOKEN, baseUrl: `http://${host}:8080` }).baseUrl).toMatch(/^http:/);
    }
    for (const host of ["128.0.0.1", "[::ffff:8.8.8.8]", "localhost.example.com", "[::2]"]) {
      expect(() => createIntercomClient({ token: TOKEN, baseUrl: `http://${host}` })).toThrow(IntercomConfigError);
    }
  });
});

describe("tokens", () => {
  it("a token that is not a valid header value is refused at construction, without echoing it", () => {
    const token = "tok_with_newline_SECRET\n";
    let error: unknown;
    try {
      createIntercomClient({ token, baseUrl: server.url });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(IntercomConfigError);
    expect(String((error as Error).message)).not.toContain("SECRET");
  });
});
