// `spec:check`: validates every example embedded in a corrected OpenAPI 3.0 description against its
// own schema, and lists response fields that examples carry but no schema declares. Findings are
// matched against a reviewed allowlist; an entry that matches nothing is reported as stale.
import { existsSync, readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse, stringify } from "yaml";
import { derefOrThrow as deref, eachOperation, encodePointer, parametersOf, type OpenApiDocument } from "./openapi.js";
import { loadCorrectedSpec, openapiDir } from "./spec.js";

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is module.exports.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type Schema = OpenApiDocument;

/** One example embedded in the description, with the schema it claims to follow. */
export interface EmbeddedExample {
  /** `METHOD /path` */
  operation: string;
  /** Where the example sits: `request application/json`, `response 200 application/json`, `parameter query per_page`. */
  in: string;
  /** The key under `examples`, or `example` for a lone `example`. */
  example: string;
  value: unknown;
  schema: Schema | undefined;
  isResponse: boolean;
}

export type FindingList = "mismatch" | "undeclared";

export interface Finding {
  list: FindingList;
  operation: string;
  in: string;
  example: string;
  /** JSON pointer into the example value. */
  pointer: string;
  /** The failed JSON Schema keyword (`type`, `enum`, `oneOf`, …), `no-schema`, or `undeclared`. */
  kind: string;
  message: string;
}

export interface AllowlistEntry {
  operation: string;
  in: string;
  example: string;
  pointer: string;
  kind: string;
  reason: string;
}

export interface CheckResult {
  /** How many embedded examples were checked. */
  examples: number;
  findings: Finding[];
  /** Findings neither corrected by the overlay nor allowlisted: these fail the check. */
  open: Finding[];
  allowed: Finding[];
  /** Allowlist entries that match no finding (the defect was fixed or the example changed). */
  stale: AllowlistEntry[];
}

/** The identity of a finding: operation + example + instance pointer + kind, never the message. */
export function findingKey(f: Pick<Finding, "operation" | "in" | "example" | "pointer" | "kind">): string {
  return [f.operation, f.in, f.example, f.pointer, f.kind].join(" | ");
}

// ---------------------------------------------------------------------------------------------
// Examples

function examplesOf(spec: OpenApiDocument, holder: Schema): [string, unknown][] {
  const found: [string, unknown][] = [];
  if (holder.example !== undefined) found.push(["example", holder.example]);
  for (const [name, entry] of Object.entries<Schema>(holder.examples ?? {})) {
    const example = deref(spec, entry);
    if (example && "value" in example) found.push([name, example.value]);
  }
  return found;
}

/** Every request-body, response and parameter example of the description, in document order. */
export function collectExamples(spec: OpenApiDocument): EmbeddedExample[] {
  const out: EmbeddedExample[] = [];
  for (const ref of eachOperation(spec)) {
    const operation = `${ref.method.toUpperCase()} ${ref.path}`;
    const add = (where: string, holder: Schema, isResponse: boolean) => {
      for (const [example, value] of examplesOf(spec, holder)) {
        out.push({ operation, in: where, example, value, schema: holder.schema, isResponse });
      }
    };
    for (const p of parametersOf(spec, ref)) add(`parameter ${p.in} ${p.name}`, p, false);
    const body = deref(spec, ref.operation.requestBody);
    for (const [mediaType, media] of Object.entries<Schema>(body?.content ?? {})) {
      add(`request ${mediaType}`, media, false);
    }
    for (const [status, response] of Object.entries<Schema>(ref.operation.responses ?? {})) {
      for (const [mediaType, media] of Object.entries<Schema>(deref(spec, response)?.content ?? {})) {
        add(`response ${status} ${mediaType}`, media, true);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// OpenAPI 3.0 Schema Object → JSON Schema draft-07 (what ajv validates)

const SPEC_ID = "openapi-components.json";
// Annotations OpenAPI adds to JSON Schema; they say nothing about validity.
const OPENAPI_ONLY_KEYWORDS = new Set(["example", "discriminator", "xml", "externalDocs", "deprecated", "nullable"]);
const NUMERIC_FORMATS = new Set(["int32", "int64", "float", "double"]);

function isKnownFormat(ajv: Ajv, type: unknown, format: string): boolean {
  if (!ajv.formats[format]) return false; // `timestamp`: not a format any tool validates
  const numeric = type === "integer" || type === "number";
  return numeric === NUMERIC_FORMATS.has(format); // `date-time` on an integer is a hint, not a string format
}

function toJsonSchema(ajv: Ajv, schema: Schema | boolean): Schema | boolean {
  if (typeof schema !== "object" || schema === null) return schema;
  // OpenAPI 3.0 ignores every sibling of $ref (so does openapi-typescript): `nullable` beside a
  // $ref does not make the generated type nullable, so it must not make the example valid either.
  if (typeof schema.$ref === "string") {
    if (!schema.$ref.startsWith("#/components/schemas/")) throw new Error(`unsupported schema $ref ${schema.$ref}`);
    return { $ref: `${SPEC_ID}#/definitions/${schema.$ref.slice("#/components/schemas/".length)}` };
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith("x-") || OPENAPI_ONLY_KEYWORDS.has(key)) continue;
    if (key === "format" && !isKnownFormat(ajv, schema.type, value as string)) continue;
    if (key === "properties") {
      out.properties = Object.fromEntries(Object.entries<Schema>(value).map(([k, v]) => [k, toJsonSchema(ajv, v)]));
    } else if (key === "items" || key === "additionalProperties" || key === "not") {
      out[key] = toJsonSchema(ajv, value as Schema);
    } else if (key === "allOf" || key === "anyOf" || key === "oneOf") {
      out[key] = (value as Schema[]).map((v) => toJsonSchema(ajv, v));
    } else {
      out[key] = value;
    }
  }
  if (schema.nullable !== true) return out;
  if (typeof out.type === "string") {
    out.type = [out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: "null" }] };
}

/** A mismatch between an example and its schema, before it is tied to an example. */
interface Mismatch {
  pointer: string;
  kind: string;
  message: string;
}

const SUBSCHEMA_KEYWORDS = ["properties", "items", "additionalProperties", "allOf", "anyOf", "oneOf", "not"];

/**
 * Validates values against converted schemas with ajv, and explains failures schema by schema so
 * that a failed oneOf/anyOf is reported once, with the errors of its nearest branch only (fewest
 * errors), rather than every branch's errors: `admin_id must be string` instead of five messages
 * about the reply types the example never meant.
 */
class Explainer {
  private readonly ajv = new Ajv({ allErrors: true, strictTypes: false });
  private readonly definitions: Record<string, Schema | boolean>;
  private readonly compiled = new WeakMap<Schema, ValidateFunction>();
  private readonly shallow = new WeakMap<Schema, Schema>();

  constructor(spec: OpenApiDocument) {
    addFormats(this.ajv);
    this.definitions = Object.fromEntries(
      Object.entries<Schema>(spec.components?.schemas ?? {}).map(([name, s]) => [name, toJsonSchema(this.ajv, s)]),
    );
    this.ajv.addSchema({ $id: SPEC_ID, definitions: this.definitions });
  }

  /** Mismatches of `value` against an OpenAPI schema object of the description. */
  check(schema: Schema, value: unknown): Mismatch[] {
    return this.explain(toJsonSchema(this.ajv, schema) as Schema, value, "");
  }

  private validator(schema: Schema): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(schema, validate);
    }
    return validate;
  }

  private resolve(schema: Schema): Schema {
    const prefix = `${SPEC_ID}#/definitions/`;
    let s = schema;
    while (typeof s.$ref === "string") s = this.definitions[s.$ref.slice(prefix.length)] as Schema;
    return s;
  }

  private explain(schema: Schema | boolean, value: unknown, pointer: string): Mismatch[] {
    if (typeof schema === "boolean") return schema ? [] : [{ pointer, kind: "false", message: "not allowed" }];
    const s = this.resolve(schema);
    if (this.validator(s)(value)) return [];
    const found = this.ownErrors(s, value, pointer);
    for (const branch of s.allOf ?? []) found.push(...this.explain(branch, value, pointer));
    for (const keyword of ["anyOf", "oneOf"] as const) {
      if (s[keyword]) found.push(...this.explainChoice(keyword, s[keyword], value, pointer));
    }
    if (s.not && this.validator(s.not)(value)) found.push({ pointer, kind: "not", message: "must not match `not`" });
    if (Array.isArray(value) && s.items) {
      (value as unknown[]).forEach((item, i) => found.push(...this.explain(s.items, item, `${pointer}/${i}`)));
    } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [key, v] of Object.entries(value)) {
        const at = `${pointer}${encodePointer([key])}`;
        const sub = s.properties?.[key] ?? s.additionalProperties;
        if (sub === false) found.push({ pointer: at, kind: "additionalProperties", message: "is not allowed" });
        else if (sub !== undefined) found.push(...this.explain(sub, v, at));
      }
    }
    // Never lose a failure: should ajv reject the value for a reason the walk above does not reach,
    // report ajv's own errors.
    return found.length > 0 ? found : this.rawErrors(s, value, pointer);
  }

  private rawErrors(s: Schema, value: unknown, pointer: string): Mismatch[] {
    const validate = this.validator(s);
    validate(value); // its `errors` are those of its latest call, which may not have been on `value`
    const errors = validate.errors ?? [];
    return errors.map((e) => ({ pointer: pointer + e.instancePath, kind: e.keyword, message: e.message ?? e.keyword }));
  }

  /** Errors of the keywords that do not descend into subschemas (type, enum, format, required, …). */
  private ownErrors(s: Schema, value: unknown, pointer: string): Mismatch[] {
    let own = this.shallow.get(s);
    if (!own) {
      own = Object.fromEntries(Object.entries(s).filter(([k]) => !SUBSCHEMA_KEYWORDS.includes(k)));
      this.shallow.set(s, own);
    }
    const validate = this.validator(own);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => {
      const missing = e.keyword === "required" ? (e.params as { missingProperty: string }).missingProperty : undefined;
      const at = missing === undefined ? pointer : `${pointer}${encodePointer([missing])}`;
      const detail = e.keyword === "enum" ? ` ${JSON.stringify(e.params.allowedValues)}` : "";
      return { pointer: at, kind: e.keyword, message: `${e.message}${detail}` };
    });
  }

  private explainChoice(keyword: "anyOf" | "oneOf", branches: Schema[], value: unknown, pointer: string) {
    const passing = branches.flatMap((b, i) => (this.validator(b)(value) ? [i] : []));
    if (passing.length === 1 || (keyword === "anyOf" && passing.length > 1)) return [];
    const name = (i: number) => `#${i}${branches[i]!.$ref ? ` (${branches[i]!.$ref.split("/").pop()})` : ""}`;
    if (passing.length > 1) {
      return [
        { pointer, kind: keyword, message: `matches ${passing.length} branches: ${passing.map(name).join(", ")}` },
      ];
    }
    // Nearest: fewest errors, then fewest `enum` errors (a wrong enum is usually a wrong branch's tag).
    const explained = branches.map((b) => this.explain(b, value, pointer));
    const score = (errors: Mismatch[]) => errors.length * 1000 + errors.filter((e) => e.kind === "enum").length;
    const nearest = explained.reduce((best, errors, i) => (score(errors) < score(explained[best]!) ? i : best), 0);
    const message = `matches no branch; nearest is ${name(nearest)}, which fails as below`;
    return [{ pointer, kind: keyword, message }, ...explained[nearest]!];
  }
}

/** One finding per (pointer, kind) of an example, with the distinct messages joined. */
function mismatchFindings(example: EmbeddedExample, found: Mismatch[]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const m of found) {
    const finding: Finding = { ...identity(example), list: "mismatch", ...m };
    const seen = byKey.get(findingKey(finding));
    if (!seen) byKey.set(findingKey(finding), finding);
    else if (!seen.message.split(" | ").includes(m.message)) seen.message += ` | ${m.message}`;
  }
  return [...byKey.values()];
}

function identity(example: EmbeddedExample) {
  return { operation: example.operation, in: example.in, example: example.example };
}

// ---------------------------------------------------------------------------------------------
// Undeclared fields

function hasComposition(s: Schema): boolean {
  return Boolean(s.allOf || s.anyOf || s.oneOf);
}

/** The schema and every schema it is composed of (through $ref and allOf/anyOf/oneOf). */
function flatten(spec: OpenApiDocument, schema: Schema, seen = new Set<Schema>()): Schema[] {
  const s = deref(spec, schema);
  if (!s || typeof s !== "object" || seen.has(s)) return [];
  seen.add(s);
  const branches = [...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? [])] as Schema[];
  return [s, ...branches.flatMap((b) => flatten(spec, b, seen))];
}

/**
 * Pointers of object keys that no candidate schema declares. A key counts as declared when ANY
 * schema it could be validated against (every allOf/anyOf/oneOf branch, through $refs) lists it in
 * `properties` or allows extra keys (`additionalProperties: true` or a schema, or an object schema
 * with no `properties` at all, which openapi-typescript types as a free-form record). This is what
 * the generated types make visible: a key is invisible only when no member of the union names it.
 */
function undeclaredPointers(spec: OpenApiDocument, candidates: Schema[], value: unknown, pointer: string): string[] {
  const flat = candidates.flatMap((c) => flatten(spec, c));
  if (flat.length === 0 || value === null || typeof value !== "object") return [];
  // An object where no schema expects one is a type mismatch, reported by the validation, not here.
  if (!Array.isArray(value) && !flat.some((s) => s.properties || s.type === "object" || s.additionalProperties)) {
    return [];
  }
  if (Array.isArray(value)) {
    const items = flat.map((s) => s.items).filter((i): i is Schema => typeof i === "object" && i !== null);
    return items.length === 0 ? [] : value.flatMap((v, i) => undeclaredPointers(spec, items, v, `${pointer}/${i}`));
  }
  const extra = flat.map((s) => s.additionalProperties).filter((a): a is Schema => typeof a === "object" && a !== null);
  const open = flat.some(
    (s) =>
      s.additionalProperties === true ||
      (!s.properties && !hasComposition(s) && s.additionalProperties !== false && (s.type ?? "object") === "object"),
  );
  return Object.entries(value).flatMap(([key, v]) => {
    const here = `${pointer}${encodePointer([key])}`;
    const declared = flat.map((s) => s.properties?.[key] as Schema | undefined).filter((d) => d !== undefined);
    if (declared.length === 0 && extra.length === 0) return open ? [] : [here];
    return undeclaredPointers(spec, [...declared, ...extra], v, here);
  });
}

// ---------------------------------------------------------------------------------------------
// The check

/** Every finding of a corrected description, before any allowlist. */
export function findIssues(spec: OpenApiDocument, examples = collectExamples(spec)): Finding[] {
  const explainer = new Explainer(spec);
  const findings: Finding[] = [];
  for (const example of examples) {
    if (!example.schema) {
      const message = "the example has no schema to be checked against";
      findings.push({ ...identity(example), list: "mismatch", pointer: "", kind: "no-schema", message });
      continue;
    }
    findings.push(...mismatchFindings(example, explainer.check(example.schema, example.value)));
    if (!example.isResponse) continue;
    for (const pointer of undeclaredPointers(spec, [example.schema], example.value, "")) {
      const message = "the response carries a field that no schema declares";
      findings.push({ ...identity(example), list: "undeclared", pointer, kind: "undeclared", message });
    }
  }
  return findings;
}

/** Splits findings into allowlisted and open ones, and finds allowlist entries that match nothing. */
export function applyAllowlist(findings: Finding[], allowlist: AllowlistEntry[]): Omit<CheckResult, "examples"> {
  const entries = new Map(allowlist.map((e) => [findingKey(e), e]));
  const used = new Set<string>();
  const open: Finding[] = [];
  const allowed: Finding[] = [];
  for (const f of findings) {
    const key = findingKey(f);
    if (entries.has(key)) {
      used.add(key);
      allowed.push(f);
    } else {
      open.push(f);
    }
  }
  const stale = allowlist.filter((e) => !used.has(findingKey(e)));
  return { findings, open, allowed, stale };
}

export function allowlistPath(version: string, dir = openapiDir): string {
  return `${dir}spec-check-allowlist/${version}.yaml`;
}

/** Reads a version's allowlist (none is an empty list); every entry needs all key fields and a reason. */
export function readAllowlist(path: string): AllowlistEntry[] {
  if (!existsSync(path)) return [];
  const doc = (parse(readFileSync(path, "utf8")) ?? {}) as { entries?: AllowlistEntry[] };
  const entries = doc.entries ?? [];
  const fields = ["operation", "in", "example", "pointer", "kind", "reason"] as const;
  const problems: string[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    // A reason is what makes an entry reviewed: an empty one, or `--suggest`'s TODO, does not count.
    const unreviewed = (reason: string) => !reason.trim() || reason.startsWith("TODO");
    const missing = fields.filter((f) => typeof entry[f] !== "string" || (f === "reason" && unreviewed(entry[f])));
    if (missing.length > 0) problems.push(`entry ${i}: missing ${missing.join(", ")}`);
    else if (seen.has(findingKey(entry))) problems.push(`entry ${i}: duplicate of ${findingKey(entry)}`);
    seen.add(findingKey(entry));
  });
  if (problems.length > 0) throw new Error(`invalid allowlist ${path}:\n  ${problems.join("\n  ")}`);
  return entries;
}

/** Checks a corrected description against an allowlist. */
export function checkSpec(spec: OpenApiDocument, allowlist: AllowlistEntry[] = []): CheckResult {
  const examples = collectExamples(spec);
  return { examples: examples.length, ...applyAllowlist(findIssues(spec, examples), allowlist) };
}

/** Checks a manifest version: its corrected description against its allowlist file. */
export async function checkVersion(version: string, dir = openapiDir): Promise<CheckResult> {
  return checkSpec(await loadCorrectedSpec(version, dir), readAllowlist(allowlistPath(version, dir)));
}

// ---------------------------------------------------------------------------------------------
// Reporting

/** Findings grouped by operation, then example: `METHOD /path` / `  in example` / `    pointer  kind: message`. */
export function formatFindings(findings: Finding[]): string {
  const lines: string[] = [];
  let operation = "";
  let example = "";
  for (const f of findings) {
    if (f.operation !== operation) lines.push(f.operation);
    if (f.operation !== operation || `${f.in} ${f.example}` !== example) lines.push(`  ${f.in} — ${f.example}`);
    operation = f.operation;
    example = `${f.in} ${f.example}`;
    lines.push(`    ${f.pointer || "(root)"}  ${f.kind}: ${f.message}`);
  }
  return lines.join("\n");
}

const LIST_TITLES: Record<FindingList, string> = {
  mismatch: "Examples that their own schema rejects",
  undeclared: "Response fields that examples carry and no schema declares",
};

/** The report `spec:check` prints for one version: counts, open findings of both lists, stale entries. */
export function formatReport(version: string, result: CheckResult, options: { verbose?: boolean } = {}): string {
  const out = [`spec:check ${version}: ${result.examples} examples checked`];
  for (const list of ["mismatch", "undeclared"] as const) {
    const all = result.findings.filter((f) => f.list === list);
    const open = result.open.filter((f) => f.list === list);
    out.push(`  ${LIST_TITLES[list]}: ${all.length} (${all.length - open.length} allowlisted, ${open.length} open)`);
  }
  out.push(`  Stale allowlist entries: ${result.stale.length}`);
  for (const list of ["mismatch", "undeclared"] as const) {
    const open = result.open.filter((f) => f.list === list);
    if (open.length > 0) out.push("", `${LIST_TITLES[list]}, neither corrected nor allowlisted:`, formatFindings(open));
  }
  if (result.stale.length > 0) {
    out.push("", "Allowlist entries that match no finding (remove them):");
    out.push(...result.stale.map((e) => `  ${findingKey(e)}`));
  }
  if (options.verbose && result.allowed.length > 0) out.push("", "Allowlisted:", formatFindings(result.allowed));
  return out.join("\n");
}

/** Findings by class (the failed keyword, `no-schema` or `undeclared`), largest class first. */
export function findingsByClass(findings: Finding[]): Map<string, Finding[]> {
  const classes = new Map<string, Finding[]>();
  for (const f of findings) classes.set(f.kind, [...(classes.get(f.kind) ?? []), f]);
  return new Map([...classes].sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b, "en")));
}

/** One finding as a Markdown line: operation, example, pointer and message. */
export function findingLine(f: Finding): string {
  return `\`${f.operation}\` ${f.in} — ${f.example}: \`${f.pointer || "(root)"}\` ${f.message}`;
}

/** Allowlist entries for findings, to paste into the allowlist file once each has a real reason. */
export function suggestEntries(findings: Finding[]): string {
  const entries = findings.map(({ operation, in: where, example, pointer, kind }) => ({
    operation,
    in: where,
    example,
    pointer,
    kind,
    reason: "TODO: why this is not corrected in the overlay",
  }));
  return stringify(entries);
}
