// Throw-on-error for single calls (openapi-typescript#1687, #1954): the result keeps openapi-fetch's
// `{ data, error, response }` shape, and `unwrap` turns it into `data` or an `IntercomError`.
import { intercomErrorFromResult } from "./errors.js";

type Result = { data?: unknown; error?: unknown; response: Response };

/** The success branch's `data` of an openapi-fetch result union. */
export type DataOf<R> = R extends { data?: infer D; error?: never } ? D : never;

/**
 * Resolves to the call's `data`, typed from the operation, or throws an `IntercomError` for a
 * non-2xx response (network failures and timeouts already throw one).
 *
 * @example
 * const contact = await unwrap(intercom.GET("/contacts/{id}", { params: { path: { id } } }));
 */
export async function unwrap<R extends Result>(call: Promise<R> | R): Promise<DataOf<R>> {
  const result = await call;
  if (result.error !== undefined || !result.response.ok) throw intercomErrorFromResult(result);
  return result.data as DataOf<R>;
}
