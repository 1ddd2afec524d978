// What the CLI reads besides its arguments: the request body (`--input`), the token
// (`--token-stdin`) and field values from files (`-F key=@file`, `@-` for stdin). Stdin can feed
// only one of them, which is checked before anything is read.
import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { UsageError } from "./exit.js";
import type { Field } from "./fields.js";

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/** Far longer than any access token: a first line longer than this is not one (e.g. a file piped by mistake). */
const maxLineChars = 64 * 1024;

// Stops at the first newline, so a token typed at a terminal needs no Ctrl-D.
export async function readFirstLine(stream: Readable, what: string): Promise<string> {
  let text = "";
  for await (const chunk of stream) {
    text += Buffer.from(chunk).toString("utf8");
    if (text.includes("\n")) break;
    if (text.length > maxLineChars) {
      stream.destroy();
      throw new UsageError(
        `${what}: the first line of stdin is longer than ${maxLineChars} characters; it is not a token.`,
      );
    }
  }
  return text.split(/\r?\n/, 1)[0]!;
}

/** The text of `source`: a file path, or `-` for stdin. */
export async function readSource(source: string, stdin: Readable, what: string): Promise<string> {
  if (source === "-") return readAll(stdin);
  try {
    return await readFile(source, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${JSON.stringify(source)}: ${(error as Error).message}`);
  }
}

export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not JSON: ${(error as Error).message}`);
  }
}

/** `-F key=@file`: the file's text (a string, as `gh api` sends it); `-f` values stay literal. */
const fileOf = (field: Field) => (field.typed && field.value.startsWith("@") ? field.value.slice(1) : undefined);

/** The names of the options that want stdin, e.g. `["--input -", "-F note=@-"]`. */
export function stdinReaders(fields: readonly Field[], options: { input?: string; tokenStdin?: boolean }): string[] {
  return [
    ...(options.input === "-" ? ["--input -"] : []),
    ...(options.tokenStdin ? ["--token-stdin"] : []),
    ...fields.filter((field) => fileOf(field) === "-").map((field) => `-F ${field.key}=@-`),
  ];
}

export function checkOneStdinReader(readers: readonly string[]): void {
  if (readers.length > 1)
    throw new UsageError(`${readers.join(" and ")} cannot all read stdin; use a file for all but one.`);
}

/** The fields with each `@file` value replaced by the file's text. */
export async function readFieldFiles(fields: readonly Field[], stdin: Readable): Promise<Field[]> {
  return Promise.all(
    fields.map(async (field) => {
      const file = fileOf(field);
      if (file === undefined) return field;
      if (file === "") throw new UsageError(`-F ${field.key}=@ names no file; use @PATH, or @- for stdin.`);
      return { key: field.key, value: await readSource(file, stdin, `-F ${field.key}`), typed: false };
    }),
  );
}
