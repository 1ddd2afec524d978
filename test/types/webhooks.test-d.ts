import { describe, expectTypeOf, it } from "vitest";
import {
  isWebhookTopic,
  verifyWebhook,
  type ContactTagItem,
  type DeletedItem,
  type Schema,
  type WebhookItem,
  type WebhookNotification,
  type WebhookTopic,
} from "../../src/index.js";

declare const event: WebhookNotification;

describe("webhook types", () => {
  it("verifyWebhook resolves to the general notification, with the id for de-duplication", () => {
    expectTypeOf(verifyWebhook).returns.resolves.toEqualTypeOf<WebhookNotification>();
    expectTypeOf(event.id).toEqualTypeOf<string>();
    expectTypeOf(event.data.item).toEqualTypeOf<WebhookItem>();
    expectTypeOf<"conversation.admin.replied">().toExtend<typeof event.topic>();
    expectTypeOf<"a.topic.intercom.adds.later">().toExtend<typeof event.topic>();
  });

  it("narrows data.item to the spec's schema by topic", () => {
    if (isWebhookTopic(event, "conversation.admin.replied", "conversation.user.replied")) {
      expectTypeOf(event.topic).toEqualTypeOf<"conversation.admin.replied" | "conversation.user.replied">();
      expectTypeOf(event.data.item).toEqualTypeOf<Schema<"conversation">>();
    }
    if (isWebhookTopic(event, "contact.user.created")) {
      expectTypeOf(event.data.item).toEqualTypeOf<Schema<"contact">>();
    }
    if (isWebhookTopic(event, "ticket.created")) {
      expectTypeOf(event.data.item).toEqualTypeOf<NonNullable<Schema<"ticket">>>();
    }
    if (isWebhookTopic(event, "contact.lead.tag.created")) {
      expectTypeOf(event.data.item).toEqualTypeOf<ContactTagItem>();
    }
    if (isWebhookTopic(event, "contact.deleted")) {
      expectTypeOf(event.data.item).toEqualTypeOf<DeletedItem>();
    }
    if (isWebhookTopic(event, "ping")) {
      expectTypeOf(event.data.item).toEqualTypeOf<WebhookItem>();
    }
  });

  it("a prefix pattern gives the union of that prefix's items", () => {
    if (isWebhookTopic(event, "conversation.*")) {
      expectTypeOf(event.topic).toEqualTypeOf<Extract<WebhookTopic, `conversation.${string}`>>();
      expectTypeOf(event.data.item).toEqualTypeOf<Schema<"conversation"> | DeletedItem | WebhookItem>();
    }
  });

  it("rejects topics and patterns Intercom does not document", () => {
    // @ts-expect-error misspelt topic
    isWebhookTopic(event, "conversation.admin.replyed");
    // @ts-expect-error no topic starts with "conversations."
    isWebhookTopic(event, "conversations.*");
  });
});
