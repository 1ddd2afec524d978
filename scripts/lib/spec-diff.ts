// What changes for a caller between two Intercom descriptions: operations, parameters, request-body
// fields, response schemas, pagination metadata and the `Intercom-Version` values, each change marked
// breaking or not. Operations are matched by method and path template, so 2.11's renaming of
// `{id}` to `{contact_id}` reads as one renamed path, not as 52 operations removed and 52 added.
import { isDeepStrictEqual } from "node:util";
import { deref, eachOperation, jsonMedia, parametersOf, pathTemplate, type OpenApiDocument } from "./openapi.js";
import { listOperations } from "./operations.js";

export type ChangeKind = "operations" | "parameters" | "request bodies" | "responses" | "pagination" | "versions";
export const CHANGE_KINDS: readonly ChangeKind[] = [
  "operations",
  "parameters",
  "request bodies",
  "responses",
  "pagination",
  "versions",
];

export interface Change {
  kind: ChangeKind;
  /** Breaks a caller's code or requests written against the old version. */
  breaking: boolean;
  /** One Markdown line, without the bullet. */
  text: string;
}

type Schema = OpenApiDocument;

const code = (text: string | number) => `\`${text}\``;

/** Properties and required names of an object schema, with `allOf` branches merged. */
function objectShape(
  spec: OpenApiDocument,
  schema: Schema,
): { properties: Record<string, Schema>; required: string[] } {
  const properties: Record<string, Schema> = { ...schema.properties };
  const required: string[] = [...(schema.required ?? [])];
  for (const part of schema.allOf ?? []) {
    const branch = deref(spec, part);
    if (!branch) continue;
    const shape = objectShape(spec, branch);
    Object.assign(properties, shape.properties);
    required.push(...shape.required);
  }
  return { properties, required };
}

/** A schema's type as a caller sees it, without enum values (those are compared separately). */
function typeLabel(spec: OpenApiDocument, raw: Schema | undefined): string {
  const schema = deref(spec, raw);
  if (!schema) return "unknown";
  const nullable = schema.nullable === true ? " | null" : "";
  if (schema.oneOf) return `oneOf${nullable}`;
  if (schema.anyOf) return `anyOf${nullable}`;
  if (schema.type === "array") return `${typeLabel(spec, schema.items)}[]${nullable}`;
  const type = schema.type ?? (schema.properties || schema.allOf ? "object" : "unknown");
  return `${Array.isArray(type) ? type.join(" | ") : type}${nullable}`;
}

/** Enum values; `null` is left out, since `nullable` already shows in the type. */
function enumOf(spec: OpenApiDocument, raw: Schema | undefined): unknown[] | undefined {
  const schema = deref(spec, raw);
  const values: unknown[] | undefined =
    schema?.enum ?? (schema?.type === "array" ? deref(spec, schema.items)?.enum : undefined);
  return values?.filter((v) => v !== null);
}

interface Field {
  type: string;
  required: boolean;
  enum?: unknown[];
}

/**
 * Flattens a schema into dotted field paths (`a.b`, `items[].c`, `(branch).d` for oneOf/anyOf
 * branches), each with its type label and whether its parent object requires it. `trail` holds
 * the `$ref` followed at each level ("" for an inline one): the depth limit and the cycle guard.
 */
function flatten(
  spec: OpenApiDocument,
  raw: Schema | undefined,
  maxDepth: number,
  prefix = "",
  out = new Map<string, Field>(),
  trail: string[] = [],
): Map<string, Field> {
  if (trail.length > maxDepth) return out;
  const ref = raw?.$ref as string | undefined;
  if (ref && trail.includes(ref)) return out;
  const schema = deref(spec, raw);
  if (!schema) return out;
  const next = [...trail, ref ?? ""];
  for (const [i, branch] of [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].entries()) {
    const name = branch.$ref ? String(branch.$ref).split("/").pop() : String(i + 1);
    flatten(spec, branch, maxDepth, `${prefix}(${name}).`, out, next);
  }
  if (schema.type === "array") {
    flatten(spec, schema.items, maxDepth, `${prefix.replace(/\.$/, "")}[].`, out, next);
    return out;
  }
  const { properties, required } = objectShape(spec, schema);
  // Sibling properties of one shared schema (translated_content.ar, .bg, … → article_content)
  // change together: report them once, as `*`.
  const siblingRefs = Object.values(properties).map((p) => p.$ref);
  const shared = (p: Schema) => p.$ref && siblingRefs.filter((r) => r === p.$ref).length > 1;
  for (const [name, property] of Object.entries(properties)) {
    const path = `${prefix}${shared(property) ? "*" : name}`;
    if (out.has(path)) continue;
    const values = enumOf(spec, property);
    out.set(path, {
      type: typeLabel(spec, property),
      required: required.includes(name),
      ...(values && { enum: values }),
    });
    flatten(spec, property, maxDepth, `${path}.`, out, next);
  }
  return out;
}

const list = (values: unknown[]) => values.map((v) => code(String(v))).join(", ");

/** Enum additions and removals, phrased for `subject`; removals break requests, additions do not. */
function enumChanges(
  kind: ChangeKind,
  subject: string,
  before: unknown[] | undefined,
  after: unknown[] | undefined,
  removalBreaks: boolean,
): Change[] {
  if (!before || !after) return [];
  const added = after.filter((v) => !before.includes(v));
  const removed = before.filter((v) => !after.includes(v));
  return [
    ...(removed.length
      ? [{ kind, breaking: removalBreaks, text: `${subject}: values removed: ${list(removed)}` }]
      : []),
    ...(added.length ? [{ kind, breaking: false, text: `${subject}: values added: ${list(added)}` }] : []),
  ];
}

interface Operation {
  method: string;
  path: string;
  op: OpenApiDocument;
  params: OpenApiDocument[];
}

function operationsOf(spec: OpenApiDocument): Map<string, Operation> {
  return new Map(
    eachOperation(spec).map((ref) => [
      `${ref.method.toUpperCase()} ${pathTemplate(ref.path)}`,
      { method: ref.method.toUpperCase(), path: ref.path, op: ref.operation, params: parametersOf(spec, ref) },
    ]),
  );
}

const label = (o: Operation) => code(`${o.method} ${o.path}`);

function parameterChanges(oldSpec: OpenApiDocument, newSpec: OpenApiDocument, a: Operation, b: Operation): Change[] {
  const kind = "parameters";
  const changes: Change[] = [];
  // The client sets Intercom-Version itself; its values are reported once, under "versions".
  const relevant = (o: Operation) => o.params.filter((p) => p.name !== "Intercom-Version");
  // Path parameters pair up by position: a renamed one is part of the renamed path.
  const pathParams = (o: Operation) =>
    [...o.path.matchAll(/\{([^}]*)\}/g)].map((m) => relevant(o).find((p) => p.in === "path" && p.name === m[1]));
  const key = (p: OpenApiDocument, o: Operation) =>
    p.in === "path" ? `path#${pathParams(o).indexOf(p)}` : `${p.in}:${p.name}`;
  const before = new Map(relevant(a).map((p) => [key(p, a), p]));
  const after = new Map(relevant(b).map((p) => [key(p, b), p]));
  const describe = (p: OpenApiDocument) => `${p.in} parameter ${code(p.name)}`;
  for (const [k, p] of after) {
    if (before.has(k)) continue;
    const type = typeLabel(newSpec, p.schema);
    changes.push(
      p.required
        ? { kind, breaking: true, text: `${label(b)}: required ${describe(p)} (${code(type)}) added` }
        : { kind, breaking: false, text: `${label(b)}: ${describe(p)} (${code(type)}) added` },
    );
  }
  for (const [k, p] of before) {
    const q = after.get(k);
    if (!q) {
      changes.push({ kind, breaking: true, text: `${label(b)}: ${describe(p)} removed` });
      continue;
    }
    if (!p.required !== !q.required) {
      changes.push(
        q.required
          ? { kind, breaking: true, text: `${label(b)}: ${describe(q)} is now required` }
          : { kind, breaking: false, text: `${label(b)}: ${describe(q)} is now optional` },
      );
    }
    const [from, to] = [typeLabel(oldSpec, p.schema), typeLabel(newSpec, q.schema)];
    if (from !== to) {
      changes.push({ kind, breaking: true, text: `${label(b)}: ${describe(q)} type ${code(from)} → ${code(to)}` });
    }
    const values = [enumOf(oldSpec, p.schema), enumOf(newSpec, q.schema)] as const;
    changes.push(...enumChanges(kind, `${label(b)}: ${describe(q)}`, ...values, true));
  }
  return changes;
}

const jsonSchemaOf = (content: OpenApiDocument | undefined) => jsonMedia(content)?.schema;

function requestBodyChanges(oldSpec: OpenApiDocument, newSpec: OpenApiDocument, a: Operation, b: Operation): Change[] {
  const kind = "request bodies";
  const [bodyA, bodyB] = [deref(oldSpec, a.op.requestBody), deref(newSpec, b.op.requestBody)];
  if (!bodyA && !bodyB) return [];
  if (!bodyA) return [{ kind, breaking: !!bodyB!.required, text: `${label(b)}: request body added` }];
  if (!bodyB) return [{ kind, breaking: true, text: `${label(b)}: request body removed` }];
  const changes: Change[] = [];
  if (!bodyA.required !== !bodyB.required) {
    changes.push({
      kind,
      breaking: !!bodyB.required,
      text: `${label(b)}: request body is now ${bodyB.required ? "required" : "optional"}`,
    });
  }
  const before = flatten(oldSpec, jsonSchemaOf(bodyA.content), 6);
  const after = flatten(newSpec, jsonSchemaOf(bodyB.content), 6);
  const field = (path: string) => `${label(b)}: body field ${code(path)}`;
  for (const [path, f] of after) {
    if (before.has(path)) continue;
    changes.push(
      f.required
        ? { kind, breaking: true, text: `${field(path)} (${code(f.type)}) added, required` }
        : { kind, breaking: false, text: `${field(path)} (${code(f.type)}) added` },
    );
  }
  for (const [path, f] of before) {
    const g = after.get(path);
    if (!g) {
      changes.push({ kind, breaking: true, text: `${field(path)} removed` });
      continue;
    }
    if (f.required !== g.required) {
      changes.push({
        kind,
        breaking: g.required,
        text: `${field(path)} is now ${g.required ? "required" : "optional"}`,
      });
    }
    if (f.type !== g.type) {
      changes.push({ kind, breaking: true, text: `${field(path)} type ${code(f.type)} → ${code(g.type)}` });
    }
    changes.push(...enumChanges(kind, field(path), f.enum, g.enum, true));
  }
  return changes;
}

/** At most `max` names, then a count, so one response's summary stays one readable line. */
const names = (paths: string[], max = 8) =>
  list(paths.slice(0, max)) + (paths.length > max ? ` and ${paths.length - max} more` : "");

const retypings = (paths: string[], a: Map<string, Field>, b: Map<string, Field>, max = 8) =>
  paths
    .slice(0, max)
    .map((p) => `${code(p)} (${code(a.get(p)!.type)} → ${code(b.get(p)!.type)})`)
    .join(", ") + (paths.length > max ? ` and ${paths.length - max} more` : "");

const refName = (schema: Schema | undefined) =>
  typeof schema?.$ref === "string" ? String(schema.$ref).split("/").pop() : undefined;

function responseChanges(oldSpec: OpenApiDocument, newSpec: OpenApiDocument, a: Operation, b: Operation): Change[] {
  const kind = "responses";
  const changes: Change[] = [];
  const [before, after] = [a.op.responses ?? {}, b.op.responses ?? {}];
  const success = (status: string) => /^2/.test(status);
  for (const status of Object.keys(after).filter((s) => !(s in before))) {
    changes.push({ kind, breaking: false, text: `${label(b)}: ${code(status)} response added` });
  }
  for (const status of Object.keys(before)) {
    if (!(status in after)) {
      changes.push({ kind, breaking: success(status), text: `${label(b)}: ${code(status)} response removed` });
      continue;
    }
    const schemaA = jsonSchemaOf(deref(oldSpec, before[status])?.content);
    const schemaB = jsonSchemaOf(deref(newSpec, after[status])?.content);
    const subject = `${label(b)}: ${code(status)} response`;
    const [nameA, nameB] = [refName(schemaA), refName(schemaB)];
    if (nameA !== nameB && (nameA || nameB)) {
      changes.push({
        kind,
        breaking: false,
        text: `${subject} schema ${code(nameA ?? "inline")} → ${code(nameB ?? "inline")}`,
      });
    }
    const fieldsA = flatten(oldSpec, schemaA, 3);
    const fieldsB = flatten(newSpec, schemaB, 3);
    const removed = [...fieldsA.keys()].filter((p) => !fieldsB.has(p));
    const added = [...fieldsB.keys()].filter((p) => !fieldsA.has(p));
    const common = [...fieldsA.keys()].filter((p) => fieldsB.has(p));
    const retyped = common.filter((p) => fieldsA.get(p)!.type !== fieldsB.get(p)!.type);
    const nowOptional = common.filter((p) => fieldsA.get(p)!.required && !fieldsB.get(p)!.required);
    const nowRequired = common.filter((p) => !fieldsA.get(p)!.required && fieldsB.get(p)!.required);
    const breaking = [
      removed.length ? `fields removed: ${names(removed)}` : "",
      retyped.length ? `type changed: ${retypings(retyped, fieldsA, fieldsB)}` : "",
      nowOptional.length ? `now optional: ${names(nowOptional)}` : "",
    ].filter(Boolean);
    const other = [
      added.length ? `fields added: ${names(added)}` : "",
      nowRequired.length ? `now always present: ${names(nowRequired)}` : "",
    ].filter(Boolean);
    if (breaking.length) changes.push({ kind, breaking: true, text: `${subject}: ${breaking.join("; ")}` });
    if (other.length) changes.push({ kind, breaking: false, text: `${subject}: ${other.join("; ")}` });
  }
  return changes;
}

function paginationChanges(oldSpec: OpenApiDocument, newSpec: OpenApiDocument): Change[] {
  const kind = "pagination";
  const byTemplate = (spec: OpenApiDocument) =>
    new Map(listOperations(spec).map((o) => [`${o.method.toUpperCase()} ${pathTemplate(o.path)}`, o]));
  const [before, after] = [byTemplate(oldSpec), byTemplate(newSpec)];
  const changes: Change[] = [];
  for (const [key, o] of after) {
    const previous = before.get(key);
    if (!previous || isDeepStrictEqual(previous.pagination, o.pagination)) continue;
    const subject = code(`${o.method.toUpperCase()} ${o.path}`);
    const show = (p: unknown) => code(JSON.stringify(p));
    changes.push({
      kind,
      // Losing pagination metadata breaks callers that iterate the operation's pages.
      breaking: previous.pagination !== null && o.pagination === null,
      text: `${subject}: ${show(previous.pagination)} → ${show(o.pagination)}`,
    });
  }
  return changes;
}

/** The schema of the `Intercom-Version` header, wherever the description declares it. */
function versionSchema(spec: OpenApiDocument): Schema | undefined {
  for (const { params } of operationsOf(spec).values()) {
    const param = params.find((p) => p.in === "header" && p.name === "Intercom-Version");
    if (param) return deref(spec, param.schema);
  }
  return undefined;
}

function versionChanges(oldSpec: OpenApiDocument, newSpec: OpenApiDocument): Change[] {
  const [a, b] = [versionSchema(oldSpec), versionSchema(newSpec)];
  const changes = enumChanges("versions", "`Intercom-Version`", a?.enum, b?.enum, true);
  if (a?.default !== undefined && a.default !== b?.default) {
    changes.push({
      kind: "versions",
      breaking: false,
      text: `\`Intercom-Version\`: default ${code(String(a.default))} → ${code(String(b?.default))}`,
    });
  }
  return changes;
}

/**
 * Every change between two descriptions, breaking first within each kind, in a stable order.
 * `pagination: false` skips the pagination metadata, which only a corrected description yields.
 */
export function diffSpecs(oldSpec: OpenApiDocument, newSpec: OpenApiDocument, { pagination = true } = {}): Change[] {
  const [before, after] = [operationsOf(oldSpec), operationsOf(newSpec)];
  const changes: Change[] = [];
  for (const [key, b] of after) {
    const a = before.get(key);
    if (!a) {
      const id = b.op.operationId ? ` (${code(b.op.operationId)})` : "";
      changes.push({ kind: "operations", breaking: false, text: `${label(b)} added${id}` });
      continue;
    }
    if (a.path !== b.path) {
      changes.push({ kind: "operations", breaking: true, text: `${label(a)} is now ${label(b)}` });
    }
    changes.push(
      ...parameterChanges(oldSpec, newSpec, a, b),
      ...requestBodyChanges(oldSpec, newSpec, a, b),
      ...responseChanges(oldSpec, newSpec, a, b),
    );
  }
  for (const [key, a] of before) {
    if (!after.has(key)) changes.push({ kind: "operations", breaking: true, text: `${label(a)} removed` });
  }
  if (pagination) changes.push(...paginationChanges(oldSpec, newSpec));
  changes.push(...versionChanges(oldSpec, newSpec));
  const rank = (c: Change) => CHANGE_KINDS.indexOf(c.kind) * 2 + (c.breaking ? 0 : 1);
  return changes.sort((x, y) => rank(x) - rank(y) || x.text.localeCompare(y.text, "en"));
}

export interface ReportSection {
  title: string;
  /** Paragraph under the title. */
  intro?: string;
  /** Bullet lines. */
  lines: string[];
  /** `###` subsections after the lines, each with its bullet lines. */
  subsections?: { title: string; lines: string[] }[];
}

export interface ChangeReportInput {
  oldVersion: string;
  newVersion: string;
  /** Changes between the corrected descriptions (what the generated types see). */
  changes: Change[];
  /** Further sections, e.g. what the old overlay already did and how the overlay was carried forward. */
  sections: ReportSection[];
}

function changeList(changes: Change[]): string[] {
  if (changes.length === 0) return ["None.", ""];
  return CHANGE_KINDS.flatMap((kind) => {
    const ofKind = changes.filter((c) => c.kind === kind);
    if (ofKind.length === 0) return [];
    const title = kind[0]!.toUpperCase() + kind.slice(1);
    return [`### ${title}`, "", ...ofKind.map((c) => `- ${c.text}`), ""];
  });
}

/** The change report as Markdown: breaking changes first, then the rest, then the extra sections. */
export function renderChangeReport({ oldVersion, newVersion, changes, sections }: ChangeReportInput): string {
  const lines = [
    `# Intercom API ${oldVersion} → ${newVersion}`,
    "",
    `Written by \`npm run spec:bump\`. It compares \`openapi/intercom-${oldVersion}.yaml\` and ` +
      `\`openapi/intercom-${newVersion}.yaml\`, each with its overlay applied: the descriptions the generated ` +
      `types are made from, so it lists what changes for code that moves from \`version: "${oldVersion}"\` to ` +
      `\`version: "${newVersion}"\`. Operations are matched by method and path template.`,
    "",
    "## Breaking changes",
    "",
    ...changeList(changes.filter((c) => c.breaking)),
    "## Other changes",
    "",
    ...changeList(changes.filter((c) => !c.breaking)),
  ];
  for (const section of sections) {
    lines.push(`## ${section.title}`, "");
    if (section.intro) lines.push(section.intro, "");
    if (section.lines.length > 0) lines.push(...section.lines.map((l) => `- ${l}`), "");
    else if (!section.subsections?.length) lines.push("None.", "");
    for (const sub of section.subsections ?? [])
      lines.push(`### ${sub.title}`, "", ...sub.lines.map((l) => `- ${l}`), "");
  }
  return lines.join("\n");
}
