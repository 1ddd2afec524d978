// The same small program written against each package, so bundle size and type-check cost compare
// like with like. The bundle benchmark builds one plain GET (its judged figure), the first four calls
// (read the admin, find and create a contact, list conversations), and those four and a walk over
// every conversation (paginate, a cursor loop, the SDK's pager); the type-check benchmark all
// fifteen calls and the walk.

export type Consumer = "intercom-fetch" | "openapi-fetch" | "intercom-client";

/** One call in openapi-fetch's style (intercom-fetch's too) and the same call through intercom-client. */
interface Call {
  name: string;
  fetchStyle: (client: string) => string;
  sdk: string;
  /** What the program reads from the result, as `${name}.data?…` in openapi-fetch's style. */
  read: string;
  sdkRead: string;
}

const calls: Call[] = [
  { name: "me", fetchStyle: (c) => `${c}.GET("/me")`, sdk: "admins.identify()", read: "email", sdkRead: "me?.email" },
  {
    name: "contact",
    fetchStyle: (c) => `${c}.GET("/contacts/{id}", { params: { path: { id: "1" } } })`,
    sdk: `contacts.find({ contact_id: "1" })`,
    read: "id",
    sdkRead: "contact.id",
  },
  {
    name: "created",
    fetchStyle: (c) => `${c}.POST("/contacts", { body: { email: "a@example.com" } })`,
    sdk: `contacts.create({ email: "a@example.com" })`,
    read: "id",
    sdkRead: "created.id",
  },
  {
    name: "conversations",
    fetchStyle: (c) => `${c}.GET("/conversations", { params: { query: { per_page: 20 } } })`,
    sdk: "conversations.list({ per_page: 20 })",
    read: "conversations",
    sdkRead: "conversations.data",
  },
  {
    name: "admins",
    fetchStyle: (c) => `${c}.GET("/admins")`,
    sdk: "admins.list()",
    read: "admins",
    sdkRead: "admins.admins",
  },
  {
    name: "updated",
    fetchStyle: (c) => `${c}.PUT("/contacts/{id}", { params: { path: { id: "1" } }, body: { name: "Ada" } })`,
    sdk: `contacts.update({ contact_id: "1", name: "Ada" })`,
    read: "id",
    sdkRead: "updated.id",
  },
  {
    name: "deleted",
    fetchStyle: (c) => `${c}.DELETE("/contacts/{id}", { params: { path: { id: "1" } } })`,
    sdk: `contacts.delete({ contact_id: "1" })`,
    read: "id",
    sdkRead: "deleted.id",
  },
  {
    name: "found",
    fetchStyle: (c) =>
      `${c}.POST("/contacts/search", {\n    body: { query: { field: "email", operator: "=", value: "a@example.com" }, pagination: { per_page: 50 } },\n  })`,
    sdk: `contacts.search({ query: { field: "email", operator: "=", value: "a@example.com" }, pagination: { per_page: 50 } })`,
    read: "data",
    sdkRead: "found.data",
  },
  {
    name: "conversation",
    fetchStyle: (c) => `${c}.GET("/conversations/{id}", { params: { path: { id: 1 } } })`,
    sdk: `conversations.find({ conversation_id: "1" })`,
    read: "id",
    sdkRead: "conversation.id",
  },
  {
    name: "reply",
    fetchStyle: (c) =>
      `${c}.POST("/conversations/{id}/reply", {\n    params: { path: { id: "1" } },\n    body: { message_type: "comment", type: "admin", admin_id: "780", body: "Thanks!" },\n  })`,
    sdk: `conversations.reply({ conversation_id: "1", body: { message_type: "comment", type: "admin", admin_id: "780", body: "Thanks!" } })`,
    read: "id",
    sdkRead: "reply.id",
  },
  {
    name: "tagged",
    fetchStyle: (c) =>
      `${c}.POST("/conversations/{conversation_id}/tags", {\n    params: { path: { conversation_id: "1" } },\n    body: { id: "7522907", admin_id: "780" },\n  })`,
    sdk: `tags.tagConversation({ conversation_id: "1", id: "7522907", admin_id: "780" })`,
    read: "name",
    sdkRead: "tagged.name",
  },
  { name: "tags", fetchStyle: (c) => `${c}.GET("/tags")`, sdk: "tags.list()", read: "data", sdkRead: "tags.data" },
  {
    name: "tag",
    fetchStyle: (c) => `${c}.POST("/tags", { body: { name: "vip" } })`,
    sdk: `tags.create({ name: "vip" })`,
    read: "id",
    sdkRead: "tag.id",
  },
  {
    name: "note",
    fetchStyle: (c) =>
      `${c}.POST("/contacts/{id}/notes", { params: { path: { id: "1" } }, body: { body: "Hi", admin_id: "780" } })`,
    sdk: `notes.create({ contact_id: "1", body: "Hi", admin_id: "780" })`,
    read: "id",
    sdkRead: "note.id",
  },
  {
    name: "teams",
    fetchStyle: (c) => `${c}.GET("/teams")`,
    sdk: "teams.list()",
    read: "teams",
    sdkRead: "teams.teams",
  },
];

/** Which program: how many of the calls, and whether it walks a list. */
export type ConsumerSize = "one call" | "four calls" | "four calls and a walk" | "fifteen calls";

const programs: Record<ConsumerSize, { calls: number; walk: boolean }> = {
  "one call": { calls: 1, walk: false },
  "four calls": { calls: 4, walk: false },
  "four calls and a walk": { calls: 4, walk: true },
  "fifteen calls": { calls: calls.length, walk: true },
};

// Every conversation, the way each package walks a list.
const walks: Record<Consumer, (client: string) => string> = {
  "intercom-fetch": (c) =>
    `  for await (const conversation of paginate(${c}, "/conversations")) console.log(conversation.id);\n`,
  "openapi-fetch": (c) =>
    `  for (let after: string | undefined; ; ) {\n` +
    `    const page = await ${c}.GET("/conversations", { params: { query: { per_page: 150, starting_after: after } } });\n` +
    `    for (const conversation of page.data?.conversations ?? []) console.log(conversation.id);\n` +
    `    after = page.data?.pages?.next?.starting_after ?? undefined;\n    if (!after) break;\n  }\n`,
  "intercom-client": (c) =>
    `  for await (const conversation of await ${c}.conversations.list()) console.log(conversation.id);\n`,
};

function main(consumer: Consumer, client: string, size: ConsumerSize): string {
  const chosen = calls.slice(0, programs[size].calls);
  const sdk = consumer === "intercom-client";
  const lines = chosen.map((c) => `  const ${c.name} = await ${sdk ? `${client}.${c.sdk}` : c.fetchStyle(client)};\n`);
  const reads = chosen.map((c) => (sdk ? c.sdkRead : `${c.name}.data?.${c.read}`));
  const walk = programs[size].walk ? walks[consumer](client) : "";
  return `\nexport async function main() {\n${lines.join("")}${walk}  return [${reads.join(", ")}] as const;\n}\n`;
}

/**
 * The consumer module's source. `intercomFetch` is the specifier that reaches intercom-fetch (a
 * path to src/ or the package name); the openapi-fetch consumer takes only its generated `paths` type.
 */
export function consumerSource(consumer: Consumer, intercomFetch: string, size: ConsumerSize): string {
  switch (consumer) {
    case "intercom-fetch":
      return `import { createIntercomClient${programs[size].walk ? ", paginate" : ""} } from ${JSON.stringify(intercomFetch)};
const intercom = createIntercomClient({ token: "token" });
${main(consumer, "intercom", size)}`;
    case "openapi-fetch":
      return `import createClient from "openapi-fetch";
import type { paths } from ${JSON.stringify(intercomFetch)};
const client = createClient<paths>({
  baseUrl: "https://api.intercom.io",
  headers: { Authorization: "Bearer token", "Intercom-Version": "2.10" },
});
${main(consumer, "client", size)}`;
    case "intercom-client":
      return `import { IntercomClient } from "intercom-client";
const intercom = new IntercomClient({ token: "token" });
${main(consumer, "intercom", size)}`;
  }
}
