// Why a script of our own rather than rate-limiter-flexible: its RateLimiterRedis counts a fixed
// number of points per duration that starts with the first request (lib/RateLimiterRedis.js,
// incrTtlLuaScript), whereas Intercom's budget is the server's: its limit, remaining count and reset
// arrive in every response's headers and must be learned, and its windows end when the server says.
// The script below is src/rate-limit/schedule.ts (decide, absorb) in Lua, applied atomically.
import { createHash } from "node:crypto";
import { IntercomConfigError } from "../errors.js";
import { recentGrants, scheduleTimings } from "./schedule.js";
import type { RateLimit } from "./budget.js";
import type { RateLimitDecision, RateLimitObservation, RateLimitStore } from "./store.js";

/**
 * The part of a node-redis client (`redis` package, v5 or later) the store uses: a connected client
 * from `createClient(...).connect()`.
 */
export interface RedisClientLike {
  /** Runs one raw command (`EVALSHA`, `SCRIPT LOAD`). */
  sendCommand(args: string[]): Promise<unknown>;
  /** False while node-redis is (re)connecting: the store then fails at once instead of queueing. */
  readonly isReady: boolean;
  /** The store listens for `error`, so that a lost connection does not crash the process. */
  on(event: "error", listener: (error: unknown) => void): unknown;
}

/** Options of `redisRateLimitStore`. */
export interface RedisRateLimitStoreOptions {
  /**
   * Names the budget. Processes calling one Intercom workspace share a key; different workspaces (or
   * public apps, which Intercom limits per app) use different keys. Stored as `intercom-fetch:rate-limit:<key>`.
   */
  key: string;
  /** How long a Redis call may take before the client falls back to its in-process budget (default 1000 ms). */
  timeoutMs?: number;
}

// KEYS[1]: the budget's hash. ARGV: op ("take" | "observe"), now (ms; "" for Redis's clock),
// maxResetInMs, then take: probeLeaseMs, probePollMs; observe: limit, remaining, reset, resetInMs,
// sentAgoMs ("" if unknown).
// Returns take: {granted, waitMs, limit, remaining, resetInMs}; observe: {limit, remaining, resetInMs};
// limit is -1 while the budget is unknown. All times are whole milliseconds.
const script = `
local key = KEYS[1]
local RECENT_COUNT, RECENT_MS, LAG_MS = ${recentGrants.count}, ${recentGrants.ms}, ${scheduleTimings.lagMs}
local now = tonumber(ARGV[2])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local unknownOffset = 1e15
local f = redis.call('HMGET', key, 'limit', 'remaining', 'reset', 'resetAt', 'nextAt', 'probeUntil',
  'offsetPrev', 'offsetCur', 'recent', 'blind')
local s = { limit = -1, remaining = 0, reset = 0, resetAt = 0, nextAt = 0, probeUntil = 0,
            offsetPrev = unknownOffset, offsetCur = unknownOffset, recent = {}, blind = tonumber(f[10]) or 0 }
if f[1] then
  s = { limit = tonumber(f[1]), remaining = tonumber(f[2]), reset = tonumber(f[3]), resetAt = tonumber(f[4]),
        nextAt = tonumber(f[5]), probeUntil = tonumber(f[6]), offsetPrev = tonumber(f[7]),
        offsetCur = tonumber(f[8]), recent = {}, blind = 0 }
end
for at in string.gmatch(f[9] or '', '[^,]+') do s.recent[#s.recent + 1] = tonumber(at) end
local function remember(slot)
  local kept = {}
  for _, at in ipairs(s.recent) do if at > now - RECENT_MS then kept[#kept + 1] = at end end
  kept[#kept + 1] = slot
  local from = math.max(#kept - RECENT_COUNT + 1, 1)
  s.recent = {}
  for i = from, #kept do s.recent[#s.recent + 1] = kept[i] end
end
local function unseen(sentAgoMs)
  local n = 0
  if not sentAgoMs then
    for _, at in ipairs(s.recent) do if at > now then n = n + 1 end end
    return n
  end
  for _, at in ipairs(s.recent) do if at >= now - sentAgoMs - LAG_MS then n = n + 1 end end
  return math.max(n - 1, 0)
end
local function save()
  if s.limit < 0 then
    -- Unknown budget: only the requests let through, forgotten once they are surely over.
    redis.call('HSET', key, 'blind', s.blind, 'recent', table.concat(s.recent, ','))
    redis.call('PEXPIRE', key, tonumber(ARGV[3]))
    return
  end
  redis.call('DEL', key)
  redis.call('HSET', key, 'limit', s.limit, 'remaining', s.remaining, 'reset', s.reset, 'resetAt', s.resetAt,
    'nextAt', s.nextAt, 'probeUntil', s.probeUntil, 'offsetPrev', s.offsetPrev, 'offsetCur', s.offsetCur,
    'recent', table.concat(s.recent, ','))
  -- The state outlives its window by an hour, so an idle budget is remembered but not forever.
  redis.call('PEXPIRE', key, math.max(s.resetAt - now, 0) + 3600000)
end
local function view()
  if s.limit < 0 then return { -1, 0, 0 } end
  return { s.limit, s.remaining, s.resetAt - now }
end
if ARGV[1] == 'take' then
  local granted, wait = 1, 0
  if s.limit < 0 then
    s.blind = s.blind + 1
    remember(now)
  elseif now >= s.resetAt then
    if s.probeUntil > now then
      granted, wait = 0, math.min(s.probeUntil - now, tonumber(ARGV[5]))
    else
      s.probeUntil = now + tonumber(ARGV[4])
      remember(now)
    end
  else
    local slot = math.max(now, s.nextAt)
    if s.remaining <= 0 or slot >= s.resetAt then
      granted, wait = 0, s.resetAt - now
    else
      s.nextAt = math.floor(slot + (s.resetAt - slot) / s.remaining)
      s.remaining = s.remaining - 1
      remember(slot)
      wait = slot - now
    end
  end
  save()
  local v = view()
  return { granted, wait, v[1], v[2], v[3] }
end
local limit, remaining, reset, resetInMs = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local maxResetInMs = tonumber(ARGV[3])
local clamped = resetInMs > maxResetInMs
local measured = now + math.min(math.max(resetInMs, 0), maxResetInMs)
local offset = unknownOffset
if not clamped then offset = measured - reset * 1000 end
local function place(prev, cur)
  if clamped then return measured end
  return reset * 1000 + math.min(prev, cur)
end
local implausible = s.limit >= 0 and s.offsetCur == unknownOffset
if s.limit < 0 or now >= s.resetAt or reset > s.reset or (implausible and reset ~= s.reset) then
  local offsetPrev = s.offsetCur
  if s.limit < 0 then offsetPrev = unknownOffset end
  local notCounted = unseen(tonumber(ARGV[8]))
  s = { limit = limit, remaining = math.max(math.min(remaining - notCounted, limit - s.blind), 0), reset = reset,
        resetAt = place(offsetPrev, offset), nextAt = now, probeUntil = 0, offsetPrev = offsetPrev,
        offsetCur = offset, recent = s.recent, blind = 0 }
elseif reset == s.reset then
  s.limit = limit
  s.remaining = math.min(s.remaining, remaining)
  s.offsetCur = math.min(s.offsetCur, offset)
  s.resetAt = math.min(s.resetAt, place(s.offsetPrev, s.offsetCur))
end
save()
return view()
`;
const sha = createHash("sha1").update(script).digest("hex");
const maxResetInMs = String(scheduleTimings.maxResetInMs);

/** Raised (and caught by the client, which falls back) when Redis cannot answer. */
class RedisStoreUnavailableError extends Error {
  override name = "RedisStoreUnavailableError";
}

function checkOptions(options: RedisRateLimitStoreOptions): { key: string; timeoutMs: number } {
  const { key, timeoutMs = 1_000 } = options ?? ({} as Partial<RedisRateLimitStoreOptions>);
  if (typeof key !== "string" || key.trim() === "") {
    throw new IntercomConfigError(
      "key",
      `${JSON.stringify(key) ?? String(key)} is not a non-empty string naming the budget.`,
    );
  }
  if (typeof timeoutMs !== "number" || !(timeoutMs > 0 && timeoutMs <= 60_000)) {
    throw new IntercomConfigError("timeoutMs", `${String(timeoutMs)} is not a number of milliseconds in (0, 60000].`);
  }
  return { key: `intercom-fetch:rate-limit:${key}`, timeoutMs };
}

/** The Redis store; `now` (tests only) replaces Redis's `TIME` with a given clock. */
export function createRedisStore(
  client: RedisClientLike,
  options: RedisRateLimitStoreOptions,
  now?: () => number,
): RateLimitStore {
  if (typeof client?.sendCommand !== "function" || typeof client.on !== "function") {
    throw new IntercomConfigError(
      "client",
      "pass a connected client of the `redis` package: `await createClient().connect()`.",
    );
  }
  const { key, timeoutMs } = checkOptions(options);
  // node-redis throws an 'error' event nobody listens to, which would end the process when Redis goes
  // away; the store reports the failure itself, through the client's logger, when a call fails.
  client.on("error", () => {});
  let current: RateLimit | undefined;

  async function run(args: string[]): Promise<number[]> {
    if (!client.isReady) throw new RedisStoreUnavailableError("Redis is not connected");
    const clock = now ? String(now()) : "";
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new RedisStoreUnavailableError(`no answer from Redis within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    const call = async () => {
      try {
        return await client.sendCommand(["EVALSHA", sha, "1", key, args[0]!, clock, maxResetInMs, ...args.slice(1)]);
      } catch (error) {
        if (!String((error as Error)?.message).startsWith("NOSCRIPT")) throw error;
        return client.sendCommand(["EVAL", script, "1", key, args[0]!, clock, maxResetInMs, ...args.slice(1)]);
      }
    };
    try {
      const reply = (await Promise.race([call(), timeout])) as number[];
      const [limit, remaining, resetInMs] = reply.slice(-3) as [number, number, number];
      // Redis's clock placed the reset; the caller's `resetAt` is on the local one.
      current = limit < 0 ? undefined : { limit, remaining, resetAt: new Date(Date.now() + resetInMs) };
      return reply;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async take(): Promise<RateLimitDecision> {
      const [granted, waitMs] = await run([
        "take",
        String(scheduleTimings.probeLeaseMs),
        String(scheduleTimings.probePollMs),
      ]);
      return { granted: granted === 1, waitMs: waitMs! };
    },
    async observe(o: RateLimitObservation): Promise<void> {
      const fields = [o.limit, o.remaining, o.reset, o.resetInMs].map((n) => String(Math.trunc(n)));
      await run(["observe", ...fields, o.sentAgoMs === undefined ? "" : String(Math.trunc(o.sentAgoMs))]);
    },
    get current() {
      return current;
    },
  };
}
