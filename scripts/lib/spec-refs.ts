// Dangling `$ref`s: the defect that stops every OpenAPI tool (Intercom's 2.10 and 2.11 both point at
// a `custom_attributes` schema they never define). Found before codegen, each is reported with the
// overlay action that would define the missing node, so the fix is one review away.
import { stringify } from "yaml";
import { decodePointer, encodePointer, lookup, type OpenApiDocument, type OverlayAction } from "./openapi.js";

export interface DanglingRef {
  /** JSON pointer of the `$ref` that resolves to nothing. */
  pointer: string;
  /** The reference, e.g. `#/components/schemas/custom_attributes`. */
  ref: string;
}

/** Every local `$ref` in `spec` that points at nothing, in document order. */
export function findDanglingRefs(spec: OpenApiDocument): DanglingRef[] {
  const found: DanglingRef[] = [];
  const walk = (node: unknown, keys: string[]) => {
    if (!node || typeof node !== "object") return;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === "string" && ref.startsWith("#/") && lookup(spec, ref) === undefined) {
      found.push({ pointer: encodePointer([...keys, "$ref"]), ref });
    }
    for (const [key, child] of Object.entries(node)) walk(child, [...keys, key]);
  };
  walk(spec, []);
  return found;
}

const jsonPath = (keys: string[]) =>
  "$" + keys.map((k) => (/^[A-Za-z_][\w-]*$/.test(k) ? `.${k}` : `['${k.replace(/'/g, "\\'")}']`)).join("");

/**
 * The overlay action that defines the missing node: `definition` when an earlier version's
 * corrected description has one (to review, not to trust), otherwise a placeholder to fill in.
 */
export function suggestDefinition(dangling: DanglingRef[], definition: unknown): OverlayAction {
  const keys = decodePointer(dangling[0]!.ref);
  const where = dangling.map((d) => d.pointer).join(", ");
  return {
    target: jsonPath(keys.slice(0, -1)),
    description:
      `Dangling reference: ${where} point${dangling.length === 1 ? "s" : ""} at ${dangling[0]!.ref}, which the file ` +
      "never defines. TODO: the evidence for the shape defined here.",
    update: { [keys.at(-1)!]: definition ?? { type: "object", description: "TODO: the real shape." } },
  };
}

/** The action as YAML, indented to paste under `actions:`. */
export function actionYaml(action: OverlayAction): string {
  return stringify([action], { lineWidth: 100 })
    .trimEnd()
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}

/** Dangling refs grouped by what they point at. */
export function groupByRef(dangling: DanglingRef[]): Map<string, DanglingRef[]> {
  const groups = new Map<string, DanglingRef[]>();
  for (const d of dangling) groups.set(d.ref, [...(groups.get(d.ref) ?? []), d]);
  return groups;
}

/** What an earlier corrected description defines at `ref`, if anything. */
export const definitionIn = (spec: OpenApiDocument, ref: string): unknown => lookup(spec, ref);
