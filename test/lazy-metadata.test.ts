// Pay only for what you import: the client loads no pagination metadata, and `paginate` loads its
// client's version's only, with the first page. vi.mock's factories run when a module is first
// loaded, so they record which versions' metadata was. (Bundles: test/bench/bundle-contents.test.ts.)
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { type RecordingServer, startRecordingServer } from "./support/recording-server.js";

const loaded = vi.hoisted(() => [] as string[]);
vi.mock(import("../generated/2.10/pagination.js"), async (original) => {
  loaded.push("2.10");
  return original();
});
vi.mock(import("../generated/2.11/pagination.js"), async (original) => {
  loaded.push("2.11");
  return original();
});

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
beforeEach(() => server.reply({ status: 200, body: { type: "team.list", teams: [{ type: "team", id: "1" }] } }));
afterAll(() => server.close());

it("loads no pagination metadata for a client that makes plain calls", async () => {
  const { createIntercomClient } = await import("../src/index.js");
  const intercom = createIntercomClient({ token: "t", baseUrl: server.url, version: "2.11" });
  await intercom.GET("/teams");
  expect(loaded).toEqual([]);
});

it("paginate loads its client's version only, when the first page is asked for", async () => {
  const { createIntercomClient, paginate } = await import("../src/index.js");
  const v211 = createIntercomClient({ token: "t", baseUrl: server.url, version: "2.11" });
  const teams = paginate(v211, "/teams");
  expect(loaded).toEqual([]);
  expect(await teams.toArray({ limit: Infinity })).toEqual([{ type: "team", id: "1" }]);
  expect(loaded).toEqual(["2.11"]);
  // Loaded once: a second walk, of another list, reads the same module.
  await paginate(v211, "/admins").toArray({ limit: 0 });
  await paginate(v211, "/teams").toArray({ limit: 1 });
  expect(loaded).toEqual(["2.11"]);
});
