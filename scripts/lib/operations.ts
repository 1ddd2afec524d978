// Runtime metadata derived from the corrected spec: what hand-written code (pagination, the CLI,
// the tests) needs to know about each operation without listing paths by hand.
import { assertOnePaginatedMethodPerPath, classifyPagination, type PaginationMeta } from "./classify-pagination.js";
import { eachOperation, type HttpMethod, type OpenApiDocument } from "./openapi.js";

export interface OperationMeta {
  method: HttpMethod;
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  pagination: PaginationMeta | null;
}

export function listOperations(spec: OpenApiDocument): OperationMeta[] {
  const operations = eachOperation(spec).map((ref): OperationMeta => {
    const { method, path, operation: op } = ref;
    return {
      method,
      path,
      operationId: op.operationId,
      tag: op.tags?.[0] ?? "",
      summary: op.summary ?? "",
      pagination: classifyPagination(spec, ref),
    };
  });
  assertOnePaginatedMethodPerPath(operations);
  return operations;
}
