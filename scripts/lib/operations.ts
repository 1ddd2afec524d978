// Runtime metadata derived from the corrected spec: what hand-written code (pagination, the CLI,
// the tests) needs to know about each operation without listing paths by hand.
import type { OpenApiDocument } from "./spec.js";
import { assertOnePaginatedMethodPerPath, classifyPagination, type PaginationMeta } from "./pagination.js";

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

export interface OperationMeta {
  method: (typeof HTTP_METHODS)[number];
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  pagination: PaginationMeta | null;
}

export function listOperations(spec: OpenApiDocument): OperationMeta[] {
  const operations: OperationMeta[] = [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = (item as OpenApiDocument)[method];
      if (!op) continue;
      operations.push({
        method,
        path,
        operationId: op.operationId,
        tag: op.tags?.[0] ?? "",
        summary: op.summary ?? "",
        pagination: classifyPagination(spec, method, path, op),
      });
    }
  }
  assertOnePaginatedMethodPerPath(operations);
  return operations;
}
