// Timers that fit Node's, a logger that throws or rejects, statuses outside 100–599, and extra headers.
import { describe, expect, it } from "vitest";
import { IntercomConfigError, IntercomError, unwrap } from "../../src/index.js";
import { faultClient, rejection } from "./support/client.js";
import { after, json, raw, useScriptedServer } from "./support/scripted-server.js";

const server = useScriptedServer();
const contact = { type: "contact", id: "1" };
const getContact = { params: { path: { id: "1" } } };

describe("timers", () => {
  it("timeoutMs: Infinity means no timeout (it used to fire after 1 ms)", async () => {
    server.play(after(50, json(200, contact)));
    const { intercom } = faultClient(server.url, { timeoutMs: Infinity });
    expect(await unwrap(intercom.GET("/contacts/{id}", getContact))).toEqual(contact);
  });

  it.each([
    ["timeoutMs", { timeoutMs: 2 ** 31 }],
    ["timeoutMs", { timeoutMs: 3e9 }],
    ["retry.maxDelayMs", { retry: { maxDelayMs: 1e10 } }],
    ["retry.baseDelayMs", { retry: { baseDelayMs: 2 ** 31 } }],
  ])("%s past the timer's range is refused before anything is sent", async (option, extra) => {
    const { intercom } = faultClient(server.url);
    const error = await rejection(intercom.POST("/tags", { body: { name: "vip" }, ...extra }));
    expect(error).toBeInstanceOf(IntercomConfigError);
    expect(error).toMatchObject({ option });
    expect(server.requests).toHaveLength(0);
  });

  it("the largest timer delay is accepted", async () => {
    server.play(json(200, contact));
    const { intercom } = faultClient(server.url, { timeoutMs: 2 ** 31 - 1 });
    expect(await unwrap(intercom.GET("/contacts/{id}", getContact))).toEqual(contact);
  });
});

describe("a logger that throws", () => {
  it("does not reject a POST the server processed, and nothing is sent twice", async () => {
    server.play(json(200, { type: "tag", id: "7" }));
    const { intercom } = faultClient(server.url, {
      logger: () => {
        throw new Error("log sink down");
      },
    });
    expect(await unwrap(intercom.POST("/tags", { body: { name: "vip" } }))).toMatchObject({ id: "7" });
    expect(server.requests).toHaveLength(1);
  });

  it("an async logger that rejects leaves no unhandled rejection (which ends a Node process)", async () => {
    server.play(json(200, { type: "tag", id: "7" }));
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      const { intercom } = faultClient(server.url, {
        logger: async () => {
          throw new Error("log sink down");
        },
      });
      expect(await unwrap(intercom.POST("/tags", { body: { name: "vip" } }))).toMatchObject({ id: "7" });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", record);
    }
  });
});

describe("unchecked responses", () => {
  it("status 600 is an IntercomError", async () => {
    server.play(raw(600, "odd"));
    const { intercom } = faultClient(server.url, { retry: false });
    const error = await rejection(unwrap(intercom.GET("/contacts/{id}", getContact)));
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({ status: 600, kind: "http" });
  });

  it("a 200 without Content-Type whose body is not JSON is invalid_response, not a SyntaxError", async () => {
    server.play(raw(200, "not json at all"));
    const { intercom } = faultClient(server.url);
    const error = await rejection(intercom.GET("/contacts/{id}", getContact));
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({ kind: "invalid_response", status: 200 });
  });
});

describe("extra headers", () => {
  it.each([
    ["a string", "X-Team: ops"],
    ["an array", [["X-Team", "ops"]]],
    ["a name with a space", { "X Team": "ops" }],
    ["a value with a newline", { "X-Api-Key": "key_4b1c\nX-Evil: 1" }],
    ["a number value", { "X-Team": 7 }],
    ["a value beyond Latin-1", { "X-Team": "ops ✓" }],
  ])("%s is refused at construction, naming the option, the value unquoted", (_, headers) => {
    let error: unknown;
    try {
      faultClient(server.url, { headers: headers as Record<string, string> });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(IntercomConfigError);
    expect(error).toMatchObject({ option: "headers" });
    expect((error as Error).message).not.toContain("key_4b1c");
    expect(server.requests).toHaveLength(0);
  });

  it("valid ones are sent", async () => {
    server.play(json(200, contact));
    const { intercom } = faultClient(server.url, { headers: { "X-Team": "ops\tdesk" } });
    await intercom.GET("/contacts/{id}", getContact);
    expect(server.requests[0]!.headers["x-team"]).toBe("ops\tdesk");
  });
});
