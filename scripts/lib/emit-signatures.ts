// Precomputed call signatures: for each method, a map from path to what a call with that path takes
// and returns, written out once by codegen so the compiler looks a call up instead of deriving it.
// openapi-fetch derives the same at every call site (MaybeOptionalInit, FetchResponse, Readable over
// the whole response type), which made 15 calls cost ~190,000 type instantiations (issue 12). The
// semantics are openapi-fetch's (node_modules/openapi-fetch/dist/index.d.ts): `params` is required
// when a parameter is, `body` when the request body is, `data` is the union of the 2XX contents and
// `error` that of the error statuses openapi-typescript-helpers' `ErrorStatus` lists.
import type { OpenApiDocument } from "./spec.js";
import { versionedName } from "./version-names.js";

/** The methods the client has (`GET`, `POST`, `PUT`, `DELETE`). */
export const CLIENT_METHODS = ["get", "post", "put", "delete"] as const;

// openapi-typescript-helpers' OkStatus and ErrorStatus (node_modules/openapi-typescript-helpers/dist/index.d.ts).
const okStatuses = new Set(["200", "201", "202", "203", "204", "206", "207", "2XX"]);
const errorStatuses = new Set([
  ...["500", "501", "502", "503", "504", "505", "506", "507", "508", "510", "511", "5XX"],
  ...Array.from({ length: 32 }, (_, i) => String(400 + i)).filter((s) => s !== "419"),
  ...["444", "450", "451", "497", "498", "499", "4XX", "default"],
]);

/** Follows local `$ref`s to the node they name. */
function deref(spec: OpenApiDocument, node: OpenApiDocument | undefined): OpenApiDocument | undefined {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === "string" && hops < 20; hops++) {
    const keys = (current.$ref as string)
      .replace(/^#\//, "")
      .split("/")
      .map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"));
    current = keys.reduce<OpenApiDocument | undefined>((n, k) => n?.[k], spec);
  }
  return current;
}

const key = (name: string) => JSON.stringify(name);

/** The content types of a request body or response, as a union of indexed accesses into `base`. */
function contentUnion(base: string, content: OpenApiDocument | undefined, empty: string): string {
  const media = Object.keys(content ?? {});
  return media.length === 0 ? empty : media.map((m) => `${base}["content"][${key(m)}]`).join(" | ");
}

function responseUnion(spec: OpenApiDocument, op: string, responses: OpenApiDocument, statuses: Set<string>): string {
  const parts = Object.entries(responses ?? {})
    .filter(([status]) => statuses.has(status))
    // A response without content is `content?: never` in openapi-typescript: openapi-fetch reads `undefined`.
    .map(([status, response]) =>
      contentUnion(`${op}["responses"][${key(status)}]`, deref(spec, response)?.content, "undefined"),
    );
  return parts.length === 0 ? "never" : [...new Set(parts)].join(" | ");
}

interface Signature {
  /** The `init` argument as a labelled one-element tuple, with `Options` intersected in. */
  args: string;
  data: string;
  error: string;
}

function signature(spec: OpenApiDocument, pathItem: OpenApiDocument, operation: OpenApiDocument): Signature {
  const op = `operations[${key(operation.operationId)}]`;
  const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) => deref(spec, p));
  const paramsRequired = parameters.some((p) => p?.in === "path" || p?.required === true);
  const requestBody = deref(spec, operation.requestBody);
  const bodyRequired = requestBody?.required === true;
  const body = !requestBody
    ? "body?: never"
    : bodyRequired
      ? `body: ${contentUnion(`${op}["requestBody"]`, requestBody.content, "never")}`
      : `body?: ${contentUnion(`NonNullable<${op}["requestBody"]>`, requestBody.content, "never")}`;
  const init = `Options & { params${paramsRequired ? "" : "?"}: ${op}["parameters"]; ${body} }`;
  // The label says in editors' signature help what makes `init` required.
  const required = [paramsRequired && "params", bodyRequired && "body"].filter(Boolean).join("_and_");
  return {
    args: required ? `[init_with_${required}: ${init}]` : `[init?: ${init}]`,
    data: responseUnion(spec, op, operation.responses, okStatuses),
    error: responseUnion(spec, op, operation.responses, errorStatuses),
  };
}

/** `NonNullable<…>` at each step of a dotted items path such as `data.articles`, then the element type. */
function itemType(data: string, items: string): string {
  return `${items.split(".").reduce((t, k) => `NonNullable<${t}[${key(k)}]>`, `NonNullable<${data}>`)}[number]`;
}

/** The name of a version's signature interface, unique across versions so bundlers need not rename it. */
export const signaturesName = (version: string) => `CallsV${version.replace(/\W/g, "_")}`;

/**
 * generated/<version>/calls.ts: `CallsV<version><Options>`, whose `get`/`post`/`put`/`delete` map each
 * path of that method to `{ args, data, error }`, and whose `list` maps each list operation's path to
 * its `method`, `args`, `body` and `item`. `Options` is the client's own per-request options.
 */
export function signaturesModule(
  spec: OpenApiDocument,
  version: string,
  lists: Record<string, { method: string; items: string }>,
): string {
  const name = signaturesName(version);
  const methods = CLIENT_METHODS.map((method) => {
    const entries = Object.entries(spec.paths ?? {}).flatMap(([path, item]) => {
      const operation = (item as OpenApiDocument)[method];
      if (!operation) return [];
      const s = signature(spec, item as OpenApiDocument, operation);
      return [`    ${key(path)}: {\n      args: ${s.args};\n      data: ${s.data};\n      error: ${s.error};\n    };`];
    });
    return `  /** The paths that take ${method.toUpperCase()}, each with its call's \`init\` argument and result. */\n  ${method}: {\n${entries.join("\n")}\n  };`;
  });
  const listEntries = Object.entries(lists).map(([path, { method, items }]) => {
    const call = `${name}<Options>[${key(method)}][${key(path)}]`;
    return (
      `    ${key(path)}: {\n      method: ${key(method)};\n      args: ${call}["args"];\n` +
      `      body: NonNullable<${call}["data"]>;\n      item: ${itemType(`${call}["data"]`, items)};\n    };`
    );
  });
  return (
    `import type { ${versionedName("operations", version)} as operations } from "./types.js";\n\n` +
    `/** API ${version}'s calls, precomputed: what \`intercom.GET(path, init)\` and the others look up. */\n` +
    `export interface ${name}<Options> {\n${methods.join("\n")}\n` +
    `  /** The list operations \`paginate\` takes, with the type of one item. */\n  list: {\n${listEntries.join("\n")}\n  };\n}\n`
  );
}
