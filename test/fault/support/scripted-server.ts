// A real HTTP server on 127.0.0.1 that answers each request with the next step of a script, to play
// faults (errors, resets, hangs, rate limits) and record what reached the wire and when.
import { once } from "node:events";
import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach } from "vitest";

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** `performance.now()` when the request had fully arrived. */
  at: number;
}

/** Answers one request; it may hang or break the connection instead. */
export type Step = (res: ServerResponse, req: IncomingMessage) => void | Promise<void>;

export interface ScriptedServer {
  readonly url: string;
  readonly port: number;
  readonly requests: SeenRequest[];
  /** The most requests that were open at the same time. */
  readonly maxInFlight: number;
  /** Replaces the script; requests beyond it get a 599 the test will notice. */
  play(...steps: Step[]): void;
  close(): Promise<void>;
}

export async function startScriptedServer(port = 0): Promise<ScriptedServer> {
  const requests: SeenRequest[] = [];
  let steps: Step[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer(async (req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on("close", () => inFlight--);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, at: performance.now() });
    const step = steps.shift() ?? ((r: ServerResponse) => void r.writeHead(599).end("script exhausted"));
    await step(res, req);
  });
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    play(...next) {
      steps = next;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

/** A server per test: started before each test of the calling file, closed after it. */
export function useScriptedServer(): ScriptedServer {
  let current: ScriptedServer | undefined;
  beforeEach(async () => {
    current = await startScriptedServer();
  });
  afterEach(() => current?.close());
  const live = () => {
    if (!current) throw new Error("the scripted server runs only inside a test");
    return current;
  };
  return {
    get url() {
      return live().url;
    },
    get port() {
      return live().port;
    },
    get requests() {
      return live().requests;
    },
    get maxInFlight() {
      return live().maxInFlight;
    },
    play: (...steps) => live().play(...steps),
    close: () => live().close(),
  };
}

/** A JSON response. */
export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Step =>
  (res) =>
    void res.writeHead(status, { "Content-Type": "application/json", ...headers }).end(JSON.stringify(body));

/** A response with a raw body (or none). */
export const raw =
  (status: number, body = "", headers: Record<string, string> = {}): Step =>
  (res) =>
    void res.writeHead(status, headers).end(body);

/** Waits `ms`, then plays `step`. */
export const after =
  (ms: number, step: Step): Step =>
  async (res, req) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await step(res, req);
  };

/** Never answers (the server closes the socket when the test ends). */
export const hang: Step = () => {};

/** Sends the headers and half of a JSON body, then resets the connection. */
export const resetMidBody: Step = (res) => {
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "100" });
  res.write('{"type":"contact","id":"1",', () => setTimeout(() => res.socket?.resetAndDestroy(), 20));
};

/** `Date` and `X-RateLimit-*` headers for a window that resets `inSeconds` after the response. */
export function rateLimitHeaders(remaining: number, inSeconds = 1, limit = 167): Record<string, string> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  return {
    Date: new Date(nowSeconds * 1000).toUTCString(),
    "X-RateLimit-Limit": String(limit),
    "X-RateLimit-Remaining": String(remaining),
    "X-RateLimit-Reset": String(nowSeconds + inSeconds),
  };
}

/** A port with nothing listening on it (for connection-refused tests). */
export async function closedPort(): Promise<number> {
  const server = await startScriptedServer();
  await server.close();
  return server.port;
}

/** Builds the step when the request arrives, e.g. so rate-limit headers use that moment's clock. */
export const fresh =
  (make: () => Step): Step =>
  (res, req) =>
    make()(res, req);
