// Tag every conversation that matches a search, e.g. open conversations about refunds.
//
//   INTERCOM_ACCESS_TOKEN=… npx tsx examples/tag-conversations.ts refund "Refund requests"
//
// INTERCOM_BASE_URL, if set, points the example at another origin, e.g. the local mock (`npm run mock`).
import { createIntercomClient, paginate, unwrap } from "intercom-fetch";

const [phrase = "refund", tagName = "Refund requests"] = process.argv.slice(2);
const intercom = createIntercomClient({ baseUrl: process.env.INTERCOM_BASE_URL });

// Tagging is done on behalf of an admin: the one the token belongs to.
const me = await unwrap(intercom.GET("/me"));
// POST /tags creates the tag, or returns the existing one of that name.
const tag = await unwrap(intercom.POST("/tags", { body: { name: tagName } }));
if (!me?.id || !tag.id) throw new Error("Intercom returned an admin or tag without an id");

const search = paginate(intercom, "/conversations/search", {
  body: {
    query: {
      operator: "AND",
      value: [
        { field: "open", operator: "=", value: true },
        { field: "source.body", operator: "~", value: phrase },
      ],
    },
    pagination: { per_page: 50 },
  },
});

let tagged = 0;
for await (const conversation of search) {
  if (conversation.id === undefined) continue;
  await unwrap(
    intercom.POST("/conversations/{conversation_id}/tags", {
      params: { path: { conversation_id: conversation.id } },
      body: { id: tag.id, admin_id: me.id },
    }),
  );
  tagged += 1;
}
console.log(`tagged ${tagged} conversations matching ${JSON.stringify(phrase)} with ${JSON.stringify(tag.name)}`);
