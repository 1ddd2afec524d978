// Cancellation helpers. Each wait listens to the caller's signal only while it lasts and detaches
// afterwards, so a long-lived signal shared by many requests does not collect listeners.

/** Resolves after `ms`, or rejects with `signal.reason` as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** When a wait must end: at `at` (epoch ms; Infinity: never), failing with `error()`. */
export interface WaitLimit {
  at: number;
  error: () => unknown;
}

/**
 * Calls `end` once: with `signal.reason` when `signal` aborts (at once if it has), or with
 * `limit.error()` when `limit.at` passes; unless the returned function, which detaches both, is
 * called first because the wait ended otherwise.
 */
export function whenWaitEnds(
  signal: AbortSignal | null | undefined,
  limit: WaitLimit | undefined,
  end: (reason: unknown) => void,
): () => void {
  if (signal?.aborted) {
    end(signal.reason);
    return () => {};
  }
  const onAbort = () => {
    stop();
    end(signal!.reason);
  };
  const timer =
    limit && limit.at !== Infinity
      ? setTimeout(
          () => {
            stop();
            end(limit.error());
          },
          Math.max(limit.at - Date.now(), 0),
        )
      : undefined;
  const stop = () => {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  return stop;
}

/**
 * `promise`, or a rejection with `signal.reason` as soon as `signal` aborts, or with `limit.error()`
 * when `limit.at` passes. A fetch that loses or ignores its signal (undici drops aborts whose Request
 * was garbage-collected) cannot hang the caller, nor can a token function that never returns.
 */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | null | undefined,
  limit?: WaitLimit,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const stop = whenWaitEnds(signal, limit, reject);
    promise.then(resolve, reject).finally(stop);
  });
}

interface Watched {
  deadline: number;
  controller: AbortController;
  timeoutMs: number;
}

/**
 * Per-attempt timeouts on one timer per client instead of one per attempt: each attempt registers
 * its controller and deadline, and the timer, armed for the earliest deadline, aborts the attempts
 * that have passed theirs. With no attempt in flight the timer is unref'd: it keeps no process alive.
 */
export class Deadlines {
  readonly #watched = new Set<Watched>();
  // Node's Timeout; browsers' numeric ids have no ref/unref.
  #timer: (ReturnType<typeof setTimeout> & { ref?(): void; unref?(): void }) | undefined;
  #armedFor = Infinity;

  /** Aborts `controller` with a TimeoutError after `timeoutMs` (Infinity: never), unless `release` is called first. */
  watch(controller: AbortController, timeoutMs: number): () => void {
    if (timeoutMs === Infinity) return () => {};
    const entry = { deadline: Date.now() + timeoutMs, controller, timeoutMs };
    if (this.#watched.size === 0) this.#timer?.ref?.();
    this.#watched.add(entry);
    if (entry.deadline < this.#armedFor) this.#arm(entry.deadline);
    return () => {
      this.#watched.delete(entry);
      if (this.#watched.size === 0) this.#timer?.unref?.();
    };
  }

  #arm(at: number): void {
    clearTimeout(this.#timer);
    this.#armedFor = at;
    this.#timer = setTimeout(() => this.#fire(), Math.max(at - Date.now(), 0));
  }

  #fire(): void {
    this.#armedFor = Infinity;
    this.#timer = undefined;
    const now = Date.now();
    let next = Infinity;
    for (const entry of this.#watched) {
      if (entry.deadline <= now) {
        this.#watched.delete(entry);
        entry.controller.abort(new DOMException(`no response within ${entry.timeoutMs} ms`, "TimeoutError"));
      } else next = Math.min(next, entry.deadline);
    }
    if (next !== Infinity) this.#arm(next);
  }
}
