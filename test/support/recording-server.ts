// A real HTTP server on 127.0.0.1 that records what the client puts on the wire and answers with a
// configurable JSON response: what the server sees is the ground truth, not what fetch was handed.
import { once } from "node:events";
import { type IncomingHttpHeaders, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  /** The raw request target: path and query string exactly as sent, percent-encoding intact. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The body as text; "" when there was none. */
  body: string;
}

export interface Reply {
  status: number;
  body?: unknown;
}

export interface RecordingServer {
  /** Origin to pass as `baseUrl`, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** The one request received since the last `take`, which it forgets; fails unless exactly one arrived. */
  take(): RecordedRequest;
  /** Sets the response for the requests that follow (default: 200 with `{}`). */
  reply(reply: Reply): void;
  close(): Promise<void>;
}

export async function startRecordingServer(): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  let next: Reply = { status: 200, body: {} };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    requests.push({
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    });
    const body = next.body === undefined ? "" : JSON.stringify(next.body);
    res.writeHead(next.status, body ? { "Content-Type": "application/json" } : {});
    res.end(body);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    take() {
      const received = requests.splice(0);
      if (received.length !== 1) {
        const list = received.map((r) => `${r.method} ${r.url}`).join(", ");
        throw new Error(`expected exactly one request, the server received ${received.length}: ${list}`);
      }
      return received[0]!;
    },
    reply(reply) {
      next = reply;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}
