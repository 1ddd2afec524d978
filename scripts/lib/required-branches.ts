// JSON Schema's "at least one of these" idiom, `anyOf: [{ required: [id] }, { required: [user_id] }]`
// beside `properties`, comes out of openapi-typescript as `{ ... } | unknown | unknown`, i.e. `unknown`:
// any value would compile. For the types only (the mock and spec:check read the spec as it is), such a
// schema is rewritten as `allOf: [itself without the branches, anyOf: [{ id }, { user_id }]]`, which
// openapi-typescript renders as `{ ... } & ({ id: string } | { user_id: string })`.
import type { OpenApiDocument } from "./spec.js";

const isRequiredOnly = (branch: unknown): branch is { required: string[] } =>
  typeof branch === "object" &&
  branch !== null &&
  Object.keys(branch).every((k) => k === "required" || k === "title") &&
  Array.isArray((branch as { required?: unknown }).required);

function rewrite(node: OpenApiDocument): void {
  for (const key of ["anyOf", "oneOf"] as const) {
    const branches: unknown = node[key];
    if (!node.properties || !Array.isArray(branches) || !branches.every(isRequiredOnly)) continue;
    const { [key]: _, description, ...base } = node;
    const alternatives = branches.map(({ required }) => ({
      type: "object",
      required,
      properties: Object.fromEntries(required.map((name) => [name, node.properties[name] ?? {}])),
    }));
    for (const k of Object.keys(node)) delete node[k];
    Object.assign(node, description === undefined ? {} : { description }, {
      allOf: [base, { [key]: alternatives }],
    });
    return;
  }
}

function walk(value: unknown): void {
  if (typeof value !== "object" || value === null) return;
  for (const child of Object.values(value)) walk(child);
  if (!Array.isArray(value)) rewrite(value as OpenApiDocument);
}

/** A copy of `spec` whose required-only branches are typeable (see above). */
export function typeableRequiredBranches(spec: OpenApiDocument): OpenApiDocument {
  const copy = structuredClone(spec);
  walk(copy);
  return copy;
}
