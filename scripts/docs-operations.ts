// `npm run docs:operations`: writes the per-operation reference into docs/operations/ (see
// scripts/lib/operation-docs.ts). `--check` writes nothing and fails when docs/operations/ is stale.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import * as prettier from "prettier";
import { docsDir, renderOperationDocs } from "./lib/operation-docs.js";
import { repoRoot } from "./lib/spec.js";

/** docs/operations/ as it should be: path → prettier-formatted markdown. */
export async function expectedOperationDocs(): Promise<Map<string, string>> {
  const formatted = new Map<string, string>();
  for (const [file, text] of renderOperationDocs()) {
    const config = await prettier.resolveConfig(file);
    formatted.set(file, await prettier.format(text, { ...config, filepath: file }));
  }
  return formatted;
}

/** The files that differ from what should be there, and those that should not be there. */
export async function staleOperationDocs(): Promise<string[]> {
  const files = await expectedOperationDocs();
  const existing = existsSync(docsDir)
    ? readdirSync(docsDir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name))
    : [];
  return [
    ...[...files]
      .filter(([f, text]) => !existsSync(f) || readFileSync(f, "utf8") !== text)
      .map(([f]) => `differs: ${relative(repoRoot, f)}`),
    ...existing.filter((f) => !files.has(f)).map((f) => `not generated: ${relative(repoRoot, f)}`),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes("--check")) {
    const problems = await staleOperationDocs();
    if (problems.length > 0) {
      console.error(`docs/operations/ is not what \`npm run docs:operations\` writes:\n  ${problems.join("\n  ")}`);
      process.exit(1);
    }
    console.log("docs/operations/ is current.");
  } else {
    const files = await expectedOperationDocs();
    rmSync(docsDir, { recursive: true, force: true });
    for (const [file, text] of files) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    console.log(`wrote ${files.size} files to ${relative(repoRoot, docsDir)}/`);
  }
}
