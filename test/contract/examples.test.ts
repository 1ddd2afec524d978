// examples/ run as users run them (tsx, the package imported by name, a token in the environment)
// against the seeded mock workspace (`npm run mock`), behind Prism in proxy mode: Prism checks every
// request and every response against the corrected spec and fails the call on any violation.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { FakeIntercomServer } from "../../src/testing.js";
import { createMockIntercom, seedWorkspace } from "../../scripts/lib/mock-workspace.js";
import { type PrismServer, startPrism } from "../../scripts/lib/prism.js";

const root = new URL("../../", import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), "intercom-fetch-examples-"));
const workspace = seedWorkspace();
const mock = createMockIntercom(workspace);
let server: FakeIntercomServer;
let prism: PrismServer;

beforeAll(async () => {
  server = await mock.listen();
  prism = await startPrism({ upstream: server.url });
}, 90_000);

afterAll(async () => {
  await prism?.stop();
  await server?.close();
  rmSync(out, { recursive: true, force: true });
});

async function runExample(name: string, ...args: string[]) {
  const env = { ...process.env, INTERCOM_BASE_URL: prism.url, INTERCOM_ACCESS_TOKEN: "example-token" };
  return promisify(execFile)(join(root, "node_modules/.bin/tsx"), [`examples/${name}`, ...args], { cwd: root, env });
}

it("export-contacts writes every contact of the workspace as NDJSON and reports progress", async () => {
  const file = join(out, "contacts.ndjson");
  const { stderr } = await runExample("export-contacts.ts", file);
  const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
  expect(workspace.contacts.length).toBeGreaterThan(300); // three pages of 150 at least
  expect(lines.map((line) => JSON.parse(line).id)).toEqual(workspace.contacts.map((contact) => contact.id));
  expect(stderr).toContain(`exported ${lines.length} contacts to ${file}`);
});

it("tag-conversations tags every open conversation the search finds", async () => {
  const expected = workspace.conversations.filter((c) => c.open && /refund/i.test(c.source?.body ?? ""));
  expect(expected.length).toBeGreaterThan(0);
  const { stdout } = await runExample("tag-conversations.ts", "refund", "Refunds");
  expect(stdout).toBe(`tagged ${expected.length} conversations matching "refund" with "Refunds"\n`);
  const tag = workspace.tags.find((t) => t.name === "Refunds");
  for (const conversation of expected) expect(conversation.tags?.tags?.map((t) => t.id)).toContain(tag?.id);
});

it("create-ticket creates a ticket of the first ticket type", async () => {
  const { stdout } = await runExample("create-ticket.ts", "customer@example.com", "Cannot log in");
  expect(stdout).toMatch(/^created ticket \S+ \(.+\) for customer@example\.com\n$/);
});

it("eu-region reports the host and the admin", async () => {
  const { stdout } = await runExample("eu-region.ts");
  expect(stdout).toContain(`requests go to ${prism.url} with Intercom-Version 2.10`);
  const [admin] = workspace.admins;
  expect(stdout).toContain(`signed in as ${admin?.name} <${admin?.email}> of workspace Mock workspace`);
});
