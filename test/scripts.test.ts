// `npm run demo` and `npm run mock` as a user runs them: real processes, output and exit code.
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
    expect(lines).toContain("No INTERCOM_ACCESS_TOKEN: starting the local mock (a seeded workspace)…");
    expect(lines.filter((line) => / → \d{3}$/.test(line))).toEqual([
      "GET /conversations?per_page=5 → 200",
      "GET /me → 200",
      'POST /tags ("intercom-fetch demo") → 200',
      "POST /conversations/64619700005694/tags → 200",
      expect.stringMatching(/^DELETE \/conversations\/64619700005694\/tags\/\d+ → 200$/),
    ]);
    expect(lines).toContain("  5 of 310 conversations");
    expect(lines).toContain("  untagged conversation 64619700005694");
    expect(lines.at(-2)).toBe("Stopped the local mock.");
  });

  test("npm run demo with a token and an unknown INTERCOM_REGION fails before any request", async () => {
    const run = runScript("scripts/demo.ts", [], { INTERCOM_ACCESS_TOKEN: "secret-token", INTERCOM_REGION: "mars" });
    expect(await run.exit).toBe(1);
    expect(run.output()).toMatch(/"mars" is not a region; use one of "us", "eu", "au"/);
    expect(run.output()).not.toContain("secret-token");
  });

  test("npm run mock refuses a PORT that is not a port", async () => {
    const run = runScript("scripts/mock.ts", [], { PORT: "-1" });
    expect(await run.exit).toBe(1);
    expect(run.output()).toContain('PORT="-1" is not a port number (0-65535; 0 picks a free one).');
  });

  test(
    "npm run mock prints its URL first, serves the seeded workspace on PORT, and stops on SIGTERM",
    slow,
    async () => {
      const run = runScript("scripts/mock.ts", [], { PORT: "0" });
      try {
        const url = await new Promise<string>((resolve, reject) => {
          run.child.stdout?.on("data", () => {
            const first = run.output().split("\n")[0]!;
            if (run.output().includes("\n")) (/^http:\/\/127\.0\.0\.1:\d+$/.test(first) ? resolve : reject)(first);
          });
          void run.exit.then(() => reject(new Error(`mock exited early:\n${run.output()}`)));
        });
        const auth = { headers: { Authorization: "Bearer any-token" } };
        const contacts = await (await fetch(`${url}/contacts?per_page=150`, auth)).json();
        expect(contacts).toMatchObject({ type: "list", total_count: 320, pages: { total_pages: 3 } });
        expect(contacts.data).toHaveLength(150);
        const unknown = await fetch(`${url}/contacts/no-such-id`, auth);
        expect(unknown.status).toBe(404);
        expect(await unknown.json()).toMatchObject({ errors: [{ code: "not_found", message: "User Not Found" }] });
        expect(run.output()).toContain(`INTERCOM_BASE_URL=${url}`);
      } finally {
        run.child.kill("SIGTERM");
      }
      expect(await run.exit).toBe(0);
    },
  );
});
