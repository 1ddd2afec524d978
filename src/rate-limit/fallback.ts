// Fail-open: a shared store that fails (Redis down, slow or erroring) must not fail or hold the
// requests. The client then uses its in-process budget, which has kept learning from every response
// all along, and tries the shared store again after `retryMs`; both changes are reported once.
import type { RateLimitDecision, RateLimitObservation, RateLimitStore, RateLimitStoreEvent } from "./store.js";

interface FallbackOptions {
  /** How long to use the in-process budget after a failure before trying the store again. */
  retryMs?: number;
  now?: () => number;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** `shared`, falling back to `local` while it fails; `report` hears of each change (it must not throw). */
export function withFallback(
  shared: RateLimitStore,
  local: RateLimitStore,
  report: (event: RateLimitStoreEvent) => void,
  { retryMs = 1_000, now = Date.now }: FallbackOptions = {},
): RateLimitStore {
  let down = false;
  let retryAt = 0;

  const failed = (error: unknown) => {
    retryAt = now() + retryMs;
    if (down) return;
    down = true;
    report({ type: "rate_limit_store", status: "unavailable", reason: describe(error) });
  };
  const answered = () => {
    if (!down) return;
    down = false;
    report({ type: "rate_limit_store", status: "restored" });
  };
  const skipShared = () => down && now() < retryAt;

  return {
    async take(): Promise<RateLimitDecision> {
      if (skipShared()) return local.take();
      try {
        const decision = await shared.take();
        answered();
        return decision;
      } catch (error) {
        failed(error);
        return local.take();
      }
    },
    async observe(observation: RateLimitObservation): Promise<void> {
      await local.observe(observation);
      if (skipShared()) return;
      try {
        await shared.observe(observation);
        answered();
      } catch (error) {
        failed(error);
      }
    },
    get current() {
      return (down ? undefined : shared.current) ?? local.current;
    },
  };
}
