// The per-operation reference in docs/operations/: one markdown page per API version and tag, made
// from the corrected description (generated/<version>/openapi.json) and the generated operation
// metadata (how each list paginates). `npm run docs:operations` writes it; a test checks it is current.
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { defaultVersion, metadata, versions } from "../../src/generated.js";
import type { Pagination } from "./fake-pages.js";
import { repoRoot } from "./spec.js";

interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  nullable?: boolean;
}

interface Parameter {
  name: string;
  in: string;
  description?: string;
  required?: boolean;
  example?: unknown;
  schema?: Schema & { example?: unknown; default?: unknown; maximum?: number };
}

interface Media {
  schema?: Schema;
  examples?: Record<string, { value?: unknown }>;
  example?: unknown;
}

interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, Media> };
  responses?: Record<string, { description?: string; content?: Record<string, Media> }>;
}

interface Document {
  paths: Record<string, Record<string, Operation>>;
}

export const docsDir = join(repoRoot, "docs", "operations");

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchor = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");

/** Intercom's page for an operation: its reference is keyed by version, tag and operationId. */
export const intercomReference = (version: string, tag: string, operationId: string) =>
  `https://developers.intercom.com/docs/references/${version}/rest-api/api.intercom.io/${slug(tag)}/${operationId.toLowerCase()}`;

/** A schema as a reader of the generated types would name it: `Schema<"contact">`, `string[]`, … */
function typeName(schema: Schema | undefined): string {
  if (!schema) return "unknown";
  if (schema.$ref) return `Schema<"${schema.$ref.split("/").at(-1)}">`;
  const union = schema.oneOf ?? schema.anyOf;
  if (union) return union.map(typeName).join(" \\| ");
  if (schema.allOf) return schema.allOf.map(typeName).join(" & ");
  if (schema.enum) {
    const values = schema.enum.map((value) => JSON.stringify(value));
    return values.length > 6 ? `${values.slice(0, 6).join(" \\| ")} \\| …` : values.join(" \\| ");
  }
  if (schema.type === "array") return `${typeName(schema.items)}[]`;
  if (schema.type === "object" && schema.properties) return `{ ${Object.keys(schema.properties).join(", ")} }`;
  return schema.type ?? "unknown";
}

/** Intercom's descriptions use Markdoc admonitions, which markdown viewers show as raw tags. */
function markdown(text: string): string {
  return text
    .replace(
      /\{%\s*admonition[^%]*?name="([^"]*)"[^%]*%\}([\s\S]*?)\{%\s*\/admonition\s*%\}/g,
      (_, name: string, body: string) =>
        "\n" +
        [`**${name}**`, ...body.trim().split("\n")]
          .map((line) => `> ${line.trim()}`.trimEnd())
          .join("\n>\n")
          .replace(/>\n>\n> \*\*/, "> **") +
        "\n",
    )
    .replace(/\{%[^%]*%\}/g, "")
    .trim();
}

const cell = (text: string) => text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");

function jsonMedia(content: Record<string, Media> | undefined): Media | undefined {
  return content?.["application/json"];
}

function exampleOf(media: Media | undefined): unknown {
  if (!media) return undefined;
  return media.example ?? Object.values(media.examples ?? {})[0]?.value;
}

function placeholder(parameter: Parameter): unknown {
  const example = parameter.example ?? parameter.schema?.example;
  if (example !== undefined) return parameter.in === "path" ? String(example) : example;
  const type = parameter.schema?.type;
  return type === "integer" || type === "number" ? 1 : type === "boolean" ? true : "…";
}

function callExample(method: string, path: string, operation: Operation, paginated: boolean): string {
  const required = (operation.parameters ?? []).filter((p) => p.required && p.in !== "header");
  const params: Record<string, Record<string, unknown>> = {};
  for (const p of required) (params[p.in] ??= {})[p.name] = placeholder(p);
  const init: Record<string, unknown> = {};
  if (Object.keys(params).length > 0) init.params = params;
  const body = exampleOf(jsonMedia(operation.requestBody?.content));
  if (operation.requestBody?.required || body !== undefined) init.body = body ?? {};
  const args = [JSON.stringify(path), ...(Object.keys(init).length > 0 ? [JSON.stringify(init, null, 2)] : [])];
  const call = paginated
    ? `for await (const item of paginate(intercom, ${args.join(", ")})) {\n  console.log(item);\n}`
    : `const { data, error } = await intercom.${method.toUpperCase()}(${args.join(", ")});`;
  return [
    "```ts",
    `import { createIntercomClient${paginated ? ", paginate" : ""} } from "intercom-fetch";`,
    "",
    "const intercom = createIntercomClient(); // token from INTERCOM_ACCESS_TOKEN",
    call,
    "```",
  ].join("\n");
}

/** An entry of the generated operation table, widened. */
interface OperationMeta {
  method: string;
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  pagination: Omit<Pagination, "method"> | null;
}

function paginationText(meta: OperationMeta): string {
  const p = meta.pagination;
  if (!p) return "not a list.";
  const styles: Record<string, string> = {
    single: "the whole list in one response",
    cursor: "cursor: `per_page` and `starting_after` in the query",
    search: "cursor: `pagination: { per_page, starting_after }` in the body",
    page: "page numbers: `page` and `per_page` in the query",
    link: "next link: the `pages.next` URL",
    scroll: "scroll: `scroll_param` until an empty page",
  };
  const size = p.perPage
    ? ` Page size: default ${p.perPage.default ?? "set by the server"}${p.perPage.max ? `, at most ${p.perPage.max}` : ""}.`
    : "";
  const next = p.next ? `, next page from \`${p.next}\`` : "";
  return `${styles[p.style] ?? p.style}; items in \`${p.items}\`${next}.${size} \`paginate(intercom, "${meta.path}")\` iterates every item.`;
}

function operationSection(version: string, meta: OperationMeta, operation: Operation): string {
  const lines: string[] = [];
  lines.push(`## ${meta.summary}`, "");
  lines.push(`\`${meta.method.toUpperCase()} ${meta.path}\` · operationId \`${meta.operationId}\``, "");
  if (operation.description) lines.push(markdown(operation.description), "");

  const parameters = (operation.parameters ?? []).filter((p) => p.in !== "header");
  if (parameters.length > 0) {
    lines.push("| parameter | in | type | required | description |", "| --- | --- | --- | --- | --- |");
    for (const p of parameters) {
      lines.push(
        `| \`${p.name}\` | ${p.in} | \`${cell(typeName(p.schema))}\` | ${p.required ? "yes" : "no"} | ${cell(p.description ?? "")} |`,
      );
    }
    lines.push("");
  }
  const request = jsonMedia(operation.requestBody?.content);
  if (request) {
    lines.push(
      `**Request body**${operation.requestBody?.required ? "" : " (optional)"}: \`${typeName(request.schema)}\``,
      "",
    );
  }
  const responses = Object.entries(operation.responses ?? {}).map(([status, response]) => {
    const media = jsonMedia(response.content);
    const description = cell(response.description ?? "").replace(/\.$/, "");
    return `- \`${status}\` ${description}${media ? `: \`${typeName(media.schema)}\`` : ""}`;
  });
  if (responses.length > 0) lines.push("**Responses**", "", ...responses, "");
  lines.push(`**Pagination**: ${paginationText(meta)}`, "");
  lines.push(
    version === defaultVersion
      ? `**Types**: \`operations["${meta.operationId}"]\` and \`paths["${meta.path}"]\` from \`intercom-fetch\`.`
      : `**Types**: a client created with \`version: "${version}"\` types this call; schemas are \`Schema<"name", "${version}">\`.`,
    "",
  );
  lines.push(
    callExample(meta.method, meta.path, operation, meta.pagination !== null && meta.pagination.style !== "single"),
    "",
  );
  lines.push(`[Intercom's reference](${intercomReference(version, meta.tag, meta.operationId)})`, "");
  return lines.join("\n");
}

/** Every file of docs/operations/, path → unformatted markdown. */
export function renderOperationDocs(): Map<string, string> {
  const files = new Map<string, string>();
  const index: string[] = [
    "# Operation reference",
    "",
    "Generated by `npm run docs:operations` from the corrected OpenAPI description of each API version; do not edit by hand.",
    "Every operation also takes the `Intercom-Version` header, which the client sets from its `version`.",
    "",
  ];
  for (const version of versions) {
    const spec = JSON.parse(readFileSync(join(repoRoot, "generated", version, "openapi.json"), "utf8")) as Document;
    const operations = metadata[version].operations as readonly OperationMeta[];
    const tags = [...new Set(operations.map((op) => op.tag))].sort();
    index.push(`## API ${version}`, "");
    for (const tag of tags) {
      const ops = operations.filter((op) => op.tag === tag);
      const file = `${version}/${slug(tag)}.md`;
      index.push(`- [${tag}](${file})`);
      for (const op of ops) {
        index.push(`  - [\`${op.method.toUpperCase()} ${op.path}\`](${file}#${anchor(op.summary)}): ${op.summary}`);
      }
      const page = [
        `# ${tag} (API ${version})`,
        "",
        `[All operations](../README.md) · generated by \`npm run docs:operations\` from the corrected description; do not edit by hand.`,
        "",
        ...ops.map((op) => operationSection(version, op, spec.paths[op.path]![op.method]!)),
      ];
      files.set(join(docsDir, file), page.join("\n"));
    }
    index.push("");
  }
  files.set(join(docsDir, "README.md"), index.join("\n"));
  return files;
}
