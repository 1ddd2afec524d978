// Maps requests seen on the wire back to the spec's operations, so a suite can prove it exercised
// every tag of the generated metadata: a spec bump that adds a tag fails the suite until it is tested.
import { defaultVersion, metadata } from "../../src/generated.js";

export type Operation = (typeof metadata)[typeof defaultVersion]["operations"][number];

export const operations: readonly Operation[] = metadata[defaultVersion].operations;

export const allTags: readonly string[] = [...new Set(operations.map((op) => op.tag))].sort();

const parameterCount = (path: string) => path.split("{").length - 1;

const templatePattern = (path: string) =>
  new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`);

/** The operation a request hits, from its method and raw (still percent-encoded) URL path. */
export function operationAt(method: string, url: string): Operation | undefined {
  const pathname = url.split("?")[0] ?? "";
  return (
    operations
      .filter((op) => op.method === method.toLowerCase() && templatePattern(op.path).test(pathname))
      // A literal segment wins over a parameter: GET /companies/scroll is not GET /companies/{id}.
      .sort((a, b) => parameterCount(a.path) - parameterCount(b.path))[0]
  );
}

/** Collects the operations a suite sent, to report the tags it never reached. */
export class TagCoverage {
  readonly #tags = new Set<string>();

  /** Records a request; throws when it matches no operation of the spec. */
  record(method: string, url: string): Operation {
    const op = operationAt(method, url);
    if (!op) throw new Error(`${method} ${url} matches no operation of the ${defaultVersion} spec`);
    this.#tags.add(op.tag);
    return op;
  }

  missingTags(): string[] {
    return allTags.filter((tag) => !this.#tags.has(tag));
  }
}
