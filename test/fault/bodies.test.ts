// Responses whose bodies are not Intercom JSON still give a typed error, never a parse crash.
import { describe, expect, it } from "vitest";
import { IntercomError, intercomErrorFromResult, unwrap } from "../../src/index.js";
import { faultClient, rejection } from "./support/client.js";
import { json, raw, useScriptedServer } from "./support/scripted-server.js";

const getContact = { params: { path: { id: "1" } } };
const noRetry = { retry: false } as const;

const server = useScriptedServer();

describe("non-2xx bodies", () => {
  it("an HTML 502 from a proxy gives status and excerpt", async () => {
    const html = `<html><head><title>502 Bad Gateway</title></head><body>${"x".repeat(1000)}</body></html>`;
    server.play(raw(502, html, { "Content-Type": "text/html", "X-Request-Id": "edge-42" }));
    const { intercom } = faultClient(server.url, noRetry);
    const error = (await rejection(unwrap(intercom.GET("/contacts/{id}", getContact)))) as IntercomError;
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({ kind: "server", status: 502, errors: [], requestId: "edge-42" });
    expect(error.bodyExcerpt).toMatch(/^<html><head><title>502 Bad Gateway/);
    expect(error.bodyExcerpt!.length).toBeLessThanOrEqual(301);
    expect(error.message).toBe(`intercom-fetch: 502 server (GET ${server.url}/contacts/1, request_id edge-42)`);
    expect(server.requests).toHaveLength(1);
  });

  it("an empty 500 gives the status and no excerpt", async () => {
    server.play(raw(500));
    const { intercom } = faultClient(server.url, noRetry);
    const error = await rejection(unwrap(intercom.GET("/contacts/{id}", getContact)));
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({ kind: "server", status: 500, errors: [], bodyExcerpt: undefined });
  });

  it("truncated error JSON keeps the text as the excerpt", async () => {
    server.play(raw(400, '{"type":"error.list","errors":[{"co', { "Content-Type": "application/json" }));
    const { intercom } = faultClient(server.url);
    const error = await rejection(unwrap(intercom.GET("/contacts/{id}", getContact)));
    expect(error).toMatchObject({
      kind: "validation",
      status: 400,
      bodyExcerpt: '{"type":"error.list","errors":[{"co',
    });
  });

  it("an Intercom error list gives code, message, field and request_id", async () => {
    server.play(
      json(
        422,
        {
          type: "error.list",
          request_id: "apr7l9f98ocvgbpv7dq0",
          errors: [
            { code: "parameter_invalid", message: "Email is invalid", field: "email" },
            { code: "data_invalid", message: null, field: null },
          ],
        },
        { "X-Request-Id": "header-id" },
      ),
    );
    const { intercom } = faultClient(server.url);
    const result = await intercom.GET("/contacts/{id}", getContact);
    const error = intercomErrorFromResult(result);
    expect(error).toMatchObject({
      kind: "validation",
      status: 422,
      requestId: "apr7l9f98ocvgbpv7dq0", // the body's id wins over the header's
      errors: [{ code: "parameter_invalid", message: "Email is invalid", field: "email" }, { code: "data_invalid" }],
      method: "GET",
      url: `${server.url}/contacts/1`,
      attempts: 1,
    });
    expect(error.errors[1]).toEqual({ code: "data_invalid" });
    expect(error.message).toBe(
      `intercom-fetch: 422 validation: parameter_invalid: Email is invalid (+1 more) (GET ${server.url}/contacts/1, request_id apr7l9f98ocvgbpv7dq0)`,
    );
  });

  it("maps each status to its kind", async () => {
    const cases = [
      [401, "unauthorized"],
      [403, "forbidden"],
      [404, "not_found"],
      [409, "conflict"],
      [405, "http"],
    ] as const;
    server.play(...cases.map(([status]) => json(status, { type: "error.list", errors: [{ code: "x" }] })));
    const { intercom } = faultClient(server.url);
    for (const [status, kind] of cases) {
      const error = await rejection(unwrap(intercom.GET("/contacts/{id}", getContact)));
      expect(error).toMatchObject({ status, kind });
    }
  });
});

describe("2xx bodies", () => {
  it("malformed JSON on a 200 is an invalid_response error, not a SyntaxError", async () => {
    server.play(raw(200, '{"type":"contact","id":', { "Content-Type": "application/json; charset=utf-8" }));
    const { intercom } = faultClient(server.url);
    const error = await rejection(intercom.GET("/contacts/{id}", getContact));
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({
      kind: "invalid_response",
      status: 200,
      bodyExcerpt: '{"type":"contact","id":',
      method: "GET",
      attempts: 1,
    });
    expect(server.requests).toHaveLength(1);
  });

  it("an HTML page on a 200 (a proxy's login page) is an invalid_response error too", async () => {
    server.play(raw(200, "<!doctype html><title>Sign in to the proxy</title>", { "Content-Type": "text/html" }));
    const { intercom } = faultClient(server.url);
    const error = await rejection(intercom.GET("/contacts/{id}", getContact));
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({
      kind: "invalid_response",
      status: 200,
      bodyExcerpt: expect.stringContaining("Sign in"),
    });
    expect((error as Error).message).toBe(
      `intercom-fetch: 200 invalid_response: the body is not JSON (GET ${server.url}/contacts/1)`,
    );
  });

  it("passes other content types through for parseAs", async () => {
    server.play(raw(200, "\x1f\x8b gzip bytes", { "Content-Type": "application/octet-stream" }));
    const { intercom } = faultClient(server.url);
    const { data } = await intercom.GET("/contacts/{id}", { ...getContact, parseAs: "text" });
    expect(data).toBe("\x1f\x8b gzip bytes");
  });

  it("a 204 without a body resolves with undefined data", async () => {
    server.play(raw(204), raw(204));
    const { intercom } = faultClient(server.url);
    const { data, error, response } = await intercom.DELETE("/contacts/{id}", getContact);
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
    expect(error).toBeUndefined();
    expect(await unwrap(intercom.DELETE("/contacts/{id}", getContact))).toBeUndefined();
    expect(server.requests.map((r) => r.method)).toEqual(["DELETE", "DELETE"]);
  });

  it("keeps the response's url, status text and headers", async () => {
    server.play(json(200, { type: "contact", id: "1" }, { "X-Request-Id": "r1" }));
    const { intercom } = faultClient(server.url);
    const { response } = await intercom.GET("/contacts/{id}", getContact);
    expect(response.url).toBe(`${server.url}/contacts/1`);
    expect(response.statusText).toBe("OK");
    expect(response.headers.get("x-request-id")).toBe("r1");
  });
});
