// What `npm run spec:bump` writes, decided without writing anything: `planBump` reads the candidate
// description and the repository's openapi/ folder and returns every file to write (path → contents,
// as generate.ts's render does) with a summary. scripts/spec-bump.ts writes the plan and verifies it.
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { Document, Scalar, type YAMLMap, type YAMLSeq, parse } from "yaml";
import { allowlistFile, carryAllowlist, type CarriedEntry } from "./allowlist-carry.js";
import { CARRIED_FROM, carryForward, describeOutcome, type CarryOutcome } from "./overlay-carry.js";
import { applyOverlay, formatFile, type OpenApiDocument, type OverlayDocument } from "./openapi.js";
import { classifyOperations } from "./operations.js";
import {
  applyAllowlist,
  collectExamples,
  findIssues,
  findingKey,
  findingLine,
  findingsByClass,
  readAllowlist,
  type CheckResult,
} from "./spec-check.js";
import { diffSpecs, renderChangeReport, type Change, type ReportSection } from "./spec-diff.js";
import { actionYaml, definitionIn, findDanglingRefs, groupByRef, suggestDefinition } from "./spec-refs.js";
import { rules, applyRules } from "./rules.js";
import { loadCorrectedSpec, readManifest, readOverlay, sha256, type Manifest } from "./spec.js";

/** A bump that cannot go on, for a reason the user can act on. */
export class BumpError extends Error {}

export interface BumpInput {
  /** The published description, as read from `name`. */
  candidate: { bytes: Buffer; name: string };
  /** The repository's openapi/ folder, with a trailing slash. */
  openapiDir: string;
  /** The version to compare with and carry the overlay from; default: the closest earlier one. */
  from?: string;
  /** Replace a version the manifest already has. */
  force?: boolean;
  /** Where the file was published, for the manifest; default: the file's name. */
  source?: string;
}

export interface BumpSummary {
  version: string;
  from: string;
  /** Files of the plan relative to openapi/, in the order they are listed. */
  vendored: string;
  overlay: string;
  report: string;
  outcomes: CarryOutcome[];
  changes: Change[];
  /** Operations generated without pagination because the rules could not tell it: why, one line each. */
  needsReview: string[];
  /** spec:check of the corrected description against the version's allowlist (none for a new version). */
  check: CheckResult;
}

export interface BumpPlan {
  /** Absolute path → contents; nothing else is written. */
  files: Map<string, string>;
  summary: BumpSummary;
}

export const byVersion = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });

/** The candidate as an OpenAPI 3 description of Intercom's API, and its version. */
export function readCandidate({ bytes, name }: BumpInput["candidate"]): { spec: OpenApiDocument; version: string } {
  const notIntercom = (why: string) => new BumpError(`${name} is not an Intercom OpenAPI description: ${why}.`);
  const text = bytes.toString("utf8");
  // Vendored byte for byte: the plan holds text, so the bytes must be exactly their UTF-8 reading.
  if (!Buffer.from(text, "utf8").equals(bytes)) throw notIntercom("it is not UTF-8 text");
  let spec: unknown;
  try {
    spec = parse(text);
  } catch (error) {
    throw notIntercom(`it is not YAML or JSON (${(error as Error).message.split("\n")[0]})`);
  }
  if (!spec || typeof spec !== "object" || Array.isArray(spec)) throw notIntercom("it is not a YAML/JSON object");
  const doc = spec as OpenApiDocument;
  if (typeof doc.openapi !== "string" || !doc.openapi.startsWith("3.")) {
    throw notIntercom(`\`openapi\` is ${JSON.stringify(doc.openapi)}, not a 3.x version`);
  }
  const servers: string = JSON.stringify(doc.servers ?? []);
  if (!/intercom/i.test(String(doc.info?.title)) && !servers.includes("intercom.io")) {
    throw notIntercom(`neither \`info.title\` (${JSON.stringify(doc.info?.title)}) nor \`servers\` name Intercom`);
  }
  const version = doc.info?.version;
  if (typeof version !== "string" || !/^[0-9A-Za-z][0-9A-Za-z.-]*$/.test(version)) {
    throw notIntercom(`\`info.version\` (${JSON.stringify(version)}) is not an API version such as "2.11"`);
  }
  if (!doc.paths || typeof doc.paths !== "object" || Object.keys(doc.paths).length === 0) {
    throw notIntercom("it has no `paths`");
  }
  return { spec: doc, version };
}

/** The version the new one is compared with and inherits its overlay from: the closest earlier one. */
function previousVersion(manifest: Manifest, version: string): string {
  const others = Object.keys(manifest.versions)
    .filter((v) => v !== version)
    .sort(byVersion);
  const earlier = others.filter((v) => byVersion(v, version) < 0);
  const from = earlier.at(-1) ?? others[0];
  if (!from) throw new BumpError("openapi/manifest.json lists no version to carry the overlay forward from.");
  return from;
}

/** This version's own allowlist entries (not carried), kept when a bump is re-run with --force. */
function ownEntries(path: string): CarriedEntry[] {
  return readAllowlist(path).filter((e) => !(CARRIED_FROM in e));
}

/** This version's own actions (not carried), kept when a bump is re-run with --force. */
function ownActions(path: string): OverlayDocument["actions"] {
  return existsSync(path) ? readOverlay(path).actions.filter((a) => !(CARRIED_FROM in a)) : [];
}

function overlayFile(version: string, from: string, actions: OverlayDocument["actions"]): string {
  const header = [
    `# Corrections to Intercom's published ${version} description (openapi/intercom-${version}.yaml, vendored unmodified).`,
    `# Actions with \`${CARRIED_FROM}: "${from}"\` were carried forward unchanged from overlays/${from}.yaml by`,
    "# `npm run spec:bump`, because the nodes they correct are unchanged; openapi/changes/ reports the ones it",
    `# did not carry. A re-run of the bump replaces them. Add ${version}'s own corrections after them, without`,
    `# \`${CARRIED_FROM}\` (the bump keeps those), each with a description naming the defect and its evidence.`,
  ];
  const document = new Document(
    {
      overlay: "1.0.0",
      info: { title: `intercom-fetch corrections to Intercom API ${version}`, version: "1.0.0" },
      actions,
    },
    { aliasDuplicateObjects: false },
  );
  // Descriptions as folded blocks (`>-`), as they are written by hand.
  for (const action of (document.get("actions") as YAMLSeq<YAMLMap>).items) {
    (action.get("description", true) as Scalar).type = Scalar.BLOCK_FOLDED;
  }
  return `${header.join("\n")}\n${document.toString({ lineWidth: 100 })}`;
}

/** The corrected description, or the defects that stop codegen, each with the action that would fix it. */
async function correct(
  spec: OpenApiDocument,
  overlay: OverlayDocument,
  version: string,
  previous: OpenApiDocument,
): Promise<{ corrected: OpenApiDocument; ruleChanges: Map<string, string[]> }> {
  let overlaid: OpenApiDocument;
  try {
    overlaid = await applyOverlay(spec, overlay);
  } catch (error) {
    throw new BumpError(`the ${version} overlay does not apply: ${(error as Error).message}`);
  }
  // What correctSpec (spec.ts) does, keeping what each rule changed for the report.
  const { spec: corrected, changes: ruleChanges } = applyRules(overlaid);
  const dangling = groupByRef(findDanglingRefs(corrected));
  if (dangling.size > 0) {
    const fixes = [...dangling].map(
      ([ref, refs]) =>
        `${ref} is referenced but not defined, at:\n${refs.map((r) => `  ${r.pointer}`).join("\n")}\n` +
        `An overlay action that would define it (review the shape and give its evidence):\n\n` +
        actionYaml(suggestDefinition(refs, definitionIn(previous, ref))),
    );
    throw new BumpError(
      `${version} has unresolved $refs that no carried overlay action fixes:\n\n${fixes.join("\n\n")}\n\n` +
        `Add the actions to openapi/overlays/${version}.yaml and re-run with --force.`,
    );
  }
  return { corrected, ruleChanges };
}

/** The report's review sections: pagination that needs a decision, open spec:check findings by class. */
function reviewSections(
  version: string,
  overlayPath: string,
  needsReview: string[],
  check: CheckResult,
): ReportSection[] {
  const classes = [...findingsByClass(check.open)];
  const counts = classes.map(([kind, list]) => `${list.length} \`${kind}\``).join(", ");
  const allowlist = `spec-check-allowlist/${version}.yaml`;
  return [
    {
      title: "Needs review: pagination",
      intro:
        `Operations that look paginated but that the rules cannot classify without guessing. ${version} generates ` +
        `them without pagination metadata (\`paginate\` refuses them) until ${overlayPath} says how they paginate.`,
      lines: needsReview,
    },
    {
      title: "Needs review: open spec:check findings",
      intro:
        `${check.examples} examples checked; ${check.open.length} finding${check.open.length === 1 ? "" : "s"} ` +
        `neither corrected nor allowlisted${classes.length ? ` (${counts})` : ""}. ` +
        `Correct a class of defects by rule, one fact by an action in ${overlayPath}, or allowlist it with its ` +
        `evidence in ${allowlist}; \`npm run spec:check -- ${version}\` checks again.`,
      lines: check.stale.map((e) => `stale entry of ${allowlist}: ${findingKey(e)}`),
      subsections: classes.map(([kind, list]) => ({
        title: `\`${kind}\` (${list.length})`,
        lines: list.map(findingLine),
      })),
    },
  ];
}

/** What the rule layer corrected, rule by rule. */
function ruleSection(changes: Map<string, string[]>): ReportSection {
  return {
    title: "Corrected by rule",
    intro:
      "The rule layer (scripts/lib/rules.ts) corrects known classes of defects in every version, after the overlay. " +
      "Each rule, how many places it changed, and where:",
    lines: rules.map(({ name }) => {
      const places = changes.get(name) ?? [];
      return `**${name}** (${places.length})${places.length ? `: ${places.map((p) => `\`${p}\``).join(", ")}` : ""}`;
    }),
  };
}

/** Lines of the upstream-to-upstream diff that the old overlay had already made. */
function alreadyCorrected(upstream: Change[], corrected: Change[]): string[] {
  const seen = new Set(corrected.map((c) => c.text));
  return upstream.filter((c) => !seen.has(c.text)).map((c) => c.text);
}

/** Everything the bump writes, or a BumpError when the candidate cannot be made usable. */
export async function planBump({
  candidate,
  openapiDir,
  from: fromOption,
  force,
  source,
}: BumpInput): Promise<BumpPlan> {
  const { spec, version } = readCandidate(candidate);
  const manifest = readManifest(openapiDir);
  if (manifest.versions[version] && !force) {
    throw new BumpError(
      `API version ${version} is already in openapi/manifest.json (${manifest.versions[version].file}); ` +
        "pass --force to replace it.",
    );
  }
  const from = fromOption ?? previousVersion(manifest, version);
  const fromEntry = manifest.versions[from];
  if (!fromEntry) throw new BumpError(`--from ${from} is not a version in openapi/manifest.json.`);

  const oldSpec = parse(readFileSync(join(openapiDir, fromEntry.file), "utf8")) as OpenApiDocument;
  const outcomes = await carryForward({
    fromVersion: from,
    toVersion: version,
    overlay: readOverlay(join(openapiDir, fromEntry.overlay)),
    oldSpec,
    newSpec: spec,
  });
  const overlayPath = `overlays/${version}.yaml`;
  const actions = [
    ...outcomes.flatMap((o) => (o.carried ? [o.carried] : [])),
    ...ownActions(join(openapiDir, overlayPath)),
  ];
  const overlay: OverlayDocument = { overlay: "1.0.0", info: { title: "", version: "" }, actions };

  const oldCorrected = await loadCorrectedSpec(from, openapiDir);
  const { corrected, ruleChanges } = await correct(spec, overlay, version, oldCorrected);
  const changes = diffSpecs(oldCorrected, corrected);
  const upstream = diffSpecs(oldSpec, spec, { pagination: false });
  const { needsReview } = classifyOperations(corrected);
  const allowlistPath = `spec-check-allowlist/${version}.yaml`;
  const examples = collectExamples(corrected);
  const findings = findIssues(corrected, examples);
  const fromAllowlist = join(openapiDir, `spec-check-allowlist/${from}.yaml`);
  const own = ownEntries(join(openapiDir, allowlistPath));
  const ownKeys = new Set(own.map(findingKey));
  const carriedEntries = carryAllowlist({
    fromVersion: from,
    entries: readAllowlist(fromAllowlist),
    oldSpec: oldCorrected,
    newSpec: corrected,
    findings,
  });
  const allowlist = [...carriedEntries.filter((e) => !ownKeys.has(findingKey(e))), ...own];
  const check: CheckResult = { examples: examples.length, ...applyAllowlist(findings, allowlist) };
  const reportPath = `changes/${from}-to-${version}.md`;
  const report = renderChangeReport({
    oldVersion: from,
    newVersion: version,
    changes,
    sections: [
      ...reviewSections(version, overlayPath, needsReview, check),
      ruleSection(ruleChanges),
      {
        title: `Already in ${from} through its overlay`,
        intro: `Upstream changes between the vendored files that overlays/${from}.yaml had already made to ${from}, so they change nothing for a caller:`,
        lines: alreadyCorrected(upstream, changes),
      },
      {
        title: `Overlay carried forward: overlays/${from}.yaml → ${overlayPath}`,
        intro:
          `Each action of overlays/${from}.yaml, in order. An action is carried when the nodes it writes are as they ` +
          `were in ${from}; the others are left out of ${overlayPath} and need a review.`,
        lines: outcomes.map(describeOutcome),
      },
    ],
  });

  const vendored = `intercom-${version}.yaml`;
  const versions = {
    ...manifest.versions,
    [version]: {
      file: vendored,
      sha256: sha256(candidate.bytes),
      overlay: overlayPath,
      source: source ?? manifest.versions[version]?.source ?? basename(candidate.name),
      reviewed: false,
    },
  };
  const newManifest: Manifest = {
    ...manifest,
    versions: Object.fromEntries(Object.entries(versions).sort(([a], [b]) => byVersion(a, b))),
  };
  const at = (file: string) => join(openapiDir, file);
  const files = new Map<string, string>([
    [at(vendored), candidate.bytes.toString("utf8")],
    [at(overlayPath), await formatFile(overlayFile(version, from, actions), at(overlayPath))],
    [at("manifest.json"), JSON.stringify(newManifest, null, 2) + "\n"],
    [at(reportPath), await formatFile(report, at(reportPath))],
  ]);
  if (allowlist.length > 0) {
    files.set(at(allowlistPath), await formatFile(allowlistFile(version, from, allowlist), at(allowlistPath)));
  }
  return {
    files,
    summary: {
      version,
      from,
      vendored,
      overlay: overlayPath,
      report: reportPath,
      outcomes,
      changes,
      needsReview,
      check,
    },
  };
}
