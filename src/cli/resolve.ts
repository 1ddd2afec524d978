// Checks a command line's method and path against the generated operation metadata before anything
// is sent: a literal path (`/contacts/123`) is matched to its template (`/contacts/{id}`), and an
// unknown one gets the nearest known templates suggested.
import { matchPath, nearestTemplates } from "../routes.js";
import { isApiVersion } from "../config.js";
import { type ApiVersion, defaultVersion, metadata, versions } from "../generated.js";
import { UsageError } from "./exit.js";
import { queryValue } from "./fields.js";

export type OperationMeta = (typeof metadata)[ApiVersion]["operations"][number];

interface ResolvedOperation {
  operation: OperationMeta;
  /** Values of the template's path parameters, from the literal path. */
  params: Record<string, string>;
  /** Query parameters written into the path after `?`. */
  query: Record<string, string | number | (string | number)[]>;
}

/** The `--api-version` option, checked against the generated versions. */
export function apiVersion(value: string | undefined): ApiVersion {
  const version = value ?? defaultVersion;
  if (!isApiVersion(version)) {
    throw new UsageError(`--api-version ${version} is not a known API version; use one of ${versions.join(", ")}.`);
  }
  return version;
}

function parseUrl(raw: string): URL {
  try {
    return /^https?:\/\//i.test(raw) ? new URL(raw) : new URL(raw.replace(/^\/*/, "/"), "http://path.invalid");
  } catch {
    throw new UsageError(`${JSON.stringify(raw)} is not a path or URL.`);
  }
}

/**
 * URL parsing resolves `.` and `..` segments away, also as `%2e` or split by a tab or newline (which
 * it drops), and reads a backslash as a slash: `DELETE /contacts/../tags/5` would become `DELETE
 * /tags/5`, removing the tag from the whole workspace. The path must say what it means.
 */
function checkSegments(raw: string): void {
  const path = raw.replace(/^[a-z]+:\/\/[^/?#]*/i, "").split(/[?#]/, 1)[0]!;
  if (path.includes("\\")) throw new UsageError(`${JSON.stringify(raw)} has a backslash in its path; write it as %5C.`);
  for (const segment of path.replace(/[\t\n\r]/g, "").split("/")) {
    if (/^(\.|%2e){1,2}$/i.test(segment)) {
      throw new UsageError(
        `${JSON.stringify(raw)} has a ${JSON.stringify(segment)} segment, which would change the route; give each path parameter's value.`,
      );
    }
  }
}

/** Accepts `/contacts/1`, `contacts/1`, `/contacts/1?x=y` or a full API URL. */
function splitPath(raw: string): { pathname: string; search: URLSearchParams } {
  checkSegments(raw);
  const url = parseUrl(raw);
  const pathname = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
  // Path parameters are percent-decoded: a `%` that starts no escape would fail there.
  for (const segment of pathname.split("/")) {
    try {
      decodeURIComponent(segment);
    } catch {
      throw new UsageError(
        `${JSON.stringify(segment)} in ${JSON.stringify(raw)} is not valid percent-encoding; write % as %25.`,
      );
    }
  }
  return { pathname, search: url.searchParams };
}

function queryOf(search: URLSearchParams): ResolvedOperation["query"] {
  const query: ResolvedOperation["query"] = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key).map(queryValue);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  return query;
}

/** How to pick the method when the command line gives none. */
interface MethodDefault {
  /** `--paginate`: the path's list operation. */
  paginate: boolean;
  /** Fields or `--input`: POST when the path has one. */
  body: boolean;
}

function defaultMatch<M extends { operation: OperationMeta }>(matches: M[], prefer: MethodDefault): M | undefined {
  const list = prefer.paginate ? matches.find((m) => m.operation.pagination !== null) : undefined;
  if (list) return list;
  const wanted = prefer.body ? ["post", "get"] : ["get"];
  for (const method of wanted) {
    const match = matches.find((m) => m.operation.method === method);
    if (match) return match;
  }
  return undefined;
}

/** The operation of `method` (or the default one, see `MethodDefault`) that `rawPath` fills. */
export function resolveOperation(
  version: ApiVersion,
  method: string | undefined,
  rawPath: string,
  prefer: MethodDefault,
): ResolvedOperation {
  // Widened: with several API versions, `metadata[version]` is a union of tuples that inference cannot take.
  const operations: readonly OperationMeta[] = metadata[version].operations;
  const { pathname, search } = splitPath(rawPath);
  const matches = matchPath(operations, pathname);
  if (matches.length === 0) {
    const nearest = nearestTemplates(operations, pathname)
      .map((template) => `  ${template}`)
      .join("\n");
    throw new UsageError(
      `${pathname} is not a path of Intercom API ${version}. Nearest known paths:\n${nearest}\nRun \`intercom operations\` for all of them.`,
    );
  }
  const match =
    method === undefined
      ? defaultMatch(matches, prefer)
      : matches.find((m) => m.operation.method === method.toLowerCase());
  if (!match) {
    const methods = [...new Set(matches.map((m) => m.operation.method.toUpperCase()))].join(", ");
    const what = method === undefined ? "no -X METHOD was given" : `${method.toUpperCase()} is not one of them`;
    throw new UsageError(`${matches[0]!.operation.path} in API ${version} has ${methods}; ${what}.`);
  }
  return { operation: match.operation, params: match.params, query: queryOf(search) };
}
