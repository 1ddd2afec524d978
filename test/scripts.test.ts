// `npm run demo` and `npm run mock` as a user runs them: real processes, real Prism, output and exit code.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, test } from "vitest";
import { repoRoot } from "../scripts/lib/spec.js";

interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

function runScript(script: string, args: string[], env: Record<string, string | undefined>): Run {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: repoRoot,
    env: { ...process.env, INTERCOM_ACCESS_TOKEN: undefined, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exit = once(child, "exit").then(([code]) => code as number | null);
  return { child, output: () => output, exit };
}

const slow = { timeout: 90_000 };

describe.concurrent("scripts", () => {
  test("npm run demo without a token lists, tags and untags against the local mock, then stops it", slow, async () => {
    const run = runScript("scripts/demo.ts", [], {});
    expect(await run.exit, run.output()).toBe(0);
    const lines = run.output().split("\n");
    expect(lines).toContain("No INTERCOM_ACCESS_TOKEN: starting the local mock (Prism on the corrected spec)…");
    expect(lines.filter((line) => / → \d{3}$/.test(line))).toEqual([
      "GET /conversations?per_page=5 → 200",
      "GET /me → 200",
      'POST /tags ("intercom-fetch demo") → 200',
      "POST /conversations/455/tags → 200",
      expect.stringMatching(/^DELETE \/conversations\/455\/tags\/\w+ → 200$/),
    ]);
    expect(lines).toContain("  untagged conversation 455");
    expect(lines.at(-2)).toBe("Stopped the local mock.");
  });

  test("npm run demo with a token and an unknown INTERCOM_REGION fails before any request", async () => {
    const run = runScript("scripts/demo.ts", [], { INTERCOM_ACCESS_TOKEN: "secret-token", INTERCOM_REGION: "mars" });
    expect(await run.exit).toBe(1);
    expect(run.output()).toMatch(/"mars" is not a region; use one of "us", "eu", "au"/);
    expect(run.output()).not.toContain("secret-token");
  });

  test("npm run mock serves the spec on PORT, prints how to use it, and stops on SIGTERM", slow, async () => {
    const run = runScript("scripts/mock.ts", [], { PORT: "0" });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        run.child.stdout?.on("data", () => {
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(run.output());
          if (match?.[1]) resolve(match[1]);
        });
        void run.exit.then(() => reject(new Error(`mock exited early:\n${run.output()}`)));
      });
      expect(run.output()).toContain(`createIntercomClient({ baseUrl: "${url}", token: "any-token" })`);
      const response = await fetch(`${url}/me`, { headers: { Authorization: "Bearer any-token" } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ type: "admin" });
    } finally {
      run.child.kill("SIGTERM");
    }
    expect(await run.exit).toBe(0);
  });
});
