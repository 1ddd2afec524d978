// Two API versions side by side on the wire: the client's `version` picks the header, the paths and
// the pagination metadata (what the server receives is the evidence).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiVersion, createIntercomClient, paginate } from "../src/index.js";
import { metadata } from "../src/generated.js";
import { type RecordingServer, startRecordingServer } from "./support/recording-server.js";

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());

const client = <V extends ApiVersion>(version: V) => createIntercomClient({ token: "t", baseUrl: server.url, version });

/** The `per_page` a list of GET /contacts sends by default: the version's documented maximum, if any. */
function defaultPerPage(version: ApiVersion): string | null {
  const list = metadata[version].operations.find((o) => o.method === "get" && o.path === "/contacts");
  const max = (list?.pagination as { perPage: { max: number | null } | null } | null)?.perPage?.max;
  return max == null ? null : String(max);
}

describe("a client for 2.11 beside the default 2.10", () => {
  it("keeps 2.10 as the default", () => {
    expect(createIntercomClient({ token: "t" }).version).toBe("2.10");
  });

  it("sends Intercom-Version: 2.11 to 2.11's path", async () => {
    await client("2.11").GET("/contacts/{contact_id}", {
      params: { path: { contact_id: "6329bd9ffe4e2e91dac76188" } },
    });
    const request = server.take();
    expect(request.url).toBe("/contacts/6329bd9ffe4e2e91dac76188");
    expect(request.headers["intercom-version"]).toBe("2.11");
  });

  it("paginates with each version's own metadata", async () => {
    // 2.10's overlay documents GET /contacts' maximum page size; 2.11's description states its own.
    expect(defaultPerPage("2.10")).not.toBe(defaultPerPage("2.11"));
    server.reply({ status: 200, body: { type: "list", data: [{ id: "1" }], pages: { type: "pages", next: null } } });
    for (const version of ["2.10", "2.11"] as const) {
      const items = [];
      for await (const item of paginate(client(version), "/contacts")) items.push(item);
      expect(items).toHaveLength(1);
      const request = server.take();
      expect(request.headers["intercom-version"]).toBe(version);
      expect(new URL(request.url, server.url).searchParams.get("per_page")).toBe(defaultPerPage(version));
    }
  });
});
