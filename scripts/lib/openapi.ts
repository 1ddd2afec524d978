// The OpenAPI toolkit every script shares: JSON pointers, `$ref` resolution, the walk over
// operations, the success response, overlays, and the formatting of generated files. One home for
// each, so that codegen, spec:check, the diff and the bump read a description the same way.
import { openapiOverlay } from "openapi-format";
import * as prettier from "prettier";

// OpenAPI documents are plain JSON trees; `any` keeps traversal code readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OpenApiDocument = Record<string, any>;

export interface OverlayAction {
  target: string;
  description?: string;
  update?: unknown;
  remove?: boolean;
}
export interface OverlayDocument {
  overlay: string;
  info: { title: string; version: string };
  actions: OverlayAction[];
}

// ---------------------------------------------------------------------------------------------
// JSON pointers (RFC 6901) and `$ref`s

/** `["paths", "/contacts", "get"]` → `/paths/~1contacts/get`. */
export const encodePointer = (keys: readonly (string | number)[]): string =>
  keys.map((k) => "/" + String(k).replace(/~/g, "~0").replace(/\//g, "~1")).join("");

/**
 * `#/components/schemas/a~1b` or `/components/schemas/a~1b` → `["components", "schemas", "a/b"]`.
 * A `$ref` is a URI, so its fragment is percent-decoded first.
 */
export function decodePointer(pointer: string): string[] {
  const fragment = pointer.startsWith("#") ? decodeURIComponent(pointer.slice(1)) : pointer;
  if (fragment === "") return [];
  return fragment
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The node at a pointer (or key list), undefined when there is none. */
export function lookup(doc: unknown, pointer: string | readonly string[]): unknown {
  const keys = typeof pointer === "string" ? decodePointer(pointer) : pointer;
  return keys.reduce<unknown>(
    (node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined),
    doc,
  );
}

/** Why a `$ref` chain has no target. */
export class RefError extends Error {}

const isObject = (v: unknown): v is OpenApiDocument => typeof v === "object" && v !== null && !Array.isArray(v);

function follow(spec: OpenApiDocument, node: unknown): OpenApiDocument | RefError | undefined {
  const seen = new Set<string>();
  let current = node;
  while (isObject(current) && typeof current.$ref === "string") {
    const ref: string = current.$ref;
    if (!ref.startsWith("#")) return new RefError(`only local $refs are supported: ${ref}`);
    if (seen.has(ref)) return new RefError(`$ref cycle: ${[...seen, ref].join(" → ")}`);
    seen.add(ref);
    current = lookup(spec, ref);
    if (current === undefined) return new RefError(`$ref ${ref} resolves to nothing`);
  }
  return isObject(current) ? current : undefined;
}

/**
 * Follows a chain of local `$ref`s to the object it ends at (an object without `$ref` is its own end).
 * A chain that points at nothing, loops, or leaves the document has no end: `undefined`, as has a
 * value that is not an object. Intercom's descriptions are self-contained; a dangling `$ref` is found
 * before codegen (spec-refs.ts).
 */
export function deref(spec: OpenApiDocument, node: unknown): OpenApiDocument | undefined {
  const end = follow(spec, node);
  return end instanceof RefError ? undefined : end;
}

/** As `deref`, but a chain without an end throws a RefError saying why. */
export function derefOrThrow(spec: OpenApiDocument, node: unknown): OpenApiDocument | undefined {
  const end = follow(spec, node);
  if (end instanceof RefError) throw end;
  return end;
}

// ---------------------------------------------------------------------------------------------
// Operations

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface OperationRef {
  path: string;
  method: HttpMethod;
  pathItem: OpenApiDocument;
  operation: OpenApiDocument;
}

/** Every operation of the description: paths in document order, methods in HTTP_METHODS order. */
export function eachOperation(spec: OpenApiDocument): OperationRef[] {
  return Object.entries<OpenApiDocument>(spec.paths ?? {}).flatMap(([path, pathItem]) =>
    HTTP_METHODS.flatMap((method) =>
      pathItem?.[method] ? [{ path, method, pathItem, operation: pathItem[method] as OpenApiDocument }] : [],
    ),
  );
}

/** The operation's parameters, resolved: the path item's, overridden by the operation's own (same `in` and name). */
export function parametersOf(spec: OpenApiDocument, { pathItem, operation }: OperationRef): OpenApiDocument[] {
  const byKey = new Map<string, OpenApiDocument>();
  for (const raw of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
    const param = deref(spec, raw);
    if (param) byKey.set(`${param.in}:${param.name}`, param);
  }
  return [...byKey.values()];
}

/** The first 2xx response (resolved) and its status. */
export function successResponse(
  spec: OpenApiDocument,
  operation: OpenApiDocument,
): { status: number; response: OpenApiDocument } | undefined {
  const status = Object.keys(operation.responses ?? {}).find((code) => /^2\d\d$/.test(code));
  if (status === undefined) return undefined;
  return { status: Number(status), response: deref(spec, operation.responses[status]) ?? {} };
}

/** The JSON media type object of a `content` map (`application/json`, else any `…json`). */
export function jsonMedia(content: OpenApiDocument | undefined): OpenApiDocument | undefined {
  if (!content) return undefined;
  const type = "application/json" in content ? "application/json" : Object.keys(content).find((t) => /json/.test(t));
  return type === undefined ? undefined : content[type];
}

/** `/contacts/{id}` and `/contacts/{contact_id}` are the same resource: a path without its parameter names. */
export const pathTemplate = (path: string): string => path.replace(/\{[^}]*\}/g, "{}");

// ---------------------------------------------------------------------------------------------
// Overlays (https://spec.openapis.org/overlay/v1.0.0.html), applied by openapi-format

/** Applies actions as they are; `unused` are those that matched nothing. Works on a copy unless `inPlace`. */
export async function applyActions(
  spec: OpenApiDocument,
  actions: OverlayAction[],
  { inPlace = false } = {},
): Promise<{ spec: OpenApiDocument; unused: OverlayAction[] }> {
  type OverlaySet = Parameters<typeof openapiOverlay>[1]["overlaySet"];
  const overlaySet = { overlay: "1.0.0", info: { title: "", version: "" }, actions } as OverlaySet;
  const { data, resultData } = await openapiOverlay(inPlace ? spec : structuredClone(spec), { overlaySet });
  return { spec: data as OpenApiDocument, unused: (resultData.unusedActions ?? []) as OverlayAction[] };
}

/** Applies a reviewed overlay: an action without a description, or that matches nothing, is an error. */
export async function applyOverlay(spec: OpenApiDocument, overlay: OverlayDocument): Promise<OpenApiDocument> {
  const undocumented = overlay.actions.filter((a) => !a.description?.trim());
  if (undocumented.length > 0) {
    throw new Error(`overlay actions without a description: ${undocumented.map((a) => a.target).join(", ")}`);
  }
  const { spec: corrected, unused } = await applyActions(spec, overlay.actions);
  if (unused.length > 0) {
    const targets = unused.map((a) => `  ${a.target}`).join("\n");
    throw new Error(`overlay actions matched nothing in the spec:\n${targets}`);
  }
  return corrected;
}

// ---------------------------------------------------------------------------------------------
// Generated and written files

/** The first line of every file under generated/. */
export const GENERATED_BANNER = "// Generated by `npm run generate` from openapi/. Do not edit by hand.\n";

/** `text` formatted by Prettier with the project's configuration for `filepath` (which picks the parser). */
export async function formatFile(text: string, filepath: string): Promise<string> {
  const config = await prettier.resolveConfig(filepath);
  return prettier.format(text, { ...config, filepath });
}
