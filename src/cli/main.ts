// Dispatches `intercom <command>` and turns failures into messages and exit codes.
import { apiUsage, runApi } from "./api.js";
import { exitCodes, UsageError } from "./exit.js";
import { runOperations, operationsUsage } from "./operations.js";
import { type CliContext, write } from "./output.js";

export const usage = `Usage: intercom <command> [options]

Commands:
  api <path>    call any operation of Intercom's REST API (intercom api --help)
  operations    list the operations (intercom operations --help)

The access token comes from INTERCOM_ACCESS_TOKEN, or from stdin with --token-stdin; it is never
taken from the command line and never printed.

Exit codes: 0 success, 1 HTTP error from Intercom, 2 usage error (nothing sent),
3 network error or timeout, 130 interrupted (Ctrl-C).`;

const commands: Record<string, (argv: string[], context: CliContext) => Promise<number>> = {
  api: runApi,
  operations: runOperations,
};

// A token must never be typed where shell history and `ps` keep it; say so without echoing it.
function rejectTokenArgument(argv: string[]): void {
  if (argv.some((arg) => /^--?(token|access-token)(=|$)/i.test(arg))) {
    throw new UsageError("the token is not taken as an argument: set INTERCOM_ACCESS_TOKEN or use --token-stdin.");
  }
}

/** Runs the CLI; resolves to the process exit code. */
export async function runCli(argv: string[], context: CliContext): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === "help" || command === "--help" || command === "-h") {
      await write(context.stdout.stream, `${usage}\n\n${apiUsage}\n\n${operationsUsage}\n`);
      return exitCodes.ok;
    }
    const run = commands[command];
    if (!run) throw new UsageError(`unknown command ${JSON.stringify(command)}.\n\n${usage}`);
    rejectTokenArgument(rest);
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
