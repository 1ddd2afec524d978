// `intercom operations [--tag T]`: the operations of an API version, from the generated metadata.
import { parseArgs } from "node:util";
import { exitCodes, UsageError } from "./exit.js";
import { type CliContext, write } from "./output.js";
import { metadata } from "../generated.js";
import { type OperationMeta, apiVersion } from "./resolve.js";

/** The operation reference (docs/operations/, `npm run docs:operations`): the index, or one tag's page. */
function operationDocsUrl(version?: string, tag?: string): string {
  const slug = tag
    ?.toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `https://github.com/intercom-fetch/intercom-fetch/blob/main/docs/operations/${slug ? `${version}/${slug}.md` : "README.md"}`;
}

export const operationsUsage = `Usage: intercom operations [--tag TAG] [--api-version VERSION]

Lists the operations of an API version: method, path, summary, and how it paginates ("-": not a
list). On a terminal the columns are aligned, followed by a link to the reference; otherwise they
are tab-separated. Each operation's parameters, types and an example call:
${operationDocsUrl()}`;

export async function runOperations(argv: string[], context: CliContext): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { tag: { type: "string" }, "api-version": { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    await write(context.stdout.stream, `${operationsUsage}\n`);
    return exitCodes.ok;
  }
  const version = apiVersion(values["api-version"]);
  const all: readonly OperationMeta[] = metadata[version].operations;
  const tag = values.tag?.toLowerCase();
  const selected = tag === undefined ? all : all.filter((operation) => operation.tag.toLowerCase() === tag);
  if (selected.length === 0) {
    const tags = [...new Set(all.map((operation) => operation.tag))].sort().join(", ");
    throw new UsageError(`no operations are tagged ${JSON.stringify(values.tag)}; tags: ${tags}.`);
  }
  const rows = selected.map((operation) => [
    operation.method.toUpperCase(),
    operation.path,
    operation.summary,
    operation.pagination?.style ?? "-",
  ]);
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    context.stdout.isTTY
      ? row
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join("  ")
          .trimEnd()
      : row.join("\t");
  // The link only on a terminal: piped output stays one operation per line.
  const reference = context.stdout.isTTY
    ? `\nReference: ${tag === undefined ? operationDocsUrl() : operationDocsUrl(version, selected[0]!.tag)}\n`
    : "";
  await write(context.stdout.stream, rows.map(line).join("\n") + "\n" + reference);
  return exitCodes.ok;
}
