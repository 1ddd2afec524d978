// How each operation paginates, derived from the corrected spec (placeholder: classified in the pagination work).
import type { OpenApiDocument } from "./spec.js";

export type PaginationMeta = { style: string };

export function classifyPagination(
  _spec: OpenApiDocument,
  _method: string,
  _path: string,
  _operation: OpenApiDocument,
): PaginationMeta | null {
  return null;
}
