// `npm run generate`: corrected spec → generated/<version>/ (types, operation metadata, pagination
// metadata, corrected description) and the indexes generated/index.ts (what the client imports),
// generated/operations.ts and generated/examples.ts. `--check` writes nothing and fails when generated/ is stale.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { signaturesModule, signaturesName } from "./lib/emit-signatures.js";
import { examplesIndexModule, examplesModule } from "./lib/examples.js";
import { GENERATED_BANNER as banner, formatFile as format } from "./lib/openapi.js";
import { listOperations } from "./lib/operations.js";
import { typeableRequiredBranches } from "./lib/required-branches.js";
import { assertNoEmptyObjectTypes } from "./lib/rules.js";
import { loadCorrectedSpec, readManifest, repoRoot, type OpenApiDocument } from "./lib/spec.js";
import { versionedName, withVersionedNames } from "./lib/version-names.js";

const generatedDir = join(repoRoot, "generated");

async function typesModule(spec: OpenApiDocument, version: string): Promise<string> {
  const ast = await openapiTS(typeableRequiredBranches(spec) as Parameters<typeof openapiTS>[0], {
    silent: true,
    // A `default` is what the server assumes when a field is omitted, so the field stays optional;
    // openapi-typescript's default (true) made e.g. `icon` required when creating a ticket type.
    defaultNonNullable: false,
  });
  return banner + withVersionedNames(assertNoEmptyObjectTypes(astToString(ast), spec), version);
}

/** The list operations by path: how each paginates. */
function listPagination(spec: OpenApiDocument) {
  return Object.fromEntries(
    listOperations(spec).flatMap((o) => (o.pagination ? [[o.path, { method: o.method, ...o.pagination }]] : [])),
  );
}

function metadataModule(spec: OpenApiDocument): string {
  const servers = (spec.servers ?? []).map((s: { url: string }) => s.url);
  return (
    banner +
    `export const servers = ${JSON.stringify(servers)} as const;\n` +
    `export const operations = ${JSON.stringify(listOperations(spec))} as const;\n`
  );
}

// Only `paginate` reads these, loading the one of its client's version: kept apart from the full
// table, so neither weighs on a bundle or an import that does not paginate.
function paginationModule(spec: OpenApiDocument, version: string): string {
  return (
    banner +
    `/** The list operations by path: how each paginates. */\n` +
    `export const ${versionedName("pagination", version)} = ${JSON.stringify(listPagination(spec))} as const;\n`
  );
}

const id = (v: string) => `v${v.replace(/\W/g, "_")}`;
const byVersion = (versions: string[], pick: (v: string) => string) =>
  `{\n${versions.map((v) => `  ${JSON.stringify(v)}: ${pick(v)},`).join("\n")}\n} as const`;

/** What the client imports: the versions and their types, and a loader per version for what paginate reads. */
function indexModule(versions: string[], defaultVersion: string, reviewed: (version: string) => boolean): string {
  const lines = versions.flatMap((v) => [
    `import type { ${["paths", "components", "operations"].map((n) => `${versionedName(n, v)} as ${id(v)}${n[0]!.toUpperCase()}${n.slice(1)}`).join(", ")} } from "./${v}/types.js";`,
    `import type { ${signaturesName(v)} } from "./${v}/calls.js";`,
  ]);
  const entries = (pick: (v: string) => string) =>
    versions.map((v) => `  ${JSON.stringify(v)}: ${pick(v)};`).join("\n");
  return (
    banner +
    lines.join("\n") +
    `\n\nexport const defaultVersion = ${JSON.stringify(defaultVersion)} as const;\n` +
    `export const versions = ${JSON.stringify(versions)} as const;\n` +
    `/** Whether each version's description has been reviewed (spec:check clean); a bumped one is not until then. */\n` +
    `export const reviewed = ${byVersion(versions, (v) => String(reviewed(v)))};\n` +
    `/** Loads a version's list operations by path, which only \`paginate\` reads, and only for its client's version. */\n` +
    `export const loadPagination = ${byVersion(versions, (v) => `() => import("./${v}/pagination.js").then((m) => m.${versionedName("pagination", v)})`)};\n` +
    `/** An Intercom API version this package has types for, e.g. \`"2.10"\`. */\n` +
    `export type ApiVersion = (typeof versions)[number];\n` +
    `export interface PathsByVersion {\n${entries((v) => `${id(v)}Paths`)}\n}\n` +
    `export interface ComponentsByVersion {\n${entries((v) => `${id(v)}Components`)}\n}\n` +
    `export interface OperationsByVersion {\n${entries((v) => `${id(v)}Operations`)}\n}\n` +
    `/** Each version's calls, precomputed (see scripts/lib/emit-signatures.ts); \`Options\` is the client's per-request options. */\n` +
    `export interface CallsByVersion<Options> {\n${entries((v) => `${signaturesName(v)}<Options>`)}\n}\n`
  );
}

/** Every version's full operation table, for the CLI, the testing helper and the scripts; not the client's. */
function operationsIndexModule(versions: string[]): string {
  return (
    banner +
    versions.map((v) => `import * as ${id(v)}Operations from "./${v}/operations.js";`).join("\n") +
    `\n\n/** Each version's servers and operation table (method, path, operationId, tag, summary, pagination). */\n` +
    `export const metadata = ${byVersion(versions, (v) => `${id(v)}Operations`)};\n`
  );
}

/** Every file generated/ should hold, path → contents. */
async function render(): Promise<Map<string, string>> {
  const manifest = readManifest();
  const versions = Object.keys(manifest.versions).sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  const files = new Map<string, string>();
  for (const version of versions) {
    const spec = await loadCorrectedSpec(version);
    const dir = join(generatedDir, version);
    files.set(join(dir, "openapi.json"), JSON.stringify(spec, null, 2) + "\n");
    files.set(join(dir, "types.ts"), await format(await typesModule(spec, version), join(dir, "types.ts")));
    const calls = banner + signaturesModule(spec, version, listPagination(spec));
    files.set(join(dir, "calls.ts"), await format(calls, join(dir, "calls.ts")));
    files.set(join(dir, "operations.ts"), await format(metadataModule(spec), join(dir, "operations.ts")));
    files.set(join(dir, "pagination.ts"), await format(paginationModule(spec, version), join(dir, "pagination.ts")));
    files.set(join(dir, "examples.ts"), await format(examplesModule(spec), join(dir, "examples.ts")));
  }
  const index = join(generatedDir, "index.ts");
  files.set(
    index,
    await format(
      indexModule(versions, manifest.default, (v) => manifest.versions[v]?.reviewed === true),
      index,
    ),
  );
  const operationsIndex = join(generatedDir, "operations.ts");
  files.set(operationsIndex, await format(operationsIndexModule(versions), operationsIndex));
  const examplesIndex = join(generatedDir, "examples.ts");
  files.set(examplesIndex, await format(examplesIndexModule(versions), examplesIndex));
  return files;
}

function existingFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

const files = await render();
const stale = existingFiles(generatedDir).filter((f) => !files.has(f));
const changed = [...files].filter(([f, text]) => !existsSync(f) || readFileSync(f, "utf8") !== text).map(([f]) => f);

if (process.argv.includes("--check")) {
  const problems = [
    ...changed.map((f) => `differs: ${relative(repoRoot, f)}`),
    ...stale.map((f) => `not generated: ${relative(repoRoot, f)}`),
  ];
  if (problems.length > 0) {
    console.error(
      `generated/ is not what \`npm run generate\` writes:\n  ${problems.join("\n  ")}\nRun \`npm run generate\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log(`generated/ is current (${files.size} files).`);
} else {
  for (const f of stale) rmSync(f);
  for (const f of changed) {
    mkdirSync(dirname(f), { recursive: true });
    writeFileSync(f, files.get(f)!);
  }
  console.log(
    `generated/: ${changed.length} written, ${stale.length} removed, ${files.size - changed.length} unchanged.`,
  );
}
