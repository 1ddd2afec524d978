// maxResponseBytes: a JSON body larger than the cap fails with a typed error, its reading stopped,
// whether the size is announced (Content-Length), grows without end (chunked) or comes from inflating gzip.
import type { ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { IntercomConfigError, IntercomError, createIntercomClient } from "../../src/index.js";
import { TOKEN, faultClient, rejection, since } from "./support/client.js";
import { json, raw, useScriptedServer } from "./support/scripted-server.js";

const server = useScriptedServer();
const MB = 1024 * 1024;

/** Writes 64 KB chunks for as long as the client reads them; `sent` counts the bytes written. */
function endlessBody(counter: { sent: number; closed: boolean }) {
  return (res: ServerResponse) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.on("close", () => (counter.closed = true));
    const chunk = Buffer.alloc(64 * 1024, "a");
    res.write('{"data":"');
    const pump = () => {
      while (!counter.closed && counter.sent < 1024 * MB) {
        counter.sent += chunk.length;
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
    };
    pump();
  };
}

describe("maxResponseBytes", () => {
  it("stops reading an endless chunked body at the cap", async () => {
    const counter = { sent: 0, closed: false };
    server.play(endlessBody(counter));
    const { intercom } = faultClient(server.url, { maxResponseBytes: MB, timeoutMs: 20_000, retry: false });
    const error = (await rejection(intercom.GET("/me"))) as IntercomError;
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({ kind: "invalid_response", status: 200, method: "GET" });
    expect(error.message).toContain(`maxResponseBytes (${MB} bytes)`);
    expect(error.message).toContain(`${server.url}/me`);
    // The connection is closed: the server stops after what the socket buffers took.
    await expect.poll(() => counter.closed).toBe(true);
    expect(counter.sent).toBeLessThan(32 * MB);
    expect(server.requests).toHaveLength(1);
  });

  it("fails on a Content-Length over the cap before reading the body", async () => {
    server.play((res) =>
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": 10 * MB }).flushHeaders(),
    );
    const { intercom } = faultClient(server.url, { maxResponseBytes: MB, timeoutMs: 10_000 });
    const start = performance.now();
    const error = (await rejection(intercom.GET("/me"))) as IntercomError;
    expect(since(start)).toBeLessThan(2_000);
    expect(error).toMatchObject({ kind: "invalid_response", status: 200, attempts: 1 });
    expect(error.message).toContain(`announces ${10 * MB} bytes, more than maxResponseBytes (${MB} bytes)`);
    expect(server.requests).toHaveLength(1);
  });

  it("fails on a gzip body that inflates past the cap", async () => {
    const body = gzipSync(JSON.stringify({ data: "a".repeat(4 * MB) }));
    expect(body.length).toBeLessThan(MB);
    server.play(
      raw(200, body as unknown as string, { "Content-Type": "application/json", "Content-Encoding": "gzip" }),
    );
    const { intercom } = faultClient(server.url, { maxResponseBytes: MB });
    const error = (await rejection(intercom.GET("/me"))) as IntercomError;
    expect(error).toMatchObject({ kind: "invalid_response", status: 200 });
    expect(error.message).toContain(`is larger than maxResponseBytes (${MB} bytes)`);
  });

  it("applies per request over the client's, to error bodies and raw bodies too", async () => {
    const body = { type: "admin", id: "1", name: "x".repeat(200) };
    server.play(json(200, body), json(200, body), json(404, body), raw(200, "y".repeat(300)));
    const { intercom } = faultClient(server.url);
    expect((await intercom.GET("/me")).data).toEqual(body);
    const perRequest = (await rejection(intercom.GET("/me", { maxResponseBytes: 100 }))) as IntercomError;
    expect(perRequest.message).toContain("maxResponseBytes (100 bytes)");
    const onError = (await rejection(intercom.GET("/me", { maxResponseBytes: 100 }))) as IntercomError;
    expect(onError).toMatchObject({ kind: "invalid_response", status: 404 });
    const text = (await rejection(intercom.GET("/me", { maxResponseBytes: 100, parseAs: "text" }))) as IntercomError;
    expect(text.kind).toBe("invalid_response");
  });

  it("does not cap a streamed body, and Infinity means no cap", async () => {
    const big = gzipSync(JSON.stringify({ data: "a".repeat(2 * MB) }));
    server.play(
      raw(200, "z".repeat(5000), { "Content-Type": "application/octet-stream" }),
      (res) => void res.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "gzip" }).end(big),
    );
    const { intercom } = faultClient(server.url, { maxResponseBytes: 100 });
    const streamed = await intercom.GET("/me", { parseAs: "stream" });
    expect(await new Response(streamed.data as unknown as ReadableStream).text()).toBe("z".repeat(5000));
    const whole = await intercom.GET("/me", { maxResponseBytes: Infinity });
    expect((whole.data as unknown as { data: string }).data).toHaveLength(2 * MB);
  });

  it.each([0, -1, 1.5, NaN, "1000", -Infinity])("refuses %s, naming the option", async (value) => {
    const options = { token: TOKEN, baseUrl: server.url, maxResponseBytes: value as number };
    expect(() => createIntercomClient(options)).toThrow(IntercomConfigError);
    expect(() => createIntercomClient(options)).toThrow("invalid `maxResponseBytes`");
    const { intercom } = faultClient(server.url);
    const error = await rejection(intercom.GET("/me", { maxResponseBytes: value as number }));
    expect(error).toBeInstanceOf(IntercomConfigError);
    expect((error as IntercomConfigError).option).toBe("maxResponseBytes");
    expect(server.requests).toHaveLength(0);
  });

  it("accepts Infinity and large whole numbers such as 2**31", () => {
    for (const maxResponseBytes of [Infinity, 2 ** 31, 1]) {
      expect(() => createIntercomClient({ token: TOKEN, baseUrl: server.url, maxResponseBytes })).not.toThrow();
    }
  });
});
