// `intercom api <path>`: one call of any operation, or every item of a list with `--paginate`,
// through the library's own client (auth, Intercom-Version, retries and rate limiting apply).
// Options follow `gh api` where it has one of the same name.
import { STATUS_CODES } from "node:http";
import { parseArgs } from "node:util";
import type { IntercomClient } from "../client.js";
import { intercomErrorFromResult } from "../errors.js";
import { paginate } from "../paginate/paginate.js";
import { redactHeaders } from "../redact.js";
import type { ApiVersion } from "../generated.js";
import { connect, connectionOptions, connectionUsage, versionOf } from "./connect.js";
import { exitCodes, reportFailure, UsageError } from "./exit.js";
import { type Field, fieldsToBody, fieldsToQuery, parseField } from "./fields.js";
import { checkOneStdinReader, parseJson, readFieldFiles, readSource, stdinReaders } from "./inputs.js";
import { type CliContext, formatJson, write } from "./output.js";
import { resolveOperation } from "./resolve.js";
import type { Status } from "./status.js";

export const apiUsage = `Usage: intercom api <path> [options]

Calls any operation of the Intercom REST API; the method and path are checked against the API
description before anything is sent. Path parameters are given literally: /contacts/123.

Options:
  -X, --method METHOD   GET, POST, PUT or DELETE. Default: the list operation with --paginate; else
                        POST when fields or --input are given and the path has a POST; else GET
  -f, --raw-field K=V   a string field
  -F, --field K=V       a field whose true, false, null and numbers are JSON values; @FILE reads the
                        value from a file (@- from stdin)
                        Fields form the JSON body of POST/PUT and the query of GET/DELETE (or of any
                        method with --input); K[sub]=V nests objects, K[]=V appends to a list
      --input FILE      the request body, a JSON file or - for stdin
  -i, --include         the status line and response headers before the body
      --silent          do not print the response body
      --paginate        every item of a list operation, one JSON object per line (NDJSON), with
                        progress on a terminal and a summary line on stderr
      --slurp           with --paginate: all items as one JSON array
${connectionUsage}

For jq filters, pipe the output to jq: intercom api /conversations --paginate | jq -r .id`;

const options = {
  ...connectionOptions,
  method: { type: "string", short: "X" },
  "raw-field": { type: "string", short: "f", multiple: true },
  field: { type: "string", short: "F", multiple: true },
  input: { type: "string" },
  include: { type: "boolean", short: "i" },
  silent: { type: "boolean" },
  paginate: { type: "boolean" },
  slurp: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** The fields in command-line order, whichever of -f and -F each came from. */
function fieldsOf(tokens: NonNullable<ReturnType<typeof parseArgs>["tokens"]>): Field[] {
  return tokens.flatMap((token) =>
    token.kind === "option" && (token.name === "raw-field" || token.name === "field")
      ? [parseField(token.value ?? "", token.name === "field")]
      : [],
  );
}

interface Call {
  client: IntercomClient<ApiVersion>;
  status: Status;
  method: string;
  path: string;
  init: {
    params: { path: Record<string, string>; query: Record<string, unknown> };
    body?: unknown;
    signal: AbortSignal;
  };
  output: { include: boolean; silent: boolean; slurp: boolean };
}

async function prepare(argv: string[], context: CliContext): Promise<{ call: Call; paginated: boolean } | undefined> {
  const { values, positionals, tokens } = parseArgs({ args: argv, options, allowPositionals: true, tokens: true });
  if (values.help) {
    await write(context.stdout.stream, `${apiUsage}\n`);
    return undefined;
  }
  if (positionals.length !== 1) {
    throw new UsageError(`intercom api takes one path, got ${positionals.length}.\n\n${apiUsage}`);
  }
  if (values.slurp && !values.paginate) throw new UsageError("--slurp goes with --paginate.");
  if (values.include && values.paginate) {
    throw new UsageError("--include shows one response; with --paginate, --verbose shows each page's headers.");
  }
  const version = versionOf(values);
  const { operation, params, query } = resolveOperation(version, values.method, positionals[0]!, {
    paginate: values.paginate === true,
    body: values.input !== undefined || (values.field ?? []).length + (values["raw-field"] ?? []).length > 0,
  });
  const method = operation.method.toUpperCase();
  if (values.paginate && operation.pagination === null) {
    throw new UsageError(`${method} ${operation.path} is not a paginated operation; leave out --paginate.`);
  }

  const parsedFields = fieldsOf(tokens);
  checkOneStdinReader(stdinReaders(parsedFields, { input: values.input, tokenStdin: values["token-stdin"] }));
  const fields = await readFieldFiles(parsedFields, context.stdin);
  const input =
    values.input === undefined
      ? undefined
      : parseJson(
          await readSource(values.input, context.stdin, "--input"),
          values.input === "-" ? "stdin" : values.input,
        );
  const fieldsInBody = input === undefined && (method === "POST" || method === "PUT");
  const body = fieldsInBody && fields.length > 0 ? fieldsToBody(fields) : input;
  Object.assign(query, fieldsInBody ? {} : fieldsToQuery(fields));

  const { client, status } = await connect(values, context);
  const init = { params: { path: params, query }, signal: context.signal, ...(body !== undefined && { body }) };
  const output = { include: values.include === true, silent: values.silent === true, slurp: values.slurp === true };
  return { call: { client, status, method, path: operation.path, init, output }, paginated: values.paginate === true };
}

type RawCall = (
  path: string,
  init: Call["init"] & { parseAs: "stream" },
) => Promise<{ data?: ReadableStream<Uint8Array> | null; error?: unknown; response: Response }>;

/** `-i`: `HTTP/1.1 200 OK` and the headers (credentials redacted), then a blank line. */
function statusAndHeaders(response: Response): string {
  const reason = response.statusText || STATUS_CODES[response.status] || "";
  const headers = Object.entries(redactHeaders(response.headers)).map(([name, value]) => `${name}: ${value}\n`);
  return `HTTP/1.1 ${response.status} ${reason}`.trimEnd() + "\n" + headers.join("") + "\n";
}

async function single({ client, method, path, init, output }: Call, context: CliContext): Promise<number> {
  const call = client[method as "GET" | "POST" | "PUT" | "DELETE"] as unknown as RawCall;
  const result = await call(path, { ...init, parseAs: "stream" });
  if (output.include) await write(context.stdout.stream, statusAndHeaders(result.response));
  if (!result.response.ok) {
    throw intercomErrorFromResult(result); // the transport's record of the call: method, URL and attempts
  }
  if (!result.data || output.silent) {
    await result.data?.cancel();
    return exitCodes.ok;
  }
  const type = result.response.headers.get("content-type") ?? "";
  if (!/\bjson\b/i.test(type)) {
    // Non-JSON (the export download's gzip): written as it arrives.
    for await (const chunk of result.data as unknown as AsyncIterable<Uint8Array>)
      await write(context.stdout.stream, chunk);
    return exitCodes.ok;
  }
  const text = await new Response(result.data).text();
  if (text === "") return exitCodes.ok;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    await write(context.stdout.stream, text);
    return exitCodes.ok;
  }
  await write(context.stdout.stream, formatJson(value, context.stdout.isTTY));
  return exitCodes.ok;
}

// The path was checked against the metadata at run time, so paginate's compile-time path check does not apply.
type LoosePaginate = (
  client: unknown,
  path: string,
  init: unknown,
) => { pages(): AsyncIterable<{ data: unknown[]; body: unknown }> };

const totalCount = (body: unknown) => (body as { total_count?: unknown } | null)?.total_count;

// NDJSON (or with --slurp one array, an item per line), one page's items per write, so what was
// printed before Ctrl-C or an error is whole lines. Items are never collected.
async function paginated({ client, path, init, status, output }: Call, context: CliContext): Promise<number> {
  let first = true;
  const print = (text: string) => (output.silent ? Promise.resolve() : write(context.stdout.stream, text));
  if (output.slurp) await print("[");
  try {
    for await (const page of (paginate as unknown as LoosePaginate)(client, path, init).pages()) {
      status.page(page.data.length, totalCount(page.body));
      if (page.data.length === 0) continue;
      const lines = page.data.map((item) => JSON.stringify(item));
      if (output.slurp) {
        await print(`${first ? "\n" : ",\n"}${lines.join(",\n")}`);
      } else {
        await print(lines.join("\n") + "\n");
      }
      first = false;
    }
    if (output.slurp) await print(first ? "]\n" : "\n]\n");
  } finally {
    status.summary();
  }
  return exitCodes.ok;
}

/** Runs `intercom api`; resolves to the exit code. */
export async function runApi(argv: string[], context: CliContext): Promise<number> {
  const prepared = await prepare(argv, context);
  if (!prepared) return exitCodes.ok;
  try {
    return await (prepared.paginated ? paginated : single)(prepared.call, context);
  } catch (error) {
    return reportFailure(error, context);
  }
}
