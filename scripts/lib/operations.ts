// Runtime metadata derived from the corrected spec: what hand-written code (pagination, the CLI,
// the tests) needs to know about each operation without listing paths by hand.
import {
  classifyPagination,
  paginationExtension,
  pathsPaginatedTwice,
  type PaginationMeta,
} from "./classify-pagination.js";
import { eachOperation, type HttpMethod, type OpenApiDocument } from "./openapi.js";

export interface OperationMeta {
  method: HttpMethod;
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  pagination: PaginationMeta | null;
}

export interface OperationTable {
  operations: OperationMeta[];
  /** Why operations that look paginated were generated without pagination: one line each, to review. */
  needsReview: string[];
}

/** Every operation's metadata, and the pagination the rules could not tell without a guess. */
export function classifyOperations(spec: OpenApiDocument): OperationTable {
  const needsReview: string[] = [];
  const operations = eachOperation(spec).map((ref): OperationMeta => {
    const { method, path, operation: op } = ref;
    const classification = classifyPagination(spec, ref);
    if ("review" in classification) needsReview.push(classification.review);
    return {
      method,
      path,
      operationId: op.operationId,
      tag: op.tags?.[0] ?? "",
      summary: op.summary ?? "",
      pagination: classification.pagination,
    };
  });
  for (const [path, methods] of pathsPaginatedTwice(operations)) {
    for (const o of operations) if (o.path === path) o.pagination = null;
    needsReview.push(
      `${path} paginates with both ${methods.map((m) => m.toUpperCase()).join(" and ")}, but paginate(path) ` +
        `picks by path, so neither is paginated; set ${paginationExtension}: false in the overlay on the one that does not list.`,
    );
  }
  return { operations, needsReview };
}

export function listOperations(spec: OpenApiDocument): OperationMeta[] {
  return classifyOperations(spec).operations;
}
