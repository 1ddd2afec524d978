// Create a ticket for a contact, of the workspace's first ticket type.
//
//   INTERCOM_ACCESS_TOKEN=… npx tsx examples/create-ticket.ts customer@example.com "Cannot log in"
//
// INTERCOM_BASE_URL, if set, points the example at another origin, e.g. the local mock (`npm run mock`).
import { createIntercomClient, unwrap } from "intercom-fetch";

const [email = "customer@example.com", title = "Cannot log in"] = process.argv.slice(2);
const intercom = createIntercomClient({ baseUrl: process.env.INTERCOM_BASE_URL });

const types = await unwrap(intercom.GET("/ticket_types"));
const ticketType = types.data?.find((type) => type?.id !== undefined);
if (!ticketType?.id) throw new Error("this workspace has no ticket types: create one in Intercom's settings first");

const ticket = await unwrap(
  intercom.POST("/tickets", {
    body: {
      ticket_type_id: ticketType.id,
      contacts: [{ email }],
      // Every ticket type has the default title and description attributes.
      ticket_attributes: { _default_title_: title, _default_description_: `Reported by ${email}` },
    },
  }),
);
console.log(`created ticket ${ticket?.id} (${ticketType.name}) for ${email}`);
