#!/usr/bin/env node
// The `intercom` executable: binds the CLI to this process (streams, environment, Ctrl-C).
import { exitCodes } from "./exit.js";
import { runCli } from "./main.js";

// INTERCOM_CLI_TTY=stdout,stderr makes the CLI format as for a terminal: for tests that capture output.
const forced = new Set((process.env.INTERCOM_CLI_TTY ?? "").split(","));
const controller = new AbortController();
// The first Ctrl-C stops cleanly (the request in flight is aborted, printed lines are kept); a
// second one gets Node's default: exit at once.
process.once("SIGINT", () => controller.abort());

// `intercom … | head`: once the reader has gone, nothing more can be printed and no more pages are
// needed. Stop quietly with success, as gh does, instead of an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(exitCodes.ok);
    process.exitCode = exitCodes.internal;
  });
}

runCli(process.argv.slice(2), {
  stdout: { stream: process.stdout, isTTY: process.stdout.isTTY === true || forced.has("stdout") },
  stderr: { stream: process.stderr, isTTY: process.stderr.isTTY === true || forced.has("stderr") },
  stdin: process.stdin,
  env: process.env,
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`intercom: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = exitCodes.internal;
  },
);
