// `npm run demo`: lists conversations, tags the first one and untags it, printing each request.
// Without INTERCOM_ACCESS_TOKEN it runs against the local mock (`npm run mock`'s seeded workspace);
// with it, against the real API in INTERCOM_REGION, read-only unless --write is given.
import { parseArgs } from "node:util";
import { type IntercomClient, type Region, createIntercomClient } from "../src/index.js";
import type { FakeIntercomServer } from "../src/testing.js";
import { createMockIntercom } from "./lib/mock-workspace.js";

const usage = `Usage: npm run demo [-- --write] [--admin-id <id>] [--tag <name>]

  no INTERCOM_ACCESS_TOKEN  runs against the local mock (a seeded workspace), tagging included
  INTERCOM_ACCESS_TOKEN     runs against the real API in INTERCOM_REGION (us, eu or au; default us),
                            read-only: it only lists conversations
  --write                   also tags the first conversation and untags it (real API)
  --admin-id <id>           the admin who tags (default INTERCOM_ADMIN_ID, else the token's admin, GET /me)
  --tag <name>              the tag to apply, created if missing (default "intercom-fetch demo")`;

class DemoError extends Error {}

/** Prints the request and its status, and returns the response body; a failure stops the demo. */
async function step<R extends { data?: unknown; error?: unknown; response: Response }>(
  what: string,
  call: Promise<R>,
): Promise<NonNullable<R["data"]>> {
  const { data, error, response } = await call;
  if (error !== undefined || data == null) {
    throw new DemoError(`${what} → ${response.status}: ${JSON.stringify(error ?? null)}`);
  }
  console.log(`${what} → ${response.status}`);
  return data;
}

async function run(intercom: IntercomClient, write: boolean, adminIdOption: string | undefined, tagName: string) {
  const list = await step(
    "GET /conversations?per_page=5",
    intercom.GET("/conversations", { params: { query: { per_page: 5 } } }),
  );
  console.log(`  ${list.conversations.length} of ${list.total_count} conversations`);
  for (const c of list.conversations) console.log(`  - ${c.id}: ${c.title || c.source?.subject || "(no subject)"}`);

  if (!write) {
    console.log("Read-only: pass --write to tag and untag the first conversation.");
    return;
  }
  const conversation = list.conversations[0];
  if (!conversation?.id) {
    console.log("No conversation to tag.");
    return;
  }

  let adminId = adminIdOption;
  if (!adminId) {
    const me = await step("GET /me", intercom.GET("/me"));
    adminId = me.id;
    console.log(`  acting as admin ${adminId} (${me.name ?? me.email ?? "no name"})`);
  }
  if (!adminId) throw new DemoError("no admin id: pass --admin-id or set INTERCOM_ADMIN_ID.");

  const tag = await step(
    `POST /tags (${JSON.stringify(tagName)})`,
    intercom.POST("/tags", { body: { name: tagName } }),
  );
  if (!("id" in tag) || !tag.id) throw new DemoError(`POST /tags returned no tag id: ${JSON.stringify(tag)}`);
  const tagId = tag.id;

  await step(
    `POST /conversations/${conversation.id}/tags`,
    intercom.POST("/conversations/{conversation_id}/tags", {
      params: { path: { conversation_id: conversation.id } },
      body: { id: tagId, admin_id: adminId },
    }),
  );
  console.log(`  tagged conversation ${conversation.id} with ${JSON.stringify(tag.name)} (tag ${tagId})`);

  await step(
    `DELETE /conversations/${conversation.id}/tags/${tagId}`,
    intercom.DELETE("/conversations/{conversation_id}/tags/{id}", {
      params: { path: { conversation_id: conversation.id, id: tagId } },
      body: { admin_id: adminId },
    }),
  );
  console.log(`  untagged conversation ${conversation.id}`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      write: { type: "boolean", default: false },
      "admin-id": { type: "string" },
      tag: { type: "string", default: "intercom-fetch demo" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const adminId = values["admin-id"] ?? process.env.INTERCOM_ADMIN_ID;
  const token = process.env.INTERCOM_ACCESS_TOKEN;

  let mock: FakeIntercomServer | undefined;
  try {
    let intercom: IntercomClient;
    if (token) {
      const region = (process.env.INTERCOM_REGION ?? "us") as Region;
      intercom = createIntercomClient({ token, region });
      console.log(`Real Intercom API at ${intercom.baseUrl} (${values.write ? "read and write" : "read-only"})`);
    } else {
      console.log("No INTERCOM_ACCESS_TOKEN: starting the local mock (a seeded workspace)…");
      mock = await createMockIntercom().listen();
      intercom = createIntercomClient({ baseUrl: mock.url, token: "demo-token" });
      console.log(`Mock Intercom API at ${mock.url}`);
    }
    await run(intercom, values.write || mock !== undefined, adminId, values.tag);
    return 0;
  } catch (error) {
    console.error(error instanceof DemoError ? `Failed: ${error.message}` : error);
    return 1;
  } finally {
    if (mock) {
      await mock.close();
      console.log("Stopped the local mock.");
    }
  }
}

process.exitCode = await main();
