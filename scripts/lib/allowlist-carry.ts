// Carries a version's spec:check allowlist forward, as overlay-carry.ts carries its overlay: an entry
// is carried when the new version has the same finding (operation by method and path template, example
// location and name, pointer, keyword) on the same recorded value, so the reason reviewed for it still
// holds. Every other finding stays open, for a reviewer.
import { isDeepStrictEqual } from "node:util";
import { Document, Scalar, type YAMLMap, type YAMLSeq } from "yaml";
import { CARRIED_FROM } from "./overlay-carry.js";
import { lookup, pathTemplate, type OpenApiDocument } from "./openapi.js";
import { collectExamples, findingKey, type AllowlistEntry, type Finding } from "./spec-check.js";

export type CarriedEntry = AllowlistEntry & { [CARRIED_FROM]?: string };

/** `GET /contacts/{id}` → `GET /contacts/{}`: the identity of a finding across a renamed path parameter. */
const templated = (f: Pick<Finding, "operation" | "in" | "example" | "pointer" | "kind">) =>
  findingKey({ ...f, operation: f.operation.replace(/ (\S+)$/, (_, path: string) => ` ${pathTemplate(path)}`) });

/** The value a finding points at, by the same templated identity. */
function recordedValues(spec: OpenApiDocument): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const e of collectExamples(spec)) {
    values.set(templated({ ...e, pointer: "", kind: "" }), e.value);
  }
  return values;
}

function valueAt(values: Map<string, unknown>, f: Omit<AllowlistEntry, "reason">): unknown {
  const example = values.get(templated({ ...f, pointer: "", kind: "" }));
  // A `required` finding points at the missing key: compare the object that lacks it.
  const pointer = f.kind === "required" ? f.pointer.replace(/\/[^/]*$/, "") : f.pointer;
  return lookup(example, pointer);
}

/** The entries of `from`'s allowlist that still describe a finding of the new version, with its pointer. */
export function carryAllowlist(input: {
  fromVersion: string;
  entries: AllowlistEntry[];
  oldSpec: OpenApiDocument;
  newSpec: OpenApiDocument;
  findings: Finding[];
}): CarriedEntry[] {
  const byKey = new Map(input.entries.map((e) => [templated(e), e]));
  const [before, after] = [recordedValues(input.oldSpec), recordedValues(input.newSpec)];
  return input.findings.flatMap((f): CarriedEntry[] => {
    const entry = byKey.get(templated(f));
    if (!entry || !isDeepStrictEqual(valueAt(before, entry), valueAt(after, f))) return [];
    const { [CARRIED_FROM]: _, ...plain } = entry as CarriedEntry;
    const { operation, in: where, example, pointer, kind } = f;
    return [{ ...plain, operation, in: where, example, pointer, kind, [CARRIED_FROM]: input.fromVersion }];
  });
}

/** The allowlist file: carried entries (replaced by a re-run of the bump), then the version's own. */
export function allowlistFile(version: string, from: string, entries: CarriedEntry[]): string {
  const header = [
    `# spec:check findings of the corrected ${version} description that are deliberately not corrected; see`,
    `# README "Spec check". Entries with \`${CARRIED_FROM}: "${from}"\` were carried by \`npm run spec:bump\` from`,
    `# spec-check-allowlist/${from}.yaml: ${version} has the same finding on the same recorded value, so the`,
    `# reason reviewed for ${from} holds. A re-run of the bump replaces them; entries without it are kept.`,
  ];
  const document = new Document({ entries }, { aliasDuplicateObjects: false });
  // Reasons as folded blocks (`>-`), as they are written by hand.
  for (const entry of (document.get("entries") as YAMLSeq<YAMLMap>).items) {
    (entry.get("reason", true) as Scalar).type = Scalar.BLOCK_FOLDED;
  }
  return `${header.join("\n")}\n${document.toString({ lineWidth: 100 })}`;
}
