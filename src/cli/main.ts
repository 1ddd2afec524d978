// Dispatches `intercom <command>` and turns failures into messages and exit codes.
import { apiUsage, runApi } from "./api.js";
import { exitCodes, UsageError } from "./exit.js";
import { exportUsage, runExport } from "./export.js";
import { runOperations, operationsUsage } from "./operations.js";
import { type CliContext, write } from "./output.js";
import packageJson from "../../package.json" with { type: "json" };

const usage = `Usage: intercom <command> [options]

Commands:
  api <path>    call any operation of Intercom's REST API (intercom api --help)
  operations    list the operations (intercom operations --help)
  export        export content data of a time range as NDJSON rows (intercom export --help)

  --version     print the version of this CLI (the API version is api --api-version)

The access token comes from INTERCOM_ACCESS_TOKEN, or from stdin with --token-stdin; it is never
taken from the command line and never printed.

Exit codes: 0 success, 1 HTTP error from Intercom, 2 usage error (nothing sent),
3 network error or timeout, 130 interrupted (Ctrl-C).`;

const commands: Record<string, (argv: string[], context: CliContext) => Promise<number>> = {
  api: runApi,
  operations: runOperations,
  export: runExport,
};

function checkArguments(argv: string[]): void {
  // A token must never be typed where shell history and `ps` keep it; say so without echoing it.
  if (argv.some((arg) => /^--?(token|access-token)(=|$)/i.test(arg))) {
    throw new UsageError("the token is not taken as an argument: set INTERCOM_ACCESS_TOKEN or use --token-stdin.");
  }
  // `--version` chose the API version before it meant the CLI's version, as it does in gh.
  if (argv.some((arg) => /^--version(=|$)/.test(arg))) {
    throw new UsageError(
      "the API version is chosen with --api-version; `intercom --version` prints this CLI's version.",
    );
  }
}

/** Runs the CLI; resolves to the process exit code. */
export async function runCli(argv: string[], context: CliContext): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === "help" || command === "--help" || command === "-h") {
      await write(context.stdout.stream, `${usage}\n\n${apiUsage}\n\n${operationsUsage}\n\n${exportUsage}\n`);
      return exitCodes.ok;
    }
    if (command === "--version" || command === "-v") {
      await write(context.stdout.stream, `intercom ${packageJson.version} (intercom-fetch)\n`);
      return exitCodes.ok;
    }
    const run = Object.hasOwn(commands, command) ? commands[command] : undefined;
    if (!run) throw new UsageError(`unknown command ${JSON.stringify(command)}.\n\n${usage}`);
    checkArguments(rest);
    return await run(rest, context);
  } catch (error) {
    if (context.signal.aborted) return exitCodes.interrupted;
    // parseArgs throws TypeErrors with an ERR_PARSE_ARGS_* code for unknown or incomplete options.
    const parseError = (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    if (error instanceof UsageError || parseError) {
      await write(context.stderr.stream, `intercom: ${(error as Error).message}\n`);
      return exitCodes.usage;
    }
    throw error;
  }
}
