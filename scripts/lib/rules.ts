// The rule layer: corrections for whole CLASSES of defects in Intercom's descriptions, applied after
// the overlay to every version (a new version inherits them with no per-field overlay action). The
// overlay keeps the specific facts (a schema's real shape, a typo, a wrapper); a rule encodes one
// thing the generated types must never say, found by its shape. Each rule returns what it changed,
// so `npm run generate` can report it and the tests can pin it. README "Regenerating and the
// overlay" lists the rules; CONTRIBUTING.md "The rule layer" explains each.
import { deref, eachOperation, type OpenApiDocument } from "./openapi.js";
import { responsesAsRecorded } from "./rules-from-responses.js";

type Node = OpenApiDocument;

export interface Rule {
  name: string;
  /** Why the class of defect is corrected, for the report and the docs. */
  why: string;
  /** Mutates `spec`; returns one line per change (a JSON-pointer-like location). */
  apply(spec: OpenApiDocument): string[];
}

/** Marks an object schema the API really takes empty (`{}`), which the empty-object rule then leaves alone. */
export const EMPTY_OBJECT_MARK = "x-intercom-fetch-empty-object";
/** Lists the properties of a returned schema that the type-and-id rule must leave optional (an overlay fact). */
export const OPTIONAL_MARK = "x-intercom-fetch-optional";

const isObject = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);
const schemaName = (ref: string) => ref.replace(/^#\/components\/schemas\//, "");
const isIdName = (name: string) => name === "id" || name.endsWith("_id");

/** The media-type objects of an operation's success responses and of its request body. */
function successMedia(spec: OpenApiDocument, op: Node): Node[] {
  return Object.entries<Node>(op.responses ?? {})
    .filter(([status]) => /^2\d\d$/.test(status))
    .flatMap(([, response]) => Object.values<Node>(deref(spec, response)?.content ?? {}));
}
const requestMedia = (spec: OpenApiDocument, op: Node): Node[] =>
  Object.values<Node>(deref(spec, op.requestBody)?.content ?? {});

/** Names of the component schemas reachable from `roots` through `$ref`s. */
function reachableSchemas(spec: OpenApiDocument, roots: unknown[]): Set<string> {
  const seen = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isObject(node)) return;
    if (typeof node.$ref === "string" && node.$ref.startsWith("#/components/schemas/")) {
      const name = schemaName(node.$ref);
      if (seen.has(name)) return;
      seen.add(name);
      walk(spec.components?.schemas?.[name]);
    }
    for (const [key, child] of Object.entries(node)) if (key !== "example" && key !== "examples") walk(child);
  };
  roots.forEach(walk);
  return seen;
}

/** Every schema object of the description with its location, depth first (examples skipped). */
function* schemaNodes(node: unknown, at: string): Generator<[Node, string]> {
  if (Array.isArray(node)) {
    for (const [i, child] of node.entries()) yield* schemaNodes(child, `${at}/${i}`);
    return;
  }
  if (!isObject(node)) return;
  yield [node, at];
  for (const [key, child] of Object.entries(node)) {
    if (key !== "example" && key !== "examples") yield* schemaNodes(child, `${at}/${key}`);
  }
}

// ---------------------------------------------------------------------------------------------

/** `/admins/{id}/away` with `id: integer`, while every admin the API returns has a string id. */
const integerPathIds: Rule = {
  name: "integer path ids",
  why:
    "Responses carry ids as strings (admin.id, conversation.id, article.id), yet path ids are often typed " +
    "integer, so an id read from a response could not be passed back. A path id typed integer accepts a " +
    "string too (openapi-fetch puts either into the URL).",
  apply(spec) {
    const changed: string[] = [];
    for (const { method, path, pathItem: item, operation: op } of eachOperation(spec)) {
      for (const param of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        const p = deref(spec, param);
        if (p?.in !== "path" || !isIdName(p.name) || p.schema?.type !== "integer") continue;
        const { type: _, format: __, ...rest } = p.schema;
        p.schema = { ...rest, anyOf: [{ type: "string" }, { type: "integer" }] };
        changed.push(`${method.toUpperCase()} ${path} path ${p.name}`);
      }
    }
    return changed;
  },
};

/** `type: object` with nothing else, which openapi-typescript turns into `Record<string, never>`. */
const emptyObjectMaps: Rule = {
  name: "empty-object maps",
  why:
    "An object schema with no properties means 'keys not documented here' (custom_attributes, metadata), " +
    "but openapi-typescript types it Record<string, never>, which accepts only {}. It becomes a map of " +
    `unknown values, unless marked \`${EMPTY_OBJECT_MARK}: true\` (an API that really takes {}). Maps whose ` +
    "values are documented are typed in the overlay.",
  apply(spec) {
    const changed: string[] = [];
    for (const [node, at] of schemaNodes(spec.components?.schemas, "#/components/schemas")) {
      if (!isEmptyObjectSchema(node)) continue;
      node.additionalProperties = {};
      changed.push(at);
    }
    for (const { method, path, operation: op } of eachOperation(spec)) {
      const media = [...successMedia(spec, op), ...requestMedia(spec, op)];
      for (const [node] of media.flatMap((m) => [...schemaNodes(m.schema, "")])) {
        if (!isEmptyObjectSchema(node)) continue;
        node.additionalProperties = {};
        changed.push(`${method.toUpperCase()} ${path}`);
      }
    }
    return changed;
  },
};

export function isEmptyObjectSchema(node: Node): boolean {
  return (
    node.type === "object" &&
    node[EMPTY_OBJECT_MARK] !== true &&
    ["properties", "additionalProperties", "allOf", "anyOf", "oneOf", "$ref"].every((k) => node[k] === undefined)
  );
}

/** `admin_with_app: { nullable: true, ... }`, so `GET /me` answers `Admin | null`. */
const nullableRoots: Rule = {
  name: "nullable roots",
  why:
    "Many component schemas are nullable at their root because some property that refers to them may be " +
    "null; that made whole responses `T | null` (GET /me, POST /tickets). The schema itself becomes " +
    "non-nullable and every reference to it outside a request or response root becomes `allOf: [$ref]` " +
    "with `nullable: true`, so each property that could be null still is.",
  apply(spec) {
    const schemas: Record<string, Node> = spec.components?.schemas ?? {};
    const nullable = new Set(Object.keys(schemas).filter((name) => schemas[name]!.nullable === true));
    const changed = [...nullable].map((name) => `#/components/schemas/${name}`);
    for (const name of nullable) delete schemas[name]!.nullable;
    // Body roots: media-type `schema`s, which stay plain references (and lose an inline `nullable`).
    const roots = new Set<Node>();
    for (const { method, path, operation: op } of eachOperation(spec)) {
      for (const media of [...successMedia(spec, op), ...requestMedia(spec, op)]) {
        if (!isObject(media.schema)) continue;
        roots.add(media.schema);
        // `oneOf: [{ $ref: create_contact_request }]` (POST /contacts): its members are roots too.
        for (const member of [...(media.schema.oneOf ?? []), ...(media.schema.anyOf ?? [])]) roots.add(member);
        if (media.schema.nullable === true && media.schema.$ref === undefined) {
          delete media.schema.nullable;
          changed.push(`${method.toUpperCase()} ${path} body`);
        }
      }
    }
    const wrap = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(wrap);
      if (!isObject(node)) return;
      for (const [key, child] of Object.entries(node)) {
        if (key === "example" || key === "examples") continue;
        if (isObject(child) && typeof child.$ref === "string" && !roots.has(child)) {
          if (nullable.has(schemaName(child.$ref))) {
            const { $ref, ...siblings } = child;
            node[key] = { ...siblings, allOf: [{ $ref }], nullable: true };
          }
        } else if (Array.isArray(child) && ["allOf", "anyOf", "oneOf"].includes(key)) {
          // A union member that was nullable keeps the union nullable; an allOf member adds nothing.
          node[key] = child.map((member: unknown) =>
            isObject(member) && typeof member.$ref === "string" && nullable.has(schemaName(member.$ref))
              ? key === "allOf" || roots.has(member)
                ? member
                : { allOf: [member], nullable: true }
              : member,
          );
          (node[key] as unknown[]).forEach(wrap);
        } else {
          wrap(child);
        }
      }
    };
    wrap(spec.components);
    wrap(spec.paths);
    return changed;
  },
};

/** `contact.id` and `contact.type` optional, so every id read from a response is `string | undefined`. */
const resourceTypeAndId: Rule = {
  name: "required type and id",
  why:
    "Every object the API returns carries its `type` and `id`, but the descriptions list neither as " +
    "required, so `me.id` was `string | undefined`. A component schema reachable from a success response " +
    "(and from no request body) that declares both `type` and `id` requires them, unless the overlay " +
    `lists one under \`${OPTIONAL_MARK}\` with its evidence.`,
  apply(spec) {
    const ops = eachOperation(spec);
    const returned = reachableSchemas(
      spec,
      ops.flatMap(({ operation: op }) => successMedia(spec, op).map((m) => m.schema)),
    );
    const sent = reachableSchemas(
      spec,
      ops.flatMap(({ operation: op }) => requestMedia(spec, op).map((m) => m.schema)),
    );
    const changed: string[] = [];
    for (const name of returned) {
      const schema = spec.components.schemas[name] as Node | undefined;
      if (sent.has(name) || !schema?.properties?.type || !schema.properties.id) continue;
      const required: string[] = schema.required ?? [];
      const optional: string[] = schema[OPTIONAL_MARK] ?? [];
      const missing = ["type", "id"].filter((k) => !required.includes(k) && !optional.includes(k));
      if (missing.length === 0) continue;
      schema.required = [...required, ...missing];
      changed.push(`#/components/schemas/${name} ${missing.join(", ")}`);
    }
    return changed;
  },
};

/** `requestBody` without `required: true`, so `POST("/tickets")` compiled with no body at all. */
const requiredRequestBodies: Rule = {
  name: "required request bodies",
  why:
    "No request body is declared `required`, so openapi-typescript makes every `body` optional. A body " +
    "whose schema requires a field (in every branch of a oneOf/anyOf) cannot be omitted.",
  apply(spec) {
    const changed: string[] = [];
    for (const { method, path, operation: op } of eachOperation(spec)) {
      const body = deref(spec, op.requestBody);
      if (!body || body.required === true) continue;
      const schemas = Object.values<Node>(body.content ?? {}).map((m) => m.schema);
      if (schemas.length === 0 || !schemas.every((s) => demandsSomething(spec, s))) continue;
      body.required = true;
      changed.push(`${method.toUpperCase()} ${path}`);
    }
    return changed;
  },
};

function demandsSomething(spec: OpenApiDocument, schema: unknown, depth = 0): boolean {
  const s = deref(spec, schema);
  if (!s || depth > 10) return false;
  if (Array.isArray(s.required) && s.required.length > 0) return true;
  if ((s.allOf ?? []).some((b: unknown) => demandsSomething(spec, b, depth + 1))) return true;
  const branches = [...(s.oneOf ?? []), ...(s.anyOf ?? [])];
  return branches.length > 0 && branches.every((b: unknown) => demandsSomething(spec, b, depth + 1));
}

/** `admin_id: string` in a request body whose own examples send `admin_id: 991267921`. */
const requestIdsFromExamples: Rule = {
  name: "request ids as the examples send them",
  why:
    "Intercom's request examples send many ids as integers (`admin_id: 991267921`) where the schema says " +
    "string, and responses carry the same ids as strings. A request-body id property typed string that " +
    "an example of the same description sends as an integer accepts both (the API does).",
  apply(spec) {
    const ops = eachOperation(spec);
    const returned = reachableSchemas(
      spec,
      ops.flatMap(({ operation: op }) => successMedia(spec, op).map((m) => m.schema)),
    );
    const widen = new Map<Node, string>();
    for (const { method, path, operation: op } of ops) {
      for (const media of requestMedia(spec, op)) {
        for (const value of exampleValues(spec, media)) {
          collectIntegerIds(spec, [media.schema], value, `${method.toUpperCase()} ${path}`, returned, widen);
        }
      }
    }
    for (const node of widen.keys()) {
      const { type: _, format, minLength, maxLength, pattern, ...rest } = node;
      const asString = Object.fromEntries(
        Object.entries({ type: "string", format, minLength, maxLength, pattern }).filter(([, v]) => v !== undefined),
      );
      for (const key of Object.keys(node)) delete node[key];
      Object.assign(node, rest, { anyOf: [asString, { type: "integer" }] });
    }
    return [...new Set(widen.values())];
  },
};

function exampleValues(spec: OpenApiDocument, media: Node): unknown[] {
  const named = Object.values<Node>(media.examples ?? {}).map((e) => deref(spec, e)?.value);
  return [media.example, ...named].filter((v) => v !== undefined);
}

/** The schemas a value may be checked against: through `$ref`, and every allOf/anyOf/oneOf branch. */
function candidates(spec: OpenApiDocument, schemas: unknown[], returned: Set<string>, seen = new Set<Node>()): Node[] {
  return schemas.flatMap((schema) => {
    if (isObject(schema) && typeof schema.$ref === "string" && returned.has(schemaName(schema.$ref))) return [];
    const s = deref(spec, schema);
    if (!s || seen.has(s)) return [];
    seen.add(s);
    const branches = [...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? [])];
    return [s, ...candidates(spec, branches, returned, seen)];
  });
}

function collectIntegerIds(
  spec: OpenApiDocument,
  schemas: unknown[],
  value: unknown,
  operation: string,
  returned: Set<string>,
  widen: Map<Node, string>,
): void {
  const flat = candidates(spec, schemas, returned);
  if (Array.isArray(value)) {
    const items = flat.map((s) => s.items).filter((i) => i !== undefined);
    for (const item of value) collectIntegerIds(spec, items, item, operation, returned, widen);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, v] of Object.entries(value)) {
    const declared = flat.map((s) => s.properties?.[key]).filter(isObject);
    if (isIdName(key) && Number.isInteger(v)) {
      for (const p of declared) if (p.type === "string") widen.set(p, `${operation} ${key}`);
    } else {
      collectIntegerIds(spec, declared, v, operation, returned, widen);
    }
  }
}

/** `author_id: { type: integer, example: "5017691" }`: documentation that the types then repeat. */
const numericExamples: Rule = {
  name: "numeric examples",
  why:
    'Schema-level examples of integer and number fields are often written as strings (`"5017691"`), ' +
    "which the generated types' docs repeat and which their own type rejects. Such an example becomes the number.",
  apply(spec) {
    const changed: string[] = [];
    for (const [node, at] of schemaNodes(spec.components?.schemas, "#/components/schemas")) {
      const numeric = node.type === "integer" || node.type === "number";
      if (!numeric || typeof node.example !== "string" || !/^-?\d+(\.\d+)?$/.test(node.example)) continue;
      node.example = Number(node.example);
      changed.push(at);
    }
    return changed;
  },
};

/** The rules, in the order they apply. */
export const rules: readonly Rule[] = [
  requestIdsFromExamples,
  integerPathIds,
  emptyObjectMaps,
  nullableRoots,
  requiredRequestBodies,
  responsesAsRecorded,
  resourceTypeAndId,
  numericExamples,
];

/** A copy of a corrected description with every rule applied, and what each rule changed. */
export function applyRules(spec: OpenApiDocument): { spec: OpenApiDocument; changes: Map<string, string[]> } {
  const copy = structuredClone(spec);
  const changes = new Map(rules.map((rule) => [rule.name, rule.apply(copy)]));
  return { spec: copy, changes };
}

/**
 * The backstop of the empty-object rule, on openapi-typescript's output: a `Record<string, never>`
 * member (a type that accepts only `{}`) fails generation unless its schema is marked as the API
 * really taking an empty object. openapi-typescript's own top-level `webhooks`/`$defs` are not members.
 */
export function assertNoEmptyObjectTypes(types: string, spec: OpenApiDocument): string {
  const marked = JSON.stringify(spec).split(`"${EMPTY_OBJECT_MARK}":true`).length - 1;
  const found = types
    .split("\n")
    .flatMap((line, i) =>
      /Record<string, never>/.test(line) && !/^export type /.test(line) ? [`  line ${i + 1}: ${line.trim()}`] : [],
    );
  if (found.length > marked) {
    throw new Error(
      `generated types accept only {} where the API takes a map (Record<string, never>):\n${found.join("\n")}\n` +
        `Type the map's values in the overlay, or mark a schema the API really takes empty with ${EMPTY_OBJECT_MARK}: true.`,
    );
  }
  return types;
}
