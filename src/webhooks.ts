// Verifies Intercom webhook deliveries and types their notification envelope. Uses Web Crypto only
// (no node:crypto), so the same code runs in Node, Bun, Deno and Workers; nothing runs at load.
import { IntercomConfigError, IntercomWebhookError } from "./errors.js";
import { readAtMost } from "./read-capped.js";
import type { Schema } from "./schemas.js";

/**
 * The webhook topics Intercom documents, from the "Webhook Topics" table of
 * https://developers.intercom.com/docs/references/2.17/webhooks/webhook-models (topics marked
 * "Preview API version only" left out). Topics come and go between versions: a topic missing here is
 * still accepted at run time, it just is not in this union.
 */
export type WebhookTopic =
  | "admin.added_to_workspace"
  | "admin.away_mode_updated"
  | "admin.activity_log_event.created"
  | "admin.removed_from_workspace"
  | "admin.logged_in"
  | "admin.logged_out"
  | "api.request.completed"
  | "article.created"
  | "article.updated"
  | "article.published"
  | "article.unpublished"
  | "article.deleted"
  | "call.started"
  | "call.ended"
  | "call.transcription_available"
  | "call.recording_available"
  | "company.created"
  | "company.deleted"
  | "company.updated"
  | "company.contact.attached"
  | "company.contact.detached"
  | "contact.archived"
  | "contact.deleted"
  | "contact.email.updated"
  | "contact.lead.added_email"
  | "contact.lead.created"
  | "contact.lead.signed_up"
  | "contact.lead.tag.created"
  | "contact.lead.tag.deleted"
  | "contact.lead.updated"
  | "contact.merged"
  | "contact.subscribed"
  | "contact.unarchive"
  | "contact.unsubscribed"
  | "contact.user.created"
  | "contact.user.tag.created"
  | "contact.user.tag.deleted"
  | "contact.user.updated"
  | "content_snippet.created"
  | "content_snippet.updated"
  | "content_snippet.deleted"
  | "content_stat.banner"
  | "content_stat.carousel"
  | "content_stat.chat"
  | "content_stat.checklist"
  | "content_stat.custom_bot"
  | "content_stat.email"
  | "content_stat.news_item"
  | "content_stat.post"
  | "content_stat.push"
  | "content_stat.series"
  | "content_stat.series.webhook"
  | "content_stat.sms"
  | "content_stat.survey"
  | "content_stat.tooltip_group"
  | "content_stat.tour"
  | "conversation.admin.assigned"
  | "conversation.admin.closed"
  | "conversation.admin.noted"
  | "conversation.admin.open.assigned"
  | "conversation.admin.opened"
  | "conversation.admin.replied"
  | "conversation.admin.single.created"
  | "conversation.admin.snoozed"
  | "conversation.admin.unsnoozed"
  | "conversation.company.updated"
  | "conversation.contact.attached"
  | "conversation.contact.detached"
  | "conversation.deleted"
  | "conversation.operator.replied"
  | "conversation.priority.updated"
  | "conversation.rating.added"
  | "conversation.read"
  | "conversation.user.created"
  | "conversation.user.replied"
  | "conversation_part.redacted"
  | "conversation_part.tag.created"
  | "data_connector.execution.completed"
  | "event.created"
  | "granular.subscribe"
  | "granular.unsubscribe"
  | "job.completed"
  | "ping"
  | "ticket.admin.assigned"
  | "ticket.admin.replied"
  | "ticket.attribute.updated"
  | "ticket.closed"
  | "ticket.contact.attached"
  | "ticket.contact.detached"
  | "ticket.contact.replied"
  | "ticket.created"
  | "ticket.note.created"
  | "ticket.rating.provided"
  | "ticket.resolved"
  | "ticket.state.updated"
  | "ticket.team.assigned"
  | "visitor.signed_up";

/**
 * A `data.item` whose shape this library does not model. Intercom always sends `type`; it is optional
 * here only because the spec's schemas (which narrowed items are) declare it optional.
 */
export interface WebhookItem {
  type?: string;
  id?: string;
  [field: string]: unknown;
}

/** `data.item` of `contact.{user,lead}.tag.{created,deleted}`: a webhook-only object. */
export type ContactTagItem = {
  type: "contact_tag";
  created_at: number;
  tag: Schema<"tag">;
  contact: Schema<"contact">;
};

/** `data.item` of the `*.deleted` topics: identifying fields only, not the full object (per the docs). */
export interface DeletedItem {
  type: string;
  id: string;
  [field: string]: unknown;
}

type ConversationTopic = Exclude<
  Extract<WebhookTopic, `conversation.${string}`>,
  "conversation.deleted" | "conversation.contact.attached" | "conversation.contact.detached"
>;
type ContactTopic = Extract<
  WebhookTopic,
  | `contact.${"user" | "lead"}.${"created" | "updated" | "added_email" | "signed_up"}`
  | `contact.${"archived" | "unarchive" | "email.updated"}`
>;
// `ticket.closed` nests the ticket under `data.item.ticket` from API 2.15 on, so it is not a plain ticket.
type TicketTopic = Exclude<Extract<WebhookTopic, `ticket.${string}`>, "ticket.closed">;

/** The `data.item` type of each topic whose item is a schema of the spec (per the docs' Object column). */
export type WebhookItemByTopic = { [T in ConversationTopic]: Schema<"conversation"> } & {
  [T in ContactTopic]: Schema<"contact">;
} & { [T in TicketTopic]: NonNullable<Schema<"ticket">> } & {
  "contact.merged": Schema<"contact"> & { merged_from: { type: "contact"; id: string } };
  "contact.lead.tag.created": ContactTagItem;
  "contact.lead.tag.deleted": ContactTagItem;
  "contact.user.tag.created": ContactTagItem;
  "contact.user.tag.deleted": ContactTagItem;
  "company.created": Schema<"company">;
  "company.updated": Schema<"company">;
} & { [T in Extract<WebhookTopic, `${string}.deleted`>]: DeletedItem };

/** The `data.item` type for topic `T`: a schema type where known, else `WebhookItem`. */
export type WebhookItemFor<T extends string> = string extends T
  ? WebhookItem
  : T extends keyof WebhookItemByTopic
    ? WebhookItemByTopic[T]
    : WebhookItem;

/**
 * An Intercom webhook delivery (`type: "notification_event"`). Delivery is at-least-once: the same
 * notification can arrive more than once, with the same `id` and a higher `delivery_attempts`, so
 * de-duplicate on `id`.
 */
export type WebhookNotification<T extends string = WebhookTopic | (string & {})> = WebhookEnvelope<
  T,
  WebhookItemFor<T>
>;

/**
 * The fields of a notification, for topic `T` and item type `Item`; use `WebhookNotification`.
 * (The item is a separate parameter so that a narrowed notification stays assignable to the general
 * one: a conditional type inside the envelope would make `T` invariant.)
 */
export interface WebhookEnvelope<T extends string, Item> {
  type: "notification_event";
  /** Identifies the notification, e.g. `"notif_78c122d0-…"`; the same on every redelivery: de-duplicate on it. */
  id: string;
  topic: T;
  /** The workspace the event happened in. */
  app_id: string;
  /** Unix seconds. */
  created_at: number;
  /** 1 on the first delivery, more on retries. */
  delivery_attempts: number;
  /** Unix seconds of the first delivery attempt. */
  first_sent_at: number;
  delivery_status?: string;
  delivered_at?: number;
  self?: string | null;
  links?: Record<string, unknown>;
  data: { type: "notification_event_data"; item: Item };
}

/** A topic, or a first segment and `.*`, such as `"conversation.*"` (every topic under `conversation.`). */
export type WebhookTopicPattern = WebhookTopic | TopicPrefixPattern<WebhookTopic>;
type TopicPrefixPattern<T> = T extends `${infer Prefix}.${string}` ? `${Prefix}.*` : never;

type TopicsMatching<P extends string> = P extends `${infer Prefix}.*`
  ? Extract<WebhookTopic, `${Prefix}.${string}`>
  : P;

/**
 * Narrows a notification by topic so `data.item` gets its schema type, e.g. `Schema<"conversation">`
 * for `"conversation.admin.replied"`. A pattern ending in `.*` matches every topic under that prefix.
 *
 * @example
 * if (isWebhookTopic(event, "conversation.user.replied", "conversation.admin.replied")) {
 *   event.data.item.state; // Schema<"conversation">
 * }
 */
export function isWebhookTopic<const P extends WebhookTopicPattern>(
  notification: Pick<WebhookNotification, "topic">,
  ...patterns: P[]
): notification is WebhookNotification<TopicsMatching<P>> {
  return patterns.some((pattern) =>
    pattern.endsWith(".*") ? notification.topic.startsWith(pattern.slice(0, -1)) : notification.topic === pattern,
  );
}

/** A raw request body: exactly the bytes Intercom sent (a string is encoded as UTF-8). */
export type WebhookBody = string | Uint8Array | ArrayBuffer;

/** What `verifyWebhook` checks: the raw body, the signature header, and the key. */
export interface VerifyWebhookInput {
  /** The raw body, before any JSON parsing: re-serialised JSON does not match the signature. */
  body: WebhookBody;
  /**
   * The `X-Hub-Signature` header value, `sha1=<40 hex digits>`. An array (as Node's `req.headers`
   * gives for a repeated header) must hold exactly one value.
   */
  signature: string | readonly string[] | null | undefined;
  /** The app's client secret (Developer Hub → your app → Basic information). */
  clientSecret: string;
}

const SIGNATURE = /^sha1=([0-9a-fA-F]{40})$/;

// Accepted: surrounding whitespace (header parsers may keep it) and upper-case hex (the same digest).
// Rejected as malformed: no `sha1=` prefix, another algorithm, a digest that is not 40 hex digits.
function parseSignature(value: VerifyWebhookInput["signature"]): Uint8Array {
  if (Array.isArray(value) && value.length > 1) {
    throw new IntercomWebhookError(
      "malformed",
      `the request has ${value.length} X-Hub-Signature headers; expected one.`,
    );
  }
  const header: string | null | undefined = Array.isArray(value) ? value[0] : (value as string | null | undefined);
  if (header === undefined || header === null || header.trim() === "") {
    throw new IntercomWebhookError("missing", "the request has no X-Hub-Signature header.");
  }
  const hex = SIGNATURE.exec(header.trim())?.[1];
  if (hex === undefined) {
    throw new IntercomWebhookError(
      "malformed",
      `X-Hub-Signature must be "sha1=" followed by 40 hex digits; got ${header.length} characters.`,
    );
  }
  const bytes = new Uint8Array(20);
  for (let i = 0; i < 20; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

function toBytes(body: WebhookBody): Uint8Array {
  if (typeof body === "string") return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new IntercomConfigError("body", "a webhook body must be a string, Uint8Array, Buffer or ArrayBuffer.");
}

// Every byte is compared whatever the first difference, so timing does not reveal how much matched.
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ (b[i] ?? 0);
  return diff === 0;
}

async function hmacSha1(secret: string, data: Uint8Array): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-1" },
    false,
    ["sign"],
  );
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, data as Uint8Array<ArrayBuffer>));
}

function parseNotification(bytes: Uint8Array): WebhookNotification {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new IntercomWebhookError("invalid_json", `the signed body is not JSON (${(error as Error).message}).`);
  }
  const v = value as Partial<WebhookNotification> | null;
  if (
    typeof v !== "object" ||
    v === null ||
    v.type !== "notification_event" ||
    typeof v.id !== "string" ||
    typeof v.topic !== "string" ||
    typeof v.data !== "object" ||
    v.data === null ||
    typeof v.data.item !== "object" ||
    v.data.item === null
  ) {
    throw new IntercomWebhookError(
      "invalid_payload",
      'the body is not a notification: expected {type: "notification_event", id, topic, data: {item}}.',
    );
  }
  return v as WebhookNotification;
}

/**
 * Checks that a webhook delivery was signed by Intercom with your app's client secret (HMAC-SHA1 of
 * the raw body, `X-Hub-Signature: sha1=<hex>`, compared in constant time) and returns the parsed
 * notification. Throws `IntercomWebhookError` with a `reason` otherwise. The signature carries no
 * timestamp, so it does not prevent replays: de-duplicate on `notification.id`.
 *
 * @example
 * const event = await verifyWebhook({
 *   body: rawBody, // string, Buffer, Uint8Array or ArrayBuffer: the bytes as received
 *   signature: headers["x-hub-signature"],
 *   clientSecret: process.env.INTERCOM_CLIENT_SECRET!,
 * });
 */
export async function verifyWebhook(input: VerifyWebhookInput): Promise<WebhookNotification> {
  if (typeof input.clientSecret !== "string" || input.clientSecret === "") {
    throw new IntercomConfigError("clientSecret", "verifyWebhook needs the app's client secret, a non-empty string.");
  }
  const expected = parseSignature(input.signature);
  const bytes = toBytes(input.body);
  if (!constantTimeEqual(await hmacSha1(input.clientSecret, bytes), expected)) {
    throw new IntercomWebhookError(
      "mismatch",
      "the signature does not match the body: wrong client secret, or the body was changed (e.g. parsed and re-serialised).",
    );
  }
  return parseNotification(bytes);
}

/** Far above any notification (one object and its context), far below a memory problem. */
const defaultMaxWebhookBodyBytes = 10 * 1024 * 1024;

/** The options of {@link verifyWebhookRequest}. */
export interface VerifyWebhookRequestOptions {
  /** The app's client secret (Developer Hub → your app → Basic information). */
  clientSecret: string;
  /**
   * The longest body read, in bytes (default 10 MB; `Infinity` for no cap). Anyone can send a request
   * with a well-formed signature header: a longer body is refused (`too_large`) without being buffered.
   */
  maxBodyBytes?: number;
}

function checkMaxBodyBytes(value: unknown): number {
  if (value === undefined) return defaultMaxWebhookBodyBytes;
  if (value === Infinity || (typeof value === "number" && Number.isSafeInteger(value) && value > 0)) return value;
  throw new IntercomConfigError(
    "maxBodyBytes",
    `${String(value)} is not a positive whole number of bytes, or Infinity.`,
  );
}

/** The request's body, read up to `maxBytes`: a longer one (announced or as it arrives) is refused, unbuffered. */
async function cappedBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () =>
    new IntercomWebhookError("too_large", `the body is longer than maxBodyBytes (${maxBytes} bytes).`);
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > maxBytes) {
    await request.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (request.body === null) return new Uint8Array(0);
  const bytes = await readAtMost(request.body, maxBytes);
  if (bytes === undefined) throw tooLarge();
  return bytes;
}

/**
 * `verifyWebhook` for a Web `Request` (Workers, Deno, Bun, Next.js route handlers): reads the
 * `X-Hub-Signature` header and the body itself, at most `maxBodyBytes` of it. The body is consumed.
 *
 * @example
 * export default {
 *   async fetch(request: Request, env: { INTERCOM_CLIENT_SECRET: string }) {
 *     const event = await verifyWebhookRequest(request, { clientSecret: env.INTERCOM_CLIENT_SECRET });
 *     return new Response(null, { status: 204 });
 *   },
 * };
 */
export async function verifyWebhookRequest(
  request: Request,
  options: VerifyWebhookRequestOptions,
): Promise<WebhookNotification> {
  const maxBytes = checkMaxBodyBytes(options?.maxBodyBytes);
  const signature = request.headers.get("x-hub-signature");
  // Check the header before reading the body, so an unsigned request is rejected without buffering it.
  parseSignature(signature);
  return verifyWebhook({ body: await cappedBody(request, maxBytes), signature, clientSecret: options?.clientSecret });
}
