// Starts a local server script in its own process and waits until it is listening.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface FixtureServer {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  close(): Promise<void>;
}

/** Runs `script` (a bench/ file that prints `{"port":N}` once listening) with `args`. */
export async function startServerProcess(script: string, args: string[]): Promise<FixtureServer> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", path, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code} before listening`)));
  });
  const { port } = JSON.parse(firstLine) as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Starts bench/server.ts with `items` contacts behind `GET /contacts`. */
export function startFixtureServer(items = 0): Promise<FixtureServer> {
  return startServerProcess("./server.ts", [String(items)]);
}
