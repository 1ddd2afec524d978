// `intercom api <path>`: one call of any operation, or every item of a list with `--paginate`,
// through the library's own client (auth, Intercom-Version, retries and rate limiting apply).
import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { createIntercomClient, type IntercomClient } from "../client.js";
import { IntercomConfigError, IntercomError, intercomErrorFromResult } from "../errors.js";
import { paginate } from "../paginate.js";
import type { Region } from "../regions.js";
import { type ApiVersion, defaultVersion } from "../generated.js";
import { exitCodes, UsageError } from "./exit.js";
import { type Field, fieldsToBody, fieldsToQuery, parseField } from "./fields.js";
import { type CliContext, Progress, formatJson, write } from "./output.js";
import { apiVersion, resolveOperation } from "./resolve.js";

export const apiUsage = `Usage: intercom api <path> [options]

Calls any operation of the Intercom REST API; the method and path are checked against the API
description before anything is sent. Path parameters are given literally: /contacts/123.

Options:
  -X, --method METHOD   GET, POST, PUT or DELETE. Default: the list operation with --paginate; else
                        POST when fields or --input are given and the path has a POST; else GET
  -f, --field K=V       a string field
  -F, --typed-field K=V a field whose true, false, null and numbers are JSON values
                        Fields form the JSON body of POST/PUT and the query of GET/DELETE (or of any
                        method with --input); K[sub]=V nests objects, K[]=V appends to a list
      --input FILE      the request body, a JSON file or - for stdin
      --paginate        every item of a list operation, one JSON object per line (NDJSON)
      --region REGION   us (default), eu or au
      --version VERSION the Intercom-Version to use (default ${defaultVersion})
      --base-url URL    another API origin, e.g. a proxy or a local mock
      --token-stdin     read the access token from stdin instead of INTERCOM_ACCESS_TOKEN`;

const options = {
  method: { type: "string", short: "X" },
  field: { type: "string", short: "f", multiple: true },
  "typed-field": { type: "string", short: "F", multiple: true },
  input: { type: "string" },
  paginate: { type: "boolean" },
  region: { type: "string" },
  version: { type: "string" },
  "base-url": { type: "string" },
  "token-stdin": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true; tokens: true }>>["values"];

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

// Stops at the first newline, so a token typed at a terminal needs no Ctrl-D.
async function readFirstLine(stream: Readable): Promise<string> {
  let text = "";
  for await (const chunk of stream) {
    text += Buffer.from(chunk).toString("utf8");
    if (text.includes("\n")) break;
  }
  return text.split(/\r?\n/, 1)[0]!;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not JSON: ${(error as Error).message}`);
  }
}

async function readInput(values: Values, context: CliContext): Promise<unknown> {
  if (values.input === undefined) return undefined;
  if (values.input === "-") return parseJson(await readAll(context.stdin), "stdin");
  let text: string;
  try {
    text = await readFile(values.input, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read --input ${values.input}: ${(error as Error).message}`);
  }
  return parseJson(text, values.input);
}

async function readToken(values: Values, context: CliContext): Promise<string> {
  if (values["token-stdin"]) {
    if (values.input === "-") throw new UsageError("--token-stdin and --input - cannot both read stdin.");
    return (await readFirstLine(context.stdin)).trim();
  }
  const token = context.env.INTERCOM_ACCESS_TOKEN?.trim();
  if (!token) {
    throw new UsageError("no access token: set INTERCOM_ACCESS_TOKEN, or pipe the token to --token-stdin.");
  }
  return token;
}

/** The fields in command-line order, whichever of -f and -F each came from. */
function fieldsOf(tokens: NonNullable<ReturnType<typeof parseArgs>["tokens"]>): Field[] {
  return tokens.flatMap((token) =>
    token.kind === "option" && (token.name === "field" || token.name === "typed-field")
      ? [parseField(token.value ?? "", token.name === "typed-field")]
      : [],
  );
}

interface Call {
  client: IntercomClient<ApiVersion>;
  method: string;
  path: string;
  init: {
    params: { path: Record<string, string>; query: Record<string, unknown> };
    body?: unknown;
    signal: AbortSignal;
  };
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
  const version = apiVersion(values.version);
  const fields = fieldsOf(tokens);
  const { operation, params, query } = resolveOperation(version, values.method, positionals[0]!, {
    paginate: values.paginate === true,
    body: values.input !== undefined || fields.length > 0,
  });
  const method = operation.method.toUpperCase();
  if (values.paginate && operation.pagination === null) {
    throw new UsageError(`${method} ${operation.path} is not a paginated operation; leave out --paginate.`);
  }

  const input = await readInput(values, context);
  const fieldsInBody = input === undefined && (method === "POST" || method === "PUT");
  const body = fieldsInBody && fields.length > 0 ? fieldsToBody(fields) : input;
  Object.assign(query, fieldsInBody ? {} : fieldsToQuery(fields));

  const token = await readToken(values, context);
  let client: IntercomClient<ApiVersion>;
  try {
    client = createIntercomClient({
      token,
      version,
      ...(values.region !== undefined && { region: values.region as Region }),
      ...(values["base-url"] !== undefined && { baseUrl: values["base-url"] }),
    });
  } catch (error) {
    if (error instanceof IntercomConfigError) throw new UsageError(error.message);
    throw error;
  }
  const init = { params: { path: params, query }, signal: context.signal, ...(body !== undefined && { body }) };
  return { call: { client, method, path: operation.path, init }, paginated: values.paginate === true };
}

type RawCall = (
  path: string,
  init: Call["init"] & { parseAs: "stream" },
) => Promise<{ data?: ReadableStream<Uint8Array> | null; error?: unknown; response: Response }>;

async function single({ client, method, path, init }: Call, context: CliContext): Promise<number> {
  const call = client[method as "GET" | "POST" | "PUT" | "DELETE"] as unknown as RawCall;
  const result = await call(path, { ...init, parseAs: "stream" });
  if (!result.response.ok) {
    throw intercomErrorFromResult(result, { method, url: result.response.url });
  }
  if (!result.data) return exitCodes.ok;
  const bytes = new Uint8Array(await new Response(result.data).arrayBuffer());
  const type = result.response.headers.get("content-type") ?? "";
  if (/\bjson\b/i.test(type) && bytes.length > 0) {
    const text = new TextDecoder().decode(bytes);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      await write(context.stdout.stream, text);
      return exitCodes.ok;
    }
    await write(context.stdout.stream, formatJson(value, context.stdout.isTTY));
  } else {
    await write(context.stdout.stream, bytes);
  }
  return exitCodes.ok;
}

// The path was checked against the metadata at run time, so paginate's compile-time path check does not apply.
type LoosePaginate = (client: unknown, path: string, init: unknown) => { pages(): AsyncIterable<{ data: unknown[] }> };

// NDJSON, one page's items per write, so what was printed before Ctrl-C or an error is whole lines.
async function paginated({ client, path, init }: Call, context: CliContext): Promise<number> {
  const progress = new Progress(context.stderr);
  try {
    for await (const page of (paginate as unknown as LoosePaginate)(client, path, init).pages()) {
      progress.page(page.data.length);
      if (page.data.length > 0) {
        await write(context.stdout.stream, page.data.map((item) => JSON.stringify(item)).join("\n") + "\n");
      }
    }
  } finally {
    progress.done();
  }
  return exitCodes.ok;
}

function describeError(error: IntercomError): string {
  const lines = [
    `intercom: ${error.status === undefined ? error.kind : `HTTP ${error.status} (${error.kind})`}: ${error.method} ${error.url}`,
  ];
  for (const detail of error.errors) {
    lines.push(
      `  ${detail.code}${detail.message ? `: ${detail.message}` : ""}${detail.field ? ` (field ${detail.field})` : ""}`,
    );
  }
  if (error.errors.length === 0) lines.push(`  ${error.bodyExcerpt ?? error.message}`);
  if (error.requestId) lines.push(`  request_id: ${error.requestId}`);
  return lines.join("\n") + "\n";
}

/** Runs `intercom api`; resolves to the exit code. */
export async function runApi(argv: string[], context: CliContext): Promise<number> {
  const prepared = await prepare(argv, context);
  if (!prepared) return exitCodes.ok;
  try {
    return await (prepared.paginated ? paginated : single)(prepared.call, context);
  } catch (error) {
    if (context.signal.aborted) return exitCodes.interrupted;
    if (!(error instanceof IntercomError)) throw error;
    await write(context.stderr.stream, describeError(error));
    const noResponse = error.status === undefined && (error.kind === "network" || error.kind === "timeout");
    return noResponse ? exitCodes.network : exitCodes.http;
  }
}
