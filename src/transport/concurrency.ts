// Bounds the requests in flight (`maxConcurrent`). Waiters are served first come, first served; a
// waiter whose signal aborts, or whose call's deadline passes, leaves the queue at once.
import { type WaitLimit, whenWaitEnds } from "../abort.js";

/** Releases a slot taken with `acquire`. */
type Release = () => void;

export class Slots {
  #free: number;
  readonly #waiters: Array<(release: Release) => void> = [];

  constructor(max: number) {
    this.#free = max;
  }

  /**
   * Resolves with a release function once a slot is free; rejects with `signal.reason` on abort, or
   * with `limit.error()` when `limit.at` passes first.
   */
  acquire(signal?: AbortSignal | null, limit?: WaitLimit): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const grant = (release: Release) => {
        stop();
        resolve(release);
      };
      this.#waiters.push(grant);
      const stop = whenWaitEnds(signal, limit, (reason) => {
        this.#waiters.splice(this.#waiters.indexOf(grant), 1);
        reject(reason);
      });
    });
  }

  #releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      // Hand the slot straight to the next waiter, so a newcomer cannot overtake it.
      if (next) next(this.#releaser());
      else this.#free++;
    };
  }
}
