// Default responses for intercom-fetch/testing: each operation's success status and the first example
// body the spec gives for it, so a fake Intercom answers every route realistically with no setup.
// Kept in their own generated modules (not operations.ts) so the main entry never bundles them.
import {
  GENERATED_BANNER as banner,
  eachOperation,
  jsonMedia,
  successResponse,
  type OpenApiDocument,
} from "./openapi.js";

export interface ExampleResponse {
  status: number;
  /** Absent when the spec's success response has no body (e.g. `202` from `POST /events`). */
  body?: unknown;
}

/** `"get /contacts/{id}"` → the success status and example body, for every operation that has one. */
export function listExamples(spec: OpenApiDocument): Record<string, ExampleResponse> {
  const examples: Record<string, ExampleResponse> = {};
  for (const { method, path, operation } of eachOperation(spec)) {
    const success = successResponse(spec, operation);
    if (!success) continue;
    const { status, response } = success;
    const media = jsonMedia(response.content);
    if (!media) {
      examples[`${method} ${path}`] = { status };
      continue;
    }
    const named = Object.values(media.examples ?? {}) as { value?: unknown }[];
    const body = media.example ?? named.find((e) => e.value !== undefined)?.value;
    // An operation whose body has no example gets no default: the fake says so instead of inventing one.
    if (body !== undefined) examples[`${method} ${path}`] = { status, body };
  }
  return examples;
}

/** `generated/<version>/examples.ts`. */
export function examplesModule(spec: OpenApiDocument): string {
  return (
    banner +
    `/** Each operation's success status and example body from the spec, by \`"<method> <path>"\`. */\n` +
    `export const examples: Record<string, { status: number; body?: unknown }> = ${JSON.stringify(listExamples(spec))};\n`
  );
}

/** `generated/examples.ts`: the examples of every version. */
export function examplesIndexModule(versions: string[]): string {
  const id = (v: string) => `v${v.replace(/\W/g, "_")}Examples`;
  return (
    banner +
    versions.map((v) => `import { examples as ${id(v)} } from "./${v}/examples.js";`).join("\n") +
    `\n\nexport const examplesByVersion = {\n${versions.map((v) => `  ${JSON.stringify(v)}: ${id(v)},`).join("\n")}\n};\n`
  );
}
