// A local Intercom stand-in that enforces a rate limit the way Intercom documents it (X-RateLimit-Limit,
// -Remaining, -Reset in Unix seconds at the end of fixed windows, a whole-second `Date`, and a 429 whose
// body is an `error.list` with `rate_limit_exceeded`), and counts what each window received.
// In-process for tests (`startRateLimitedServer`); `node --import tsx bench/rate-limited-server.ts
// '<options JSON>'` runs it as its own process, prints `{"port":N}` and serves `GET /__stats`.
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

export interface RateLimitedServerOptions {
  /** Requests allowed per window. */
  limit: number;
  /** Window length in whole seconds; windows end on multiples of it in Unix time, as Intercom's do. */
  windowSeconds: number;
  /** Milliseconds each answer takes, for a round trip longer than loopback's. */
  latencyMs?: number;
}

/** What one window received. */
export interface WindowCount {
  /** The window's `X-RateLimit-Reset`. */
  reset: number;
  ok: number;
  rejected: number;
}

export interface RateLimitedServer {
  readonly url: string;
  /** Per window, in order. */
  windows(): WindowCount[];
  close(): Promise<void>;
}

export function rateLimitedBody(limit: number, windowSeconds: number) {
  return {
    type: "error.list",
    request_id: "req_rate_limited",
    errors: [{ code: "rate_limit_exceeded", message: `Exceeded rate limit of ${limit} in ${windowSeconds}_seconds` }],
  };
}

export async function startRateLimitedServer(options: RateLimitedServerOptions, port = 0): Promise<RateLimitedServer> {
  const { limit, windowSeconds, latencyMs = 0 } = options;
  const counts = new Map<number, WindowCount>();
  const rejectedBody = JSON.stringify(rateLimitedBody(limit, windowSeconds));
  const okBody = JSON.stringify({ type: "admin", id: "1", email: "admin@example.com" });

  const server = createServer((req, res) => {
    if (req.url === "/__stats") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify([...counts.values()]));
      return;
    }
    // Counted when the request arrives, as a server does; answered after the latency.
    const nowMs = Date.now();
    const reset = (Math.floor(nowMs / 1000 / windowSeconds) + 1) * windowSeconds;
    let count = counts.get(reset);
    if (!count) counts.set(reset, (count = { reset, ok: 0, rejected: 0 }));
    const allowed = count.ok < limit;
    if (allowed) count.ok++;
    else count.rejected++;
    const headers = {
      "content-type": "application/json",
      date: new Date(nowMs).toUTCString(),
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": String(limit - count.ok),
      "x-ratelimit-reset": String(reset),
    };
    const answer = () => res.writeHead(allowed ? 200 : 429, headers).end(allowed ? okBody : rejectedBody);
    if (latencyMs > 0) setTimeout(answer, latencyMs);
    else answer();
  });
  server.keepAliveTimeout = 60_000;
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    windows: () => [...counts.values()].sort((a, b) => a.reset - b.reset),
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startRateLimitedServer(JSON.parse(process.argv[2] ?? "{}") as RateLimitedServerOptions);
  console.log(JSON.stringify({ port: Number(new URL(server.url).port) }));
  process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
}
