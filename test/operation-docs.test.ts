// docs/operations/ is what `npm run docs:operations` writes from the generated description and
// metadata, and every operation of every version has its section: method and path, pagination,
// a call, and Intercom's page.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { staleOperationDocs } from "../scripts/docs-operations.js";
import { docsDir } from "../scripts/lib/operation-docs.js";
import { metadata, versions } from "../src/generated.js";

it("is current: run `npm run docs:operations` and commit docs/operations/", async () => {
  expect(await staleOperationDocs()).toEqual([]);
}, 60_000);

it("documents every operation of every version, linked from the index", () => {
  const index = readFileSync(join(docsDir, "README.md"), "utf8");
  for (const version of versions) {
    for (const op of metadata[version].operations) {
      const signature = `\`${op.method.toUpperCase()} ${op.path}\``;
      expect(index).toContain(`[${signature}](${version}/`);
      const page = readFileSync(
        join(docsDir, version, `${op.tag.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.md`),
        "utf8",
      );
      const section = page.split(/^## /m).find((s) => s.includes(`${signature} · operationId \`${op.operationId}\``));
      expect(section, `${version} ${signature}`).toBeDefined();
      expect(section).toContain("**Pagination**: ");
      expect(section).toContain(
        op.pagination && op.pagination.style !== "single"
          ? "paginate(intercom, "
          : `intercom.${op.method.toUpperCase()}(`,
      );
      expect(section).toContain(
        `(https://developers.intercom.com/docs/references/${version}/rest-api/api.intercom.io/`,
      );
    }
  }
});
