// `npm run spec:bump` end to end, each case in its own temporary copy of the repository (the
// working tree's files, node_modules symlinked), driven through `--root` as a user would.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { copyRepo as copyWorkingTree } from "../scripts/lib/repo-copy.js";
import { readManifest, repoRoot, sha256, type OpenApiDocument } from "../scripts/lib/spec.js";

const shared = new URL("../../shared/specs/", import.meta.url).pathname;
const tsx = join(repoRoot, "node_modules", ".bin", "tsx");
const bumpScript = join(repoRoot, "scripts", "spec-bump.ts");
const copies: string[] = [];

function copyRepo(): string {
  const dir = copyWorkingTree("spec-bump-");
  copies.push(dir);
  return dir;
}

type Run = { status: number | null; stdout: string; stderr: string };

/** Generate + tsc + spec:check of two or three versions: ~45 s of CPU, more wall time on busy cores. */
const E2E_TIMEOUT = 240_000;

function bump(root: string, ...args: string[]): Run {
  const result = spawnSync(tsx, [bumpScript, ...args, "--root", root], { cwd: root, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A spec file derived from the vendored 2.10 description. */
function deriveSpec(dir: string, name: string, edit: (spec: OpenApiDocument) => void): string {
  const spec = parse(readFileSync(join(shared, "intercom-2.10.yaml"), "utf8")) as OpenApiDocument;
  edit(spec);
  const file = join(dir, name);
  writeFileSync(file, stringify(spec));
  return file;
}

/** The lines of a Markdown report from `## title` up to the next `## `. */
function section(report: string, title: string): string[] {
  const lines = report.split("\n");
  const start = lines.indexOf(`## ${title}`);
  expect(start, `section "## ${title}"`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
  return lines.slice(start, end === -1 ? undefined : end).filter((l) => l !== "");
}

afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe("spec:bump 2.10 → 2.11", () => {
  let root: string;
  let run: Run;
  beforeAll(() => {
    root = copyRepo();
    run = bump(root, join(shared, "intercom-2.11.yaml"), "--force", "--from", "2.10");
  }, E2E_TIMEOUT);
  const report = () => readFileSync(join(root, "openapi", "changes", "2.10-to-2.11.md"), "utf8");

  it("vendors the file unchanged, records it, regenerates, type-checks and runs spec:check", () => {
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const bytes = readFileSync(join(shared, "intercom-2.11.yaml"));
    expect(readFileSync(join(root, "openapi", "intercom-2.11.yaml")).equals(bytes)).toBe(true);
    const manifest = readManifest(join(root, "openapi") + "/");
    expect(manifest.default).toBe("2.10");
    expect(manifest.versions["2.11"]).toMatchObject({
      file: "intercom-2.11.yaml",
      sha256: sha256(bytes),
      overlay: "overlays/2.11.yaml",
    });
    for (const file of ["types.ts", "operations.ts", "openapi.json"]) {
      expect(existsSync(join(root, "generated", "2.11", file)), file).toBe(true);
    }
    expect(readFileSync(join(root, "generated", "index.ts"), "utf8")).toContain('"2.11": v2_11Paths;');
    expect(run.stdout).toContain("── type-check:");
    expect(run.stdout).toMatch(/── spec:check: .*\n[^]*\nspec:check 2\.11: (no open findings|open findings \(above\))/);
  });

  it("reports the known 2.11 changes, comparing the corrected descriptions", () => {
    const breaking = section(report(), "Breaking changes");
    expect(breaking).toContain("- `GET /contacts/{id}` is now `GET /contacts/{contact_id}`");
    const other = section(report(), "Other changes");
    expect(other).toContain("- `GET /contacts`: query parameter `page` (`integer`) added");
    expect(other).toContain("- `Intercom-Version`: values added: `2.11`, `Preview`");
    // 2.10's overlay already declared these on GET /contacts, so callers see no change; the report says so.
    expect(other.filter((l) => /`GET \/contacts`: query parameter `(per_page|starting_after)`/.test(l))).toEqual([]);
    const already = section(report(), "Already in 2.10 through its overlay");
    expect(already).toContain("- `GET /contacts`: query parameter `per_page` (`integer`) added");
    expect(already).toContain("- `GET /contacts`: query parameter `starting_after` (`string`) added");
  });

  it("carries the overlay forward, accounting for every 2.10 action", () => {
    const actions = parse(readFileSync(join(root, "openapi", "overlays", "2.10.yaml"), "utf8")).actions as unknown[];
    const carryLines = section(report(), "Overlay carried forward: overlays/2.10.yaml → overlays/2.11.yaml").filter(
      (l) => l.startsWith("- "),
    );
    expect(carryLines).toHaveLength(actions.length);
    const carried = parse(readFileSync(join(root, "openapi", "overlays", "2.11.yaml"), "utf8")).actions;
    expect(carried.length).toBe(carryLines.filter((l) => l.startsWith("- **carried")).length);
    expect(carried.every((a: Record<string, unknown>) => a["x-carried-from"] === "2.10")).toBe(true);
    // 2.11 still points at the undefined custom_attributes schema: that correction must carry.
    expect(carryLines).toContainEqual(
      expect.stringMatching(/^- \*\*carried\*\*: `\$\.components\.schemas` \(Dangling reference/),
    );
    // 2.11 itself points GET /conversations at paginated_conversation_response.
    expect(carryLines).toContainEqual(
      expect.stringMatching(
        /^- \*\*not carried: fixed upstream\*\*: `\$\.paths\['\/conversations'\]\.get\.responses\['200'\]/,
      ),
    );
  });
});

describe("spec:bump on a synthetic version made from 2.10", () => {
  let root: string;
  let run: Run;
  beforeAll(() => {
    root = copyRepo();
    const file = deriveSpec(root, "synthetic.yaml", (spec) => {
      spec.info.version = "2.99";
      spec.paths["/widgets"] = {
        get: {
          operationId: "listWidgets",
          summary: "List widgets",
          tags: ["Widgets"],
          responses: {
            "200": {
              description: "The widgets",
              content: { "application/json": { schema: { type: "object", properties: { id: { type: "string" } } } } },
            },
          },
        },
      };
      delete spec.paths["/teams/{id}"];
      spec.paths["/data_attributes"].get.parameters.find((p: OpenApiDocument) => p.name === "model").required = true;
    });
    run = bump(root, file, "--from", "2.10");
  }, E2E_TIMEOUT);

  it("succeeds and reports exactly the three changes", () => {
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const report = readFileSync(join(root, "openapi", "changes", "2.10-to-2.99.md"), "utf8");
    expect(section(report, "Breaking changes")).toEqual([
      "## Breaking changes",
      "### Operations",
      "- `GET /teams/{id}` removed",
      "### Parameters",
      "- `GET /data_attributes`: query parameter `model` is now required",
    ]);
    expect(section(report, "Other changes")).toEqual([
      "## Other changes",
      "### Operations",
      "- `GET /widgets` added (`listWidgets`)",
    ]);
    expect(section(report, "Already in 2.10 through its overlay").slice(2)).toEqual(["None."]);
    expect(readManifest(join(root, "openapi") + "/").versions["2.99"]?.overlay).toBe("overlays/2.99.yaml");
    expect(existsSync(join(root, "generated", "2.99", "types.ts"))).toBe(true);
  });
});

describe("spec:bump refuses", { timeout: 60_000 }, () => {
  let root: string;
  let manifestBefore: string;
  beforeAll(() => {
    root = copyRepo();
    manifestBefore = readFileSync(join(root, "openapi", "manifest.json"), "utf8");
  });

  it("a file that is not an OpenAPI description", () => {
    const file = join(root, "notes.yaml");
    writeFileSync(file, "hello: world\n");
    const run = bump(root, file);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `spec:bump: ${file} is not an Intercom OpenAPI description: \`openapi\` is undefined, not a 3.x version.\n`,
    );
  });

  it("an OpenAPI description of another API", () => {
    const file = join(root, "petstore.json");
    writeFileSync(file, JSON.stringify({ openapi: "3.0.3", info: { title: "Petstore", version: "1.0" }, paths: {} }));
    const run = bump(root, file);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('neither `info.title` ("Petstore") nor `servers` name Intercom');
  });

  it("a version that is already present, unless --force", () => {
    const run = bump(root, join(shared, "intercom-2.10.yaml"));
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      "spec:bump: API version 2.10 is already in openapi/manifest.json (intercom-2.10.yaml); pass --force to replace it.\n",
    );
  });

  it("an unresolved $ref no overlay action fixes, naming the pointer and the action that would", () => {
    const file = deriveSpec(root, "dangling.yaml", (spec) => {
      spec.info.version = "2.98";
      spec.components.schemas.contact.properties.widget = { $ref: "#/components/schemas/widget" };
    });
    const run = bump(root, file, "--from", "2.10");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("2.98 has unresolved $refs that no carried overlay action fixes:");
    expect(run.stderr).toContain(
      "#/components/schemas/widget is referenced but not defined, at:\n  /components/schemas/contact/properties/widget/$ref\n",
    );
    const suggestion = run.stderr.slice(run.stderr.indexOf("  - target:"), run.stderr.indexOf("\n\nAdd the actions"));
    expect(parse(suggestion)).toEqual([
      {
        target: "$.components.schemas",
        description: expect.stringContaining("/components/schemas/contact/properties/widget/$ref points at"),
        update: { widget: { type: "object", description: "TODO: the real shape." } },
      },
    ]);
    expect(run.stderr).toContain("Add the actions to openapi/overlays/2.98.yaml and re-run with --force.");
  });

  it("and writes nothing when it refuses", () => {
    expect(readFileSync(join(root, "openapi", "manifest.json"), "utf8")).toBe(manifestBefore);
    expect(existsSync(join(root, "openapi", "intercom-2.98.yaml"))).toBe(false);
    expect(existsSync(join(root, "openapi", "overlays", "2.98.yaml"))).toBe(false);
  });
});
