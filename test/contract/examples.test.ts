// examples/ run as users run them (tsx, the package imported by name, a token in the environment)
// against the Prism mock of the corrected spec, which rejects any request that breaks the contract.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, inject, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), "intercom-fetch-examples-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function runExample(name: string, ...args: string[]) {
  const env = { ...process.env, INTERCOM_BASE_URL: inject("prismUrl"), INTERCOM_ACCESS_TOKEN: "example-token" };
  return promisify(execFile)(join(root, "node_modules/.bin/tsx"), [`examples/${name}`, ...args], { cwd: root, env });
}

it("export-contacts writes NDJSON and reports progress", async () => {
  const file = join(out, "contacts.ndjson");
  const { stderr } = await runExample("export-contacts.ts", file);
  const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
  for (const line of lines) expect(JSON.parse(line)).toMatchObject({ type: "contact" });
  expect(stderr).toContain(`exported ${lines.length} contacts to ${file}`);
});

it("tag-conversations tags what the search finds", async () => {
  const { stdout } = await runExample("tag-conversations.ts", "refund", "Refunds");
  expect(stdout).toMatch(/^tagged \d+ conversations matching "refund" with ".*"\n$/);
});

it("create-ticket creates a ticket of the first ticket type", async () => {
  const { stdout } = await runExample("create-ticket.ts", "customer@example.com", "Cannot log in");
  expect(stdout).toMatch(/^created ticket \S+ \(.+\) for customer@example\.com\n$/);
});

it("eu-region reports the host and the admin", async () => {
  const { stdout } = await runExample("eu-region.ts");
  expect(stdout).toContain(`requests go to ${inject("prismUrl")} with Intercom-Version 2.10`);
  expect(stdout).toMatch(/signed in as .+ <.+@.+>/);
});
