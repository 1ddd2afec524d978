// The fetch function intercom-fetch hands to openapi-fetch: the loop that composes one attempt on
// the wire (exchange.ts) with the retry policy (retry.ts), the rate-limit budget, the bound on
// requests in flight and logging. Features the caller does not use cost nothing: no logger, no
// log events; no `maxConcurrent`, no slots.
import { Deadlines, sleep } from "../abort.js";
import { authorize } from "../auth.js";
import { type RequestPolicy, type ResolvedOptions, resolveRequestPolicy } from "../config.js";
import { Slots } from "./concurrency.js";
import { IntercomError } from "../errors.js";
import { ControllerPool, type Wire, describeFailure, exchange } from "./exchange.js";
import { type Outgoing, outgoingFromRequest } from "./outgoing.js";
import { type RateLimit, RateLimitBudget } from "../rate-limit/budget.js";
import type { RateLimitStoreEvent } from "../rate-limit/store.js";
import { redactHeaders, redactUrl } from "../redact.js";
import { redirectTarget } from "./redirects.js";
import { type AttemptOutcome, shouldRetry } from "./retry.js";

/** What the `logger` option receives. Headers are copies with credentials redacted; bodies are never included. */
export type IntercomLogEvent =
  | { type: "request"; method: string; url: string; attempt: number; headers: Record<string, string> }
  | {
      type: "response";
      method: string;
      url: string;
      attempt: number;
      status: number;
      durationMs: number;
      requestId?: string;
      headers: Record<string, string>;
    }
  | {
      type: "retry";
      method: string;
      url: string;
      /** The attempt that failed (1 for the first). */
      attempt: number;
      delayMs: number;
      /** `"status 503"`, `"timeout"` or `"network"`. */
      reason: string;
    }
  | { type: "throttle"; method: string; url: string; delayMs: number }
  | RateLimitStoreEvent;

/** Receives each log event (retries, throttling), e.g. to forward them to your logger. */
export type IntercomLogger = (event: IntercomLogEvent) => void;

export interface Transport {
  /** Sends a call: its attempts, retries, redirects and waits. */
  send(call: Outgoing): Promise<Response>;
  /** openapi-fetch's `fetch`, for the calls openapi-fetch builds (those with middleware). */
  fetch(request: Request): Promise<Response>;
  /** The rate-limit budget as of the latest response. */
  readonly rateLimit: RateLimit | undefined;
}

/** Creates the transport of one client: its budget, slots and options are per client, created here, not at import. */
export function createTransport(options: ResolvedOptions): Transport {
  const slots = options.maxConcurrent === undefined ? undefined : new Slots(options.maxConcurrent);
  // A logger that throws must not reject a call the server has already processed (a retry would duplicate it).
  const logger =
    options.logger &&
    ((event: IntercomLogEvent) => {
      try {
        const result: unknown = options.logger!(event);
        // An async logger's rejection too: left unhandled, it would end a Node process.
        if (typeof (result as PromiseLike<unknown>)?.then === "function") Promise.resolve(result).catch(() => {});
      } catch {
        // Logging is best effort.
      }
    });
  const budget = new RateLimitBudget({ store: options.rateLimitStore, report: logger });
  const custom = options.fetch;
  const wire: Wire = {
    fetch: custom
      ? // A custom fetch is called as documented, with a Request and the attempt's signal.
        (url, { signal, redirect, ...init }) => custom(new Request(url, init), { signal, redirect })
      : // Read at call time, so a fetch mock installed after the client still applies; called as a
        // function, since workerd's fetch throws "Illegal invocation" when `this` is another object.
        (url, init) => globalThis.fetch(url, init),
    custom: custom !== undefined,
    deadlines: new Deadlines(),
    controllers: new ControllerPool(),
  };

  /** One attempt: waits for a slot and the rate-limit budget, then exchanges and logs. */
  async function attemptOnce(request: Outgoing, attempt: number, policy: RequestPolicy, url: string, deadline: number) {
    const { method, signal } = request;
    const release =
      slots &&
      (await slots.acquire(signal, {
        at: deadline,
        error: () => pastDeadline(request, url, attempt - 1, policy.deadlineMs, "a maxConcurrent slot"),
      }));
    try {
      const onWait = logger && ((delayMs: number) => logger({ type: "throttle", method, url, delayMs }));
      const maxWaitMs =
        deadline === Infinity ? policy.retry.maxDelayMs : Math.min(policy.retry.maxDelayMs, deadline - Date.now());
      const held = budget.take({ method, url }, maxWaitMs, signal, onWait, deadline);
      if (held) await held;
      logger?.({ type: "request", method, url, attempt, headers: redactHeaders(request.headers) });
      const started = Date.now();
      // The attempt's timeout, cut short by the call's deadline when that comes first.
      const timeoutMs =
        deadline === Infinity ? policy.timeoutMs : Math.min(policy.timeoutMs, Math.max(deadline - started, 1));
      const limits = timeoutMs === policy.timeoutMs ? policy : { timeoutMs, maxResponseBytes: policy.maxResponseBytes };
      const outcome = await exchange(wire, request, limits, { method, url, attempts: attempt });
      if ("response" in outcome) budget.update(outcome.response.headers, started);
      if (logger && "response" in outcome) {
        const { response } = outcome;
        logger({
          type: "response",
          method,
          url,
          attempt,
          status: response.status,
          durationMs: Date.now() - started,
          requestId: response.headers.get("x-request-id") ?? undefined,
          headers: redactHeaders(response.headers),
        });
      }
      return outcome;
    } finally {
      release?.();
    }
  }

  function failure(
    outcome: Exclude<AttemptOutcome, { response: Response }>,
    request: Outgoing,
    url: string,
    attempt: number,
    timeoutMs: number,
  ) {
    return new IntercomError({
      kind: outcome.failure,
      method: request.method,
      url,
      attempts: attempt,
      reason: outcome.failure === "timeout" ? `no response within ${timeoutMs} ms` : describeFailure(outcome.cause),
      cause: outcome.cause,
    });
  }

  /** The call's deadline has passed, or would before its next attempt could start, or while it waited for `what`. */
  function pastDeadline(request: Outgoing, url: string, attempts: number, deadlineMs: number, what?: string) {
    return new IntercomError({
      kind: "timeout",
      method: request.method,
      url,
      attempts,
      reason: what
        ? `the call's deadline of ${deadlineMs} ms (deadlineMs) passed while waiting for ${what}`
        : `the call's deadline of ${deadlineMs} ms (deadlineMs) passed or would pass before another attempt`,
    });
  }

  async function send(first: Outgoing): Promise<Response> {
    const policy = resolveRequestPolicy(first, options);
    const deadline = policy.deadlineMs === Infinity ? Infinity : Date.now() + policy.deadlineMs;
    if (options.tokenProvider) {
      await authorize(first, options.tokenProvider, policy.timeoutMs, {
        at: deadline,
        error: () => pastDeadline(first, first.url, 0, policy.deadlineMs, "the token function"),
      });
    }
    let request = first;
    let hops = 0;
    for (let attempt = 1; ; attempt++) {
      // Only log events need the URL redacted up front; errors redact the URLs they are given.
      const url = logger ? redactUrl(request.url) : request.url;
      if (deadline !== Infinity && Date.now() >= deadline)
        throw pastDeadline(request, url, attempt - 1, policy.deadlineMs);
      const outcome = await attemptOnce(request, attempt, policy, url, deadline);
      if ("response" in outcome && outcome.response.status >= 300 && outcome.response.status < 400) {
        const next = redirectTarget(request, outcome.response, hops);
        if (next) {
          request = next;
          hops++;
          attempt--; // a redirect is not a retry
          continue;
        }
      }
      const now = Date.now();
      // An attempt cut short by the deadline ends the call, however many retries are left.
      if ("failure" in outcome && outcome.failure === "timeout" && now >= deadline) {
        throw pastDeadline(request, url, attempt, policy.deadlineMs);
      }
      const decision = shouldRetry(outcome, attempt, policy, now);
      if (!decision) {
        if ("response" in outcome) return outcome.response;
        throw failure(outcome, request, url, attempt, policy.timeoutMs);
      }
      if (now + decision.delayMs >= deadline) throw pastDeadline(request, url, attempt, policy.deadlineMs);
      logger?.({ type: "retry", method: request.method, url, attempt, ...decision });
      await sleep(decision.delayMs, request.signal);
    }
  }

  return {
    send,
    fetch: async (request) => send(await outgoingFromRequest(request)),
    get rateLimit() {
      return budget.current;
    },
  };
}
