/**
 * `intercom-fetch/redis`: one rate-limit budget for every process that uses the same Redis key.
 *
 * @example
 * import { createClient } from "redis";
 * import { createIntercomClient } from "intercom-fetch";
 * import { redisRateLimitStore } from "intercom-fetch/redis";
 *
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * const intercom = createIntercomClient({ rateLimit: { store: redisRateLimitStore(redis, { key: "workspace-a" }) } });
 *
 * @module intercom-fetch/redis
 */
import { type RedisClientLike, type RedisRateLimitStoreOptions, createRedisStore } from "./rate-limit/redis-store.js";
import type { RateLimitStore } from "./rate-limit/store.js";

export type { RedisClientLike, RedisRateLimitStoreOptions } from "./rate-limit/redis-store.js";
export type { RateLimitDecision, RateLimitObservation, RateLimitStore } from "./rate-limit/store.js";

/**
 * A rate-limit store in Redis for `createIntercomClient({ rateLimit: { store } })`: every client
 * whose store has the same `key` draws on one budget, learned from all of their responses.
 */
export function redisRateLimitStore(client: RedisClientLike, options: RedisRateLimitStoreOptions): RateLimitStore {
  return createRedisStore(client, options);
}
