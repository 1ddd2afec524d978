// Serves a fake's `fetch`-style handler over node:http on 127.0.0.1, for code under test that only
// takes a base URL. node:http is imported lazily so intercom-fetch/testing loads on edge runtimes.
import { isNetworkFailure, type FakeAnswer } from "./answer.js";

/** A fake Intercom listening on 127.0.0.1. */
export interface FakeIntercomServer {
  /** The origin to pass as `baseUrl`, e.g. `"http://127.0.0.1:53012"`. */
  readonly url: string;
  /** Stops the server. */
  close(): Promise<void>;
}

export async function serve(
  handle: (request: Request) => Promise<FakeAnswer>,
  port: number,
  host = "127.0.0.1",
): Promise<FakeIntercomServer> {
  const { createServer } = await import("node:http");
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    // The client going away aborts the request, so a delayed answer stops waiting.
    const abandoned = new AbortController();
    res.once("close", () => abandoned.abort());
    const request = new Request(new URL(req.url ?? "/", `http://${req.headers.host}`), {
      method: req.method ?? "GET",
      headers,
      signal: abandoned.signal,
      ...(hasBody && { body: Buffer.concat(chunks) }),
    });
    const answer = await handle(request).catch(() => undefined);
    if (answer === undefined || isNetworkFailure(answer)) {
      // What a dropped connection looks like to the client: a reset socket, no status line.
      res.destroy();
      return;
    }
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("intercom-fetch/testing: no TCP address");
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
