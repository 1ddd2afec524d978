// Starts Prism, Stoplight's OpenAPI mock server, on the corrected spec: the one piece of code behind
// `npm run mock`, `npm run demo` and the contract tests' global setup. Prism validates every request
// against the spec and answers with the spec's examples, so the client can be exercised offline.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { stripVTControlCharacters } from "node:util";
import { readManifest, repoRoot } from "./spec.js";

export interface PrismOptions {
  /** API version whose generated `openapi.json` is served; defaults to the manifest's default. */
  version?: string;
  /** Interface to listen on; defaults to loopback. */
  host?: string;
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** How long to wait for Prism to load the spec and listen. */
  startTimeoutMs?: number;
  /** Receives Prism's log lines once it is listening (requests, validation results). */
  onLog?: (line: string) => void;
  /**
   * Proxy to this origin instead of answering with the spec's examples: Prism then checks each
   * request and the upstream's response against the spec, and answers a violation with an error.
   */
  upstream?: string;
}

export interface PrismServer {
  /** Origin Prism listens on, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Stops Prism and removes its copy of the spec. Safe to call more than once. */
  stop(): Promise<void>;
}

const listening = /Prism is listening on (https?:\/\/\S+)/;
const keptLines = 40;

/** Starts `prism mock` (or `prism proxy`) on the generated, corrected spec and resolves once it accepts requests. */
export async function startPrism(options: PrismOptions = {}): Promise<PrismServer> {
  const version = options.version ?? readManifest().default;
  // Prism watches its document and restarts on change, on a new port when the port is 0. A private
  // copy keeps a running mock stable while `npm run generate` rewrites generated/.
  const dir = await mkdtemp(join(tmpdir(), "intercom-prism-"));
  const spec = join(dir, "openapi.json");
  const source = `${repoRoot}generated/${version}/openapi.json`;
  await copyFile(source, spec).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`cannot read ${source}; run \`npm run generate\``, { cause: error });
  });

  const prismCli = createRequire(import.meta.url).resolve("@stoplight/prism-cli");
  const where = ["--host", options.host ?? "127.0.0.1", "--port", String(options.port ?? 0)];
  const args = options.upstream ? ["proxy", ...where, "--errors", spec, options.upstream] : ["mock", ...where, spec];
  const child = spawn(process.execPath, [prismCli, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });

  const stop = async () => {
    process.off("exit", kill);
    await terminate(child);
    await rm(dir, { recursive: true, force: true });
  };
  // An orphaned Prism would keep its port and the test runner's pipes open.
  const kill = () => child.kill();
  process.on("exit", kill);

  try {
    const url = await waitUntilListening(child, options.startTimeoutMs ?? 60_000, options.onLog);
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function waitUntilListening(
  child: ChildProcess,
  timeoutMs: number,
  onLog: ((line: string) => void) | undefined,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const recent: string[] = [];
    let url: string | undefined;
    const onLine = (raw: string) => {
      const line = stripVTControlCharacters(raw);
      if (url !== undefined) return onLog?.(line);
      recent.push(line);
      if (recent.length > keptLines) recent.shift();
      const match = listening.exec(line);
      if (match?.[1]) {
        url = match[1];
        clearTimeout(timer);
        child.off("exit", onExit);
        resolve(url);
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on("line", onLine);
    }
    const fail = (why: string) => reject(new Error(`Prism ${why}. Its last output:\n${recent.join("\n") || "(none)"}`));
    const onExit = (code: number | null, signal: string | null) =>
      fail(`exited (${signal ?? `code ${code}`}) before listening`);
    child.once("exit", onExit);
    const timer = setTimeout(() => fail(`did not listen within ${timeoutMs} ms`), timeoutMs);
  });
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await exited;
}
