// `npm run spec:bump -- <spec file> [--force] [--from <version>] [--source <text>] [--root <dir>]`
//
// Adopts a new Intercom API version: vendors the file unchanged, records it in the manifest, carries
// the previous version's overlay forward (reporting every action it does not carry), checks the
// corrected description for defects codegen cannot get past, writes the change report, regenerates,
// type-checks the project and runs spec:check on the new version. Nothing is written until the
// corrected description is known to be usable.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import * as prettier from "prettier";
import { Document, Scalar, type YAMLMap, type YAMLSeq, parse } from "yaml";
import { CARRIED_FROM, carryForward, describeOutcome, type CarryOutcome } from "./lib/overlay-carry.js";
import { listOperations } from "./lib/operations.js";
import { diffSpecs, renderChangeReport, type Change } from "./lib/spec-diff.js";
import { actionYaml, definitionIn, findDanglingRefs, groupByRef, suggestDefinition } from "./lib/spec-refs.js";
import {
  correctSpec,
  loadCorrectedSpec,
  readManifest,
  readOverlay,
  repoRoot,
  sha256,
  type Manifest,
  type OpenApiDocument,
  type OverlayDocument,
} from "./lib/spec.js";

/** A failure the user can act on: printed as is, exit code 1. */
class BumpError extends Error {}

const byVersion = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });

function readCandidate(file: string): { bytes: Buffer; spec: OpenApiDocument; version: string } {
  if (!existsSync(file)) throw new BumpError(`${file} does not exist.`);
  const bytes = readFileSync(file);
  const notIntercom = (why: string) => new BumpError(`${file} is not an Intercom OpenAPI description: ${why}.`);
  let spec: unknown;
  try {
    spec = parse(bytes.toString("utf8"));
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
  return { bytes, spec: doc, version };
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

/** Defects codegen cannot get past, found on the corrected description before anything is written. */
async function correct(
  spec: OpenApiDocument,
  overlay: OverlayDocument,
  version: string,
  previous: OpenApiDocument,
): Promise<OpenApiDocument> {
  let corrected: OpenApiDocument;
  try {
    corrected = await correctSpec(spec, overlay);
  } catch (error) {
    throw new BumpError(`the ${version} overlay does not apply: ${(error as Error).message}`);
  }
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
  try {
    listOperations(corrected);
  } catch (error) {
    throw new BumpError(
      `${version}'s operation metadata cannot be derived: ${(error as Error).message}\n` +
        `Add the action to openapi/overlays/${version}.yaml and re-run with --force.`,
    );
  }
  return corrected;
}

/** Lines of the upstream-to-upstream diff that the old overlay had already made. */
function alreadyCorrected(upstream: Change[], corrected: Change[]): string[] {
  const seen = new Set(corrected.map((c) => c.text));
  return upstream.filter((c) => !seen.has(c.text)).map((c) => c.text);
}

async function formatted(text: string, filepath: string): Promise<string> {
  const config = await prettier.resolveConfig(filepath);
  return prettier.format(text, { ...config, filepath });
}

function run(title: string, command: string, args: string[], cwd: string): boolean {
  console.log(`\n── ${title}: ${[command, ...args].join(" ")}`);
  const result = spawnSync(command, args, { cwd, stdio: "inherit" });
  return result.status === 0;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      force: { type: "boolean", default: false },
      from: { type: "string" },
      source: { type: "string" },
      root: { type: "string" },
    },
  });
  if (positionals.length !== 1) {
    throw new BumpError(
      "usage: npm run spec:bump -- <spec file> [--force] [--from <version>] [--source <text>] [--root <dir>]",
    );
  }
  const root = resolve(values.root ?? process.env.INTERCOM_FETCH_ROOT ?? repoRoot);
  const openapi = join(root, "openapi") + "/";
  const { bytes, spec, version } = readCandidate(resolve(positionals[0]!));
  const manifest = readManifest(openapi);
  if (manifest.versions[version] && !values.force) {
    throw new BumpError(
      `API version ${version} is already in openapi/manifest.json (${manifest.versions[version].file}); ` +
        "pass --force to replace it.",
    );
  }
  const from = values.from ?? previousVersion(manifest, version);
  const fromEntry = manifest.versions[from];
  if (!fromEntry) throw new BumpError(`--from ${from} is not a version in openapi/manifest.json.`);

  const oldSpec = parse(readFileSync(join(openapi, fromEntry.file), "utf8")) as OpenApiDocument;
  const oldOverlay = readOverlay(join(openapi, fromEntry.overlay));
  const outcomes = await carryForward({
    fromVersion: from,
    toVersion: version,
    overlay: oldOverlay,
    oldSpec,
    newSpec: spec,
  });
  const overlayPath = `overlays/${version}.yaml`;
  const actions = [
    ...outcomes.flatMap((o) => (o.carried ? [o.carried] : [])),
    ...ownActions(join(openapi, overlayPath)),
  ];
  const overlay: OverlayDocument = { overlay: "1.0.0", info: { title: "", version: "" }, actions };

  const oldCorrected = await loadCorrectedSpec(from, openapi);
  const corrected = await correct(spec, overlay, version, oldCorrected);
  const changes = diffSpecs(oldCorrected, corrected);
  const upstream = diffSpecs(oldSpec, spec, { pagination: false });
  const reportPath = join(openapi, "changes", `${from}-to-${version}.md`);
  const report = renderChangeReport({
    oldVersion: from,
    newVersion: version,
    changes,
    sections: [
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

  // Everything checked: write.
  const file = `intercom-${version}.yaml`;
  copyFileSync(resolve(positionals[0]!), join(openapi, file));
  writeFileSync(
    join(openapi, overlayPath),
    await formatted(overlayFile(version, from, actions), join(openapi, overlayPath)),
  );
  manifest.versions[version] = {
    file,
    sha256: sha256(bytes),
    overlay: overlayPath,
    source: values.source ?? manifest.versions[version]?.source ?? basename(positionals[0]!),
  };
  manifest.versions = Object.fromEntries(Object.entries(manifest.versions).sort(([a], [b]) => byVersion(a, b)));
  writeFileSync(join(openapi, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  mkdirSync(dirname(reportPath), { recursive: true });
  writeFileSync(reportPath, await formatted(report, reportPath));
  console.log(
    `spec:bump ${from} → ${version}: wrote openapi/${file}, openapi/${overlayPath}, openapi/manifest.json, openapi/changes/${basename(reportPath)}`,
  );
  printCarry(outcomes, overlayPath);
  console.log(
    `${changes.filter((c) => c.breaking).length} breaking and ${changes.filter((c) => !c.breaking).length} other changes.`,
  );

  if (!run("regenerate", "npm", ["run", "--silent", "generate"], root)) {
    throw new BumpError(
      `npm run generate failed for ${version} (the files above are written). Fix the overlay and re-run with --force.`,
    );
  }
  const typechecks = run("type-check", join(root, "node_modules", ".bin", "tsc"), ["-p", "."], root);
  // Example findings do not fail the bump (the types are generated): they are review items, like
  // the change report, to settle before relying on the version.
  const scripts = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts ?? {};
  const checked = scripts["spec:check"]
    ? run("spec:check", "npm", ["run", "--silent", "spec:check", "--", version], root)
    : undefined;
  console.log(
    checked === undefined
      ? `\nspec:check is not a script in package.json: ${version} was not checked.`
      : checked
        ? `\nspec:check ${version}: no open findings.`
        : `\nspec:check ${version}: open findings (above). Correct them in openapi/${overlayPath} or allowlist them ` +
          `in openapi/spec-check-allowlist/${version}.yaml before relying on ${version}.`,
  );
  if (!typechecks) {
    throw new BumpError(
      `tsc -p . failed with ${version} generated (the files above are written): code that assumes one API version, ` +
        "or an overlay that types something wrongly. Fix it and re-run with --force.",
    );
  }
  console.log(
    `\n${version} is generated and type-checks. Review openapi/changes/${basename(reportPath)} before using it.`,
  );
}

function printCarry(outcomes: CarryOutcome[], overlayPath: string): void {
  const carried = outcomes.filter((o) => o.carried).length;
  console.log(`Overlay: ${carried} of ${outcomes.length} actions carried into ${overlayPath}.`);
  for (const o of outcomes.filter((x) => !x.carried)) console.log(`  - ${describeOutcome(o).replace(/\*\*|`/g, "")}`);
}

try {
  await main();
} catch (error) {
  if (!(error instanceof BumpError)) throw error;
  console.error(`spec:bump: ${error.message}`);
  process.exitCode = 1;
}
