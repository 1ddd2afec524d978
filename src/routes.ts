// Matches a concrete path such as `/contacts/123` to the operation templates (`/contacts/{id}`) of
// the generated metadata, and finds the templates nearest to a path that matches none.

/** The part of an operation's metadata that routing needs. */
export interface RouteTemplate {
  method: string;
  path: string;
}

interface RouteMatch<Op extends RouteTemplate> {
  operation: Op;
  /** Path parameters by name, percent-decoded, e.g. `{ id: "123" }`. */
  params: Record<string, string>;
}

const segments = (path: string) => path.split("/").slice(1);
const parameterName = (segment: string) => /^\{(.+)\}$/.exec(segment)?.[1];

function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const expected = segments(template);
  const actual = segments(path);
  if (expected.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of expected.entries()) {
    const value = actual[i]!;
    const name = parameterName(segment);
    if (name === undefined ? segment !== value : value === "") return undefined;
    if (name !== undefined) params[name] = decodeURIComponent(value);
  }
  return params;
}

// Literal segments win over parameters, so `/contacts/search` is not taken for `/contacts/{id}`.
const specificity = (template: string) =>
  segments(template)
    .map((segment) => (parameterName(segment) === undefined ? "0" : "1"))
    .join("");

/** Every operation whose template `path` fills (any method), most specific template first. */
export function matchPath<Op extends RouteTemplate>(operations: readonly Op[], path: string): RouteMatch<Op>[] {
  const matches: RouteMatch<Op>[] = [];
  for (const operation of operations) {
    const params = matchTemplate(operation.path, path);
    if (params) matches.push({ operation, params });
  }
  return matches.sort((a, b) => specificity(a.operation.path).localeCompare(specificity(b.operation.path)));
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

// A template with the path's own values in its parameters, so IDs do not count as differences.
function filled(template: string, path: string): string {
  const actual = segments(path);
  const expected = segments(template);
  if (actual.length !== expected.length) return template;
  return "/" + expected.map((segment, i) => (parameterName(segment) === undefined ? segment : actual[i])).join("/");
}

/** The `limit` distinct templates nearest to `path` by edit distance, nearest first. */
export function nearestTemplates(operations: readonly RouteTemplate[], path: string, limit = 3): string[] {
  const templates = [...new Set(operations.map((operation) => operation.path))];
  return templates
    .map((template) => ({ template, distance: editDistance(filled(template, path), path) }))
    .sort((a, b) => a.distance - b.distance || a.template.localeCompare(b.template))
    .slice(0, limit)
    .map(({ template }) => template);
}
