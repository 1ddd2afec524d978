// Carries a version's overlay actions forward to the next version's description. An action is
// carried only when the nodes it writes are exactly as they were in the old description, so the
// reviewed correction does on the new file what it did on the old one. Everything else (a target
// that is gone, a defect the new file fixed, a node upstream changed) is reported and left out,
// never dropped silently nor merged into a node it was not written for.
import { isDeepStrictEqual } from "node:util";
import { paths as jsonPaths } from "jsonpathly";
import {
  applyActions,
  encodePointer,
  pathTemplate,
  type OpenApiDocument,
  type OverlayAction,
  type OverlayDocument,
} from "./openapi.js";

/** Marks an action copied unchanged from the named version's overlay; a re-run of the bump replaces these. */
export const CARRIED_FROM = "x-carried-from" as const;
/** The target the action had in that overlay, when the path it named was renamed (same method and template). */
export const RETARGETED_FROM = "x-retargeted-from" as const;

/** An overlay action with the optional carry-forward annotations. */
export type AnnotatedAction = OverlayAction & { [CARRIED_FROM]?: string; [RETARGETED_FROM]?: string };

export type CarryStatus = "carried" | "retargeted" | "gone" | "fixed" | "superseded" | "changed";

export interface CarryOutcome {
  status: CarryStatus;
  /** The action as the old overlay has it. */
  action: OverlayAction;
  /** The action as written to the new overlay, when carried. */
  carried?: AnnotatedAction;
  /** Markdown explaining the outcome. */
  detail: string;
}

export interface CarryInput {
  fromVersion: string;
  toVersion: string;
  /** The old version's overlay. */
  overlay: OverlayDocument;
  /** The old and new descriptions, as vendored (no overlay applied). */
  oldSpec: OpenApiDocument;
  newSpec: OpenApiDocument;
}

type Node = unknown;
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const isParameter = (v: unknown): v is { name: string; in: string } =>
  isObject(v) && typeof v.name === "string" && typeof v.in === "string";

/** JSON pointer segments of a jsonpathly normalized path (`$['a'][0]['b']`). */
function segments(normalized: string): (string | number)[] {
  return [...normalized.matchAll(/\[(?:'((?:[^'\\]|\\.)*)'|(\d+))\]/g)].map((m) =>
    m[2] === undefined ? m[1]!.replace(/\\(.)/g, "$1") : Number(m[2]),
  );
}

/**
 * The nodes `target` selects, keyed by JSON pointer with path templates normalised, so that a
 * node under `/contacts/{id}` and the same node under `/contacts/{contact_id}` share a key.
 */
function select(spec: OpenApiDocument, target: string): Map<string, { pointer: string; value: Node }> {
  if (target === "$") return new Map([["", { pointer: "", value: spec }]]);
  // openapi-format rewrites RFC 9535 filters `[?@...]` to `[?(@...)]` before querying; so must we.
  const normalized = target.replace(/\[\?(@|\$)([^\]]*)\]/g, "[?($1$2)]");
  const found = new Map<string, { pointer: string; value: Node }>();
  for (const path of jsonPaths(spec, normalized, { hideExceptions: true })) {
    const keys = segments(path);
    const value = keys.reduce<Node>((node, key) => (node as Record<string | number, Node>)?.[key], spec);
    const templated =
      keys[0] === "paths" && typeof keys[1] === "string" ? ["paths", pathTemplate(keys[1]), ...keys.slice(2)] : keys;
    found.set(encodePointer(templated), { pointer: encodePointer(keys), value });
  }
  return found;
}

/** The parts of `node` that `update` writes: what must be unchanged for the action to still fit. */
function project(node: Node, update: unknown): Node {
  if (isObject(update)) {
    if (!isObject(node)) return node;
    return Object.fromEntries(Object.keys(update).map((k) => [k, project(node[k], update[k])]));
  }
  // openapi-format merges parameter arrays by name and `in`; other arrays are appended to (so the whole array counts).
  if (Array.isArray(update) && Array.isArray(node) && update.every(isParameter)) {
    return Object.fromEntries(
      update.map((item) => [
        `${item.in}:${item.name}`,
        project(
          node.find((n) => isParameter(n) && n.name === item.name && n.in === item.in),
          item,
        ),
      ]),
    );
  }
  return node;
}

interface Difference {
  pointer: string;
  /** Absent in the old description, present in the new one: upstream now defines what the action added. */
  added: boolean;
}

function differences(a: Node, b: Node, pointer: string): Difference[] {
  if (isDeepStrictEqual(a, b)) return [];
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => differences(a[k], b[k], `${pointer}${encodePointer([k])}`));
  }
  return [{ pointer, added: a === undefined }];
}

/** Pointers the action writes that are absent both before (in the old file) and now (in the new one). */
function absences(a: Node, b: Node, pointer: string): string[] {
  if (a === undefined) return b === undefined ? [pointer] : [];
  if (!isObject(a)) return [];
  return Object.keys(a).flatMap((k) =>
    absences(a[k], isObject(b) ? b[k] : undefined, `${pointer}${encodePointer([k])}`),
  );
}

/** The description with one action applied, to a copy unless `inPlace`. */
async function apply(spec: OpenApiDocument, action: OverlayAction, inPlace = false): Promise<OpenApiDocument> {
  return (await applyActions(spec, [action], { inPlace })).spec;
}

/** `$.paths['/contacts/{id}']…` → `$.paths['/contacts/{contact_id}']…` when the new file renamed the path. */
function retarget(target: string, renamed: Map<string, string>): string {
  return target.replace(/\[(['"])(\/[^'"]*)\1\]/g, (whole, quote: string, path: string) => {
    const to = renamed.get(path);
    return to ? `[${quote}${to}${quote}]` : whole;
  });
}

/** Old path → new path, for paths that differ only in their parameter names. */
function renamedPaths(oldSpec: OpenApiDocument, newSpec: OpenApiDocument): Map<string, string> {
  const byTemplate = new Map(Object.keys(newSpec.paths ?? {}).map((p) => [pathTemplate(p), p]));
  const renamed = new Map<string, string>();
  for (const path of Object.keys(oldSpec.paths ?? {})) {
    const to = byTemplate.get(pathTemplate(path));
    if (to && to !== path && !(path in (newSpec.paths ?? {}))) renamed.set(path, to);
  }
  return renamed;
}

const code = (s: string) => `\`${s}\``;
const pointers = (list: string[]) => list.map(code).join(", ");

/**
 * Decides, action by action and in order, what carries forward. Each action is judged against the
 * old description as the earlier actions left it, and the new description as the earlier carried
 * actions left it, so an action that builds on one that was not carried is not carried either.
 */
export async function carryForward({ fromVersion, toVersion, overlay, oldSpec, newSpec }: CarryInput) {
  const renamed = renamedPaths(oldSpec, newSpec);
  const outcomes: CarryOutcome[] = [];
  // Working copies: `before` is changed in place, `after` only through copies (see the no-op test).
  let before = structuredClone(oldSpec);
  let after = newSpec;
  for (const action of overlay.actions) {
    const projection = (value: Node) => (action.remove ? value : project(value, action.update));
    // Projected (and copied) before `apply` merges into these very nodes.
    const oldNodes = new Map(
      [...select(before, action.target)].map(([key, n]) => [
        key,
        { pointer: n.pointer, projected: structuredClone(projection(n.value)) },
      ]),
    );
    before = await apply(before, action, true);
    const target = retarget(action.target, renamed);
    const newNodes = select(after, target);
    const report = (status: CarryStatus, detail: string) => outcomes.push({ status, action, detail });
    if (newNodes.size === 0) {
      report("gone", `${code(action.target)} matches nothing in ${toVersion}.`);
      continue;
    }
    const result = await apply(after, { ...action, target });
    if (isDeepStrictEqual(result, after)) {
      report("fixed", `applying it to ${toVersion} changes nothing: ${toVersion} already has what it corrects.`);
      continue;
    }
    const compared = [...oldNodes].flatMap(([key, node]) => {
      const now = newNodes.get(key);
      return now ? [{ old: node.projected, now: projection(now.value), pointer: now.pointer }] : [];
    });
    const diffs = compared.flatMap((c) => differences(c.old, c.now, c.pointer));
    // What it adds that the new file still lacks: then it is only partly fixed upstream.
    const stillMissing = compared.flatMap((c) => absences(c.old, c.now, c.pointer));
    if (diffs.length > 0 && diffs.every((d) => d.added)) {
      const where = pointers(diffs.map((d) => d.pointer));
      report(
        stillMissing.length ? "changed" : "superseded",
        stillMissing.length
          ? `${toVersion} now defines part of what it added (${where}) but still lacks ${pointers(stillMissing)}. ` +
              `Review ${toVersion}'s definitions and re-add the missing part in overlays/${toVersion}.yaml.`
          : `${toVersion} now defines what it added (${where}); the defect looks fixed upstream. ` +
              `Review ${toVersion}'s definition; if it is still wrong, write a new action in overlays/${toVersion}.yaml.`,
      );
      continue;
    }
    if (diffs.length > 0) {
      report(
        "changed",
        `${toVersion} changed what it corrects (${pointers(diffs.map((d) => d.pointer))}), so it may no longer fit. ` +
          `Review it against ${toVersion}; if still needed, adapt it in overlays/${toVersion}.yaml.`,
      );
      continue;
    }
    const lost = [...oldNodes.keys()].filter((k) => !newNodes.has(k)).map((k) => oldNodes.get(k)!.pointer);
    const gained = [...newNodes.keys()].filter((k) => !oldNodes.has(k)).length;
    const notes = [
      lost.length ? `no longer matches ${pointers(lost)}` : "",
      gained ? `also applies to ${gained} node${gained === 1 ? "" : "s"} new in ${toVersion}` : "",
    ].filter(Boolean);
    // Annotations from an earlier bump describe that bump: replace them.
    const { [CARRIED_FROM]: _from, [RETARGETED_FROM]: _target, ...plain } = action as AnnotatedAction;
    const carried: AnnotatedAction = {
      ...plain,
      target,
      [CARRIED_FROM]: fromVersion,
      ...(target !== action.target && { [RETARGETED_FROM]: action.target }),
    };
    after = result;
    outcomes.push({
      status: target === action.target ? "carried" : "retargeted",
      action,
      carried,
      detail:
        (target === action.target
          ? "the nodes it writes are unchanged."
          : `the path was renamed; now ${code(target)}.`) + (notes.length ? ` Note: it ${notes.join("; ")}.` : ""),
    });
  }
  return outcomes;
}

const headings: Record<CarryStatus, string> = {
  carried: "carried",
  retargeted: "carried to the renamed path",
  gone: "not carried: target gone",
  fixed: "not carried: fixed upstream",
  superseded: "not carried: upstream now defines it",
  changed: "not carried: upstream changed the node, review",
};

/** One Markdown line per action, for the change report and the console. */
export function describeOutcome(outcome: CarryOutcome): string {
  const sentence = (outcome.action.description ?? "")
    .trim()
    .split(/(?<=\.)\s/)[0]!
    .replace(/`/g, "");
  const summary = sentence.length > 120 ? `${sentence.slice(0, 119)}…` : sentence;
  return `**${headings[outcome.status]}**: ${code(outcome.action.target)} (${summary}): ${outcome.detail}`;
}
