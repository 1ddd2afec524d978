// The same small program written against each package (read the admin, find and create a contact,
// list conversations), so bundle size and type-check cost compare like with like.

export type Consumer = "intercom-fetch" | "openapi-fetch" | "intercom-client";

// intercom-fetch keeps openapi-fetch's call style, so both share the program's body.
const openapiFetchStyleMain = (client: string) => `
export async function main() {
  const me = await ${client}.GET("/me");
  const contact = await ${client}.GET("/contacts/{id}", { params: { path: { id: "1" } } });
  const created = await ${client}.POST("/contacts", { body: { email: "a@example.com" } });
  const conversations = await ${client}.GET("/conversations", { params: { query: { per_page: 20 } } });
  return [me.data?.email, contact.data?.id, created.data?.id, conversations.data] as const;
}
`;

/**
 * The consumer module's source. `intercomFetch` is the specifier that reaches intercom-fetch (a
 * path to src/ or the package name); the openapi-fetch consumer takes only its generated `paths` type.
 */
export function consumerSource(consumer: Consumer, intercomFetch: string): string {
  switch (consumer) {
    case "intercom-fetch":
      return `import { createIntercomClient } from ${JSON.stringify(intercomFetch)};
const intercom = createIntercomClient({ token: "token" });
${openapiFetchStyleMain("intercom")}`;
    case "openapi-fetch":
      return `import createClient from "openapi-fetch";
import type { paths } from ${JSON.stringify(intercomFetch)};
const client = createClient<paths>({
  baseUrl: "https://api.intercom.io",
  headers: { Authorization: "Bearer token", "Intercom-Version": "2.10" },
});
${openapiFetchStyleMain("client")}`;
    case "intercom-client":
      return `import { IntercomClient } from "intercom-client";
const intercom = new IntercomClient({ token: "token" });
export async function main() {
  const me = await intercom.admins.identify();
  const contact = await intercom.contacts.find({ contact_id: "1" });
  const created = await intercom.contacts.create({ email: "a@example.com" });
  const conversations = await intercom.conversations.list({ per_page: 20 });
  return [me?.email, contact.id, created.id, conversations.data] as const;
}
`;
  }
}
