// Maps requests seen on the wire back to the spec's operations, so a suite can prove it exercised
// every tag of the generated metadata: a spec bump that adds a tag fails the suite until it is tested.
// Routing is the shipped one (src/routes.ts), as the testing helper and the CLI use it.
import { matchPath } from "../../src/routes.js";
import { defaultVersion, metadata } from "../../src/generated.js";

export type Operation = (typeof metadata)[typeof defaultVersion]["operations"][number];

export const operations: readonly Operation[] = metadata[defaultVersion].operations;

export const allTags: readonly string[] = [...new Set(operations.map((op) => op.tag))].sort();

/** The operation a request hits, from its method and raw (still percent-encoded) URL path. */
export function operationAt(method: string, url: string): Operation | undefined {
  const pathname = url.split("?")[0] ?? "";
  // matchPath puts literal segments first: GET /companies/scroll is not GET /companies/{id}.
  return matchPath(operations, pathname).find((match) => match.operation.method === method.toLowerCase())?.operation;
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
