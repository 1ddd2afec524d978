// A burst of concurrent calls against a server that enforces its rate limit: the client paces them
// through each window and spreads the held ones after a reset, instead of releasing them all at once
// (which once drew hundreds of 429s and failed most calls).
import type { ServerResponse } from "node:http";
import { expect, it } from "vitest";
import { faultClient } from "./support/client.js";
import { type Step, useScriptedServer } from "./support/scripted-server.js";

const server = useScriptedServer();

/**
 * A window of `limit` requests per whole second, as Intercom reports its own: `X-RateLimit-*` on
 * every answer, a whole-second `Date`, and a 429 for each request beyond the limit.
 */
function limitedWindows(limit: number) {
  let window = -1;
  let used = 0;
  const served: number[] = [];
  let refused = 0;
  const step: Step = (res: ServerResponse) => {
    const now = Date.now();
    const second = Math.floor(now / 1000);
    if (second !== window) {
      window = second;
      used = 0;
    }
    used++;
    const headers = {
      "Content-Type": "application/json",
      Date: new Date(second * 1000).toUTCString(),
      "X-RateLimit-Limit": String(limit),
      "X-RateLimit-Remaining": String(Math.max(limit - used, 0)),
      "X-RateLimit-Reset": String(second + 1),
    };
    if (used > limit) {
      refused++;
      res
        .writeHead(429, headers)
        .end(JSON.stringify({ type: "error.list", errors: [{ code: "rate_limit_exceeded" }] }));
      return;
    }
    served.push(performance.now());
    res.writeHead(200, headers).end(JSON.stringify({ type: "contact", id: "1" }));
  };
  return {
    step,
    served,
    get refused() {
      return refused;
    },
  };
}

it("paces 40 concurrent calls through a limit of 10 per second: none fails, few 429s, spread out", async () => {
  const limit = 10;
  const calls = 40;
  const windows = limitedWindows(limit);
  server.play(...Array.from({ length: 500 }, () => windows.step));
  const { intercom } = faultClient(server.url);
  const getContact = () => intercom.GET("/contacts/{id}", { params: { path: { id: "1" } } });
  // One call teaches the client the budget (a new client's first burst knows none); pacing is for what follows.
  await getContact();
  // The last calls are held about 4 s in all, longer than maxDelayMs (3 s): that bounds each wait, not the queue.
  const results = await Promise.allSettled(Array.from({ length: calls }, getContact));

  const failed = results.filter((r) => r.status === "rejected" || r.value.error !== undefined);
  expect(failed).toEqual([]);
  // Unpaced, about half the burst drew a 429 (and 454 of them once failed most calls); paced, none
  // does on an idle machine. A late timer on a loaded one may cross a reset: allow a few.
  expect(windows.refused).toBeLessThanOrEqual(calls / 10);
  // Paced, answers come about 100 ms apart (a second spread over its 10 requests); released at once, all of a
  // window's arrive within a few ms. Generous bounds, for a machine that runs timers late.
  const served = windows.served.slice(1);
  const gaps = served.slice(1).map((at, i) => at - served[i]!);
  const median = gaps.sort((a, b) => a - b)[gaps.length >> 1]!;
  expect(median).toBeGreaterThanOrEqual(25);
  const busiest = Math.max(...served.map((at) => served.filter((t) => t >= at && t < at + 100).length));
  expect(busiest).toBeLessThanOrEqual(limit / 2);
});
