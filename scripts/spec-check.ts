// `npm run spec:check [-- <version>… | --all] [--verbose] [--suggest]`: validates every example of
// the corrected description(s) against its own schema, lists undeclared response fields, and compiles
// every example against its generated TypeScript type (scripts/lib/example-types.ts); exits
// non-zero on findings neither corrected in the overlay nor allowlisted, and on stale allowlist entries.
// Default: the manifest's default version. See scripts/lib/spec-check.ts and README "Spec check".
import { relative } from "node:path";
import { checkExampleTypes, exampleTypesAllowlistPath, formatExampleTypesReport } from "./lib/example-types.js";
import {
  allowlistPath,
  checkVersion,
  findingKey,
  formatFindings,
  formatReport,
  suggestEntries,
} from "./lib/spec-check.js";
import { readManifest, repoRoot } from "./lib/spec.js";

const args = process.argv.slice(2);
const unknownFlags = args.filter((a) => a.startsWith("--") && !["--all", "--verbose", "--suggest"].includes(a));
const manifest = readManifest();
const requested = args.filter((a) => !a.startsWith("--"));
const versions = args.includes("--all")
  ? Object.keys(manifest.versions)
  : requested.length > 0
    ? requested
    : [manifest.default];
const unknownVersions = versions.filter((v) => !manifest.versions[v]);
if (unknownFlags.length > 0 || unknownVersions.length > 0) {
  console.error(
    `spec:check: ${[...unknownFlags.map((f) => `unknown option ${f}`), ...unknownVersions.map((v) => `unknown version ${v}`)].join(", ")}\n` +
      `usage: npm run spec:check -- [<version>… | --all] [--verbose] [--suggest]; versions: ${Object.keys(manifest.versions).join(", ")}`,
  );
  process.exit(2);
}

let failed = false;
// One tsc program for every requested version's examples (scripts/lib/example-types.ts).
const typed = await checkExampleTypes(versions);
for (const version of versions) {
  const result = await checkVersion(version);
  console.log(formatReport(version, result, { verbose: args.includes("--verbose") }) + "\n");
  if (result.open.length > 0 && args.includes("--suggest")) {
    console.log(`Entries for ${relative(repoRoot, allowlistPath(version))} (write a real reason for each):`);
    console.log(suggestEntries(result.open));
  }
  failed ||= result.open.length > 0 || result.stale.length > 0;
  const types = typed.get(version)!;
  console.log(formatExampleTypesReport(version, types));
  if (types.open.length > 0)
    console.log(
      `\nExamples that their TypeScript type rejects, neither corrected nor allowlisted:\n${formatFindings(types.open)}`,
    );
  if (types.stale.length > 0)
    console.log(
      `\nStale entries of ${relative(repoRoot, exampleTypesAllowlistPath(version))}:\n${types.stale.map((e) => `  ${findingKey(e)}`).join("\n")}`,
    );
  console.log("");
  failed ||= types.open.length > 0 || types.stale.length > 0;
}
if (failed) {
  console.error(
    "spec:check failed: correct each open finding in the version's overlay, or allowlist it with a reason; remove stale entries.",
  );
  process.exit(1);
}
