// A rule of the rule layer (scripts/lib/rules.ts) whose evidence is the description itself: a
// success-response example is a recording of what the API answered, so the response types must accept
// it. 2.11 marks fields required that its own examples omit (`admin.job_title`, `company.size`,
// `ticket_part.body`) and carries `null` where the schema is not nullable (`conversation.statistics`).
import { deref, eachOperation, type OpenApiDocument } from "./openapi.js";

type Node = OpenApiDocument;

const isObject = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every success-response example value, with the schema it claims to follow. */
function recordings(spec: OpenApiDocument): { operation: string; schema: unknown; value: unknown }[] {
  return eachOperation(spec).flatMap(({ method, path, operation }) =>
    Object.entries<Node>(operation.responses ?? {})
      .filter(([status]) => /^2\d\d$/.test(status))
      .flatMap(([, response]) => Object.values<Node>(deref(spec, response)?.content ?? {}))
      .flatMap((media) => {
        const named = Object.values<Node>(media.examples ?? {}).map((e) => deref(spec, e)?.value);
        return [media.example, ...named]
          .filter((value) => value !== undefined)
          .map((value) => ({ operation: `${method.toUpperCase()} ${path}`, schema: media.schema, value }));
      }),
  );
}

/**
 * The object schemas a value is checked against: through `$ref` and `allOf`, never into a
 * `oneOf`/`anyOf` branch (the value belongs to one of them; loosening the others would be a guess).
 */
function shapes(spec: OpenApiDocument, schema: unknown, seen = new Set<Node>()): Node[] {
  const s = deref(spec, schema);
  if (!s || seen.has(s)) return [];
  seen.add(s);
  return [s, ...(s.allOf ?? []).flatMap((branch: unknown) => shapes(spec, branch, seen))];
}

/** `{ $ref, nullable }` → `{ allOf: [{ $ref }], nullable: true }`: OpenAPI 3.0 ignores siblings of `$ref`. */
function makeNullable(property: Node): void {
  if (typeof property.$ref === "string") {
    const { $ref, nullable: _, ...siblings } = property;
    for (const key of Object.keys(property)) delete property[key];
    Object.assign(property, siblings, { allOf: [{ $ref }], nullable: true });
  } else {
    property.nullable = true;
  }
}

function loosen(spec: OpenApiDocument, schema: unknown, value: unknown, at: string, changed: Set<string>): void {
  if (Array.isArray(value)) {
    const items = shapes(spec, schema).map((s) => s.items);
    for (const [i, item] of value.entries()) for (const it of items) loosen(spec, it, item, `${at}/${i}`, changed);
    return;
  }
  if (!isObject(value)) return;
  for (const shape of shapes(spec, schema)) {
    const omitted = ((shape.required ?? []) as string[]).filter((name) => !(name in value));
    if (omitted.length > 0) {
      shape.required = (shape.required as string[]).filter((name) => !omitted.includes(name));
      if (shape.required.length === 0) delete shape.required;
      for (const name of omitted) changed.add(`${at}/${name} optional`);
    }
    for (const [key, v] of Object.entries(value)) {
      const property = shape.properties?.[key];
      if (!isObject(property)) continue;
      // Beside a `$ref`, `nullable` is ignored: only the schema it points at counts. Only the property is
      // made nullable, never a shared schema.
      const acceptsNull = typeof property.$ref === "string" ? deref(spec, property)?.nullable : property.nullable;
      if (v === null && acceptsNull !== true) {
        makeNullable(property);
        changed.add(`${at}/${key} nullable`);
      } else {
        loosen(spec, property, v, `${at}/${key}`, changed);
      }
    }
  }
}

/** A success-response example omits a required field, or carries `null` where the schema says no. */
export const responsesAsRecorded = {
  name: "responses as their examples recorded them",
  why:
    "A success-response example is what the API answered, yet some schemas require fields their own " +
    "examples omit, or forbid the null they carry, so the generated type promises what the API does not " +
    "send. A field a success-response example omits is optional; one it carries as null is nullable " +
    "(`oneOf`/`anyOf` branches are left alone: the example belongs to one of them).",
  apply(spec: OpenApiDocument): string[] {
    const changed = new Set<string>();
    for (const { operation, schema, value } of recordings(spec)) loosen(spec, schema, value, operation, changed);
    return [...changed];
  },
};
