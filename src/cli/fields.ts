// `-f key=value` (string) and `-F key=value` (typed) fields, as in `gh api`: they build the JSON
// body of a POST/PUT, or the query string of a GET/DELETE. `key[sub]=v` nests objects and
// `key[]=v` appends to an array, e.g. `-f query[field]=email -f query[operator]==`.
import { UsageError } from "./exit.js";

export interface Field {
  key: string;
  value: string;
  /** `-F`: `true`, `false`, `null` and numbers become JSON values instead of strings. */
  typed: boolean;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function parseField(argument: string, typed: boolean): Field {
  const at = argument.indexOf("=");
  if (at <= 0) {
    throw new UsageError(`field ${JSON.stringify(argument)} is not key=value.`);
  }
  return { key: argument.slice(0, at), value: argument.slice(at + 1), typed };
}

function typedValue({ key, value, typed }: Field): Json {
  if (!typed) return value;
  if (value === "true") return true;
  if (value === "false") return false;
  if (value === "null") return null;
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(value)) {
    const number = Number(value);
    // 1e400 would be sent as null, and 12345678901234567890 as …000: a number must survive JSON as written.
    if (!Number.isFinite(number) || (/^-?\d+$/.test(value) && !Number.isSafeInteger(number))) {
      throw new UsageError(`-F ${key}=${value}: the number cannot be sent exactly; use -f to send it as a string.`);
    }
    return number;
  }
  return value;
}

// `a[b][]` → ["a", "b", ""]; an empty part means "append".
function keyParts(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) throw new UsageError(`field key ${JSON.stringify(key)} is not name, name[key] or name[].`);
  return [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)];
}

const isObject = (value: Json | undefined): value is { [key: string]: Json } =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The JSON object the fields describe. */
export function fieldsToBody(fields: readonly Field[]): Record<string, Json> {
  // Objects without a prototype, so that `__proto__[x]=1` is a key like any other, not Object.prototype.
  const object = () => Object.create(null) as Record<string, Json>;
  const root = object();
  for (const field of fields) {
    const parts = keyParts(field.key);
    let container: Record<string, Json> | Json[] = root;
    for (const [i, part] of parts.entries()) {
      const last = i === parts.length - 1;
      const next = parts[i + 1];
      const fresh = (): Json => (last ? typedValue(field) : next === "" ? [] : object());
      if (Array.isArray(container)) {
        if (part !== "")
          throw new UsageError(`field ${field.key}: cannot set key ${JSON.stringify(part)} on an array.`);
        const child = fresh();
        container.push(child);
        container = child as Record<string, Json> | Json[];
        continue;
      }
      if (part === "") throw new UsageError(`field ${field.key}: [] must follow an array.`);
      if (last) {
        if (part in container) throw new UsageError(`field ${field.key} is given twice.`);
        container[part] = fresh();
        break;
      }
      const existing: Json | undefined = container[part];
      const wantArray = next === "";
      if (existing === undefined) container[part] = fresh();
      else if (wantArray ? !Array.isArray(existing) : !isObject(existing)) {
        throw new UsageError(`field ${field.key} conflicts with another field of the same name.`);
      }
      container = container[part] as Record<string, Json> | Json[];
    }
  }
  return root;
}

/** A query value: whole numbers as numbers (the wire is the same), so pagination sees `per_page` as one. */
export function queryValue(value: string): string | number {
  return /^-?(0|[1-9]\d{0,14})$/.test(value) ? Number(value) : value;
}

type QueryValue = string | number | boolean;

/** Query parameters from fields: flat keys, `key[]` repeats the key. */
export function fieldsToQuery(fields: readonly Field[]): Record<string, QueryValue | QueryValue[]> {
  const query: Record<string, QueryValue | QueryValue[]> = {};
  for (const field of fields) {
    const array = field.key.endsWith("[]");
    const key = array ? field.key.slice(0, -2) : field.key;
    if (/[[\]]/.test(key)) throw new UsageError(`query field ${field.key}: nested keys are only for request bodies.`);
    const typed = typedValue(field);
    const value = typeof typed === "string" ? queryValue(typed) : typed === null ? "null" : (typed as QueryValue);
    const existing = query[key];
    if (array) query[key] = [...(Array.isArray(existing) ? existing : []), value];
    else if (existing !== undefined) throw new UsageError(`field ${key} is given twice; use ${key}[]=… for a list.`);
    else query[key] = value;
  }
  return query;
}
