// Non-JSON bodies asked for with `parseAs: "stream"` reach the caller as they arrive, unbuffered.
import { describe, expect, it } from "vitest";
import { faultClient } from "./support/client.js";
import { useScriptedServer } from "./support/scripted-server.js";

const server = useScriptedServer();

describe('parseAs: "stream"', () => {
  it("resolves once the headers arrive, while the server is still sending, and the caller's abort ends the body", async () => {
    let ended = false;
    server.play((res) => {
      res.writeHead(200, { "Content-Type": "application/octet-stream" });
      res.write(Buffer.from([0x1f, 0x8b, 1, 2, 3]));
      // The rest would follow later; a buffering client waits for it (until its timeout).
      res.on("close", () => (ended = true));
    });
    const { intercom } = faultClient(server.url, { timeoutMs: 300, retry: false });
    const controller = new AbortController();
    const { data, response } = await intercom.GET("/download/content/data/{job_identifier}", {
      params: { path: { job_identifier: "job1" } },
      parseAs: "stream",
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = (data as unknown as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect([...first.value!]).toEqual([0x1f, 0x8b, 1, 2, 3]);
    // Well past timeoutMs: the per-attempt timeout covered the headers only.
    await new Promise((resolve) => setTimeout(resolve, 400));
    controller.abort(new Error("done"));
    await expect(reader.read()).rejects.toThrow("done");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ended).toBe(true);
  });
});
