/**
 * intercom-fetch: a small, exact, typed client for Intercom's REST API; start with {@link createIntercomClient}.
 *
 * @module intercom-fetch
 */
export { createIntercomClient, type IntercomClient } from "./client.js";
export type { TokenProvider } from "./auth.js";
export { defaultTimeoutMs, type IntercomClientOptions, type TransportOptions } from "./config.js";
export { IntercomConfigError } from "./errors.js";
export {
  IntercomError,
  intercomErrorFromResult,
  type IntercomErrorDetail,
  type IntercomErrorKind,
  type RequestSummary,
} from "./errors.js";
export {
  paginate,
  type Page,
  type PageCursor,
  type PaginateOptions,
  type PaginatedItem,
  type PaginatedPath,
  type Paginator,
} from "./paginate/paginate.js";
export { IntercomPaginationError, type PaginationPosition, unwrap } from "./errors.js";
export { regions, type Region } from "./regions.js";
export type { RateLimit } from "./rate-limit/budget.js";
export type {
  RateLimitDecision,
  RateLimitObservation,
  RateLimitStore,
  RateLimitStoreEvent,
} from "./rate-limit/store.js";
export { defaultRetryOptions, type RetryOptions } from "./transport/retry.js";
export type { IntercomLogEvent, IntercomLogger } from "./transport/transport.js";
export { IntercomWebhookError, type WebhookErrorReason } from "./errors.js";
export {
  verifyWebhook,
  verifyWebhookRequest,
  isWebhookTopic,
  type ContactTagItem,
  type DeletedItem,
  type VerifyWebhookInput,
  type VerifyWebhookRequestOptions,
  type WebhookBody,
  type WebhookEnvelope,
  type WebhookItem,
  type WebhookItemByTopic,
  type WebhookItemFor,
  type WebhookNotification,
  type WebhookTopic,
  type WebhookTopicPattern,
} from "./webhooks.js";
export type { ApiVersion } from "./generated.js";
export type { Schema, paths, components, operations } from "./schemas.js";
export type { RequestExtras, RequestInitFor, RequestOptions, ResponseFor } from "./method-types.js";
