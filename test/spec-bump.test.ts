// `npm run spec:bump`: the plan (scripts/lib/bump-plan.ts) in-process against this repository's
// openapi/ folder, which it only reads; then once end to end, writing and verifying in a temporary
// copy of the repository (the working tree's files, node_modules symlinked), as a user would.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { planBump, type BumpInput, type BumpPlan } from "../scripts/lib/bump-plan.js";
import { copyRepo } from "../scripts/lib/repo-copy.js";
import { openapiDir, readManifest, repoRoot, sha256, type OpenApiDocument } from "../scripts/lib/spec.js";

const shared = new URL("../../shared/specs/", import.meta.url).pathname;

function candidate(name: string, bytes: Buffer = readFileSync(join(shared, name))): BumpInput["candidate"] {
  return { bytes, name };
}

/** A candidate derived from the vendored 2.10 description. */
function derived(name: string, edit: (spec: OpenApiDocument) => void): BumpInput["candidate"] {
  const spec = parse(readFileSync(join(shared, "intercom-2.10.yaml"), "utf8")) as OpenApiDocument;
  edit(spec);
  return { bytes: Buffer.from(stringify(spec)), name };
}

const plan = (input: Omit<BumpInput, "openapiDir">) => planBump({ openapiDir, ...input });
const file = (p: BumpPlan, relative: string) => p.files.get(join(openapiDir, relative));

/** The lines of a Markdown report from `## title` up to the next `## `. */
function section(report: string, title: string): string[] {
  const lines = report.split("\n");
  const start = lines.indexOf(`## ${title}`);
  expect(start, `section "## ${title}"`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
  return lines.slice(start, end === -1 ? undefined : end).filter((l) => l !== "");
}

describe("planBump 2.10 → 2.11", () => {
  let bump: BumpPlan;
  beforeAll(async () => {
    bump = await plan({ candidate: candidate("intercom-2.11.yaml"), force: true, from: "2.10", source: "upstream" });
  }, 60_000);
  const report = () => file(bump, "changes/2.10-to-2.11.md")!;

  it("vendors the file unchanged and records it; the default version stays", () => {
    const bytes = readFileSync(join(shared, "intercom-2.11.yaml"));
    expect(Buffer.from(file(bump, "intercom-2.11.yaml")!).equals(bytes)).toBe(true);
    const manifest = JSON.parse(file(bump, "manifest.json")!);
    expect(manifest.default).toBe(readManifest().default);
    expect(manifest.versions["2.11"]).toMatchObject({
      file: "intercom-2.11.yaml",
      sha256: sha256(bytes),
      overlay: "overlays/2.11.yaml",
      source: "upstream",
    });
    expect([...bump.files.keys()].every((f) => f.startsWith(openapiDir))).toBe(true);
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

  it("reproduces the reviewed 2.11: its overlay, allowlist and report, nothing left to review", () => {
    for (const committed of ["overlays/2.11.yaml", "spec-check-allowlist/2.11.yaml", "changes/2.10-to-2.11.md"]) {
      expect(file(bump, committed), committed).toBe(readFileSync(join(openapiDir, committed), "utf8"));
    }
    expect(bump.summary.needsReview).toEqual([]);
    expect(bump.summary.check.open).toEqual([]);
    expect(bump.summary.check.stale).toEqual([]);
  });

  it("carries the overlay forward, accounting for every 2.10 action", () => {
    const actions = parse(readFileSync(join(openapiDir, "overlays", "2.10.yaml"), "utf8")).actions as unknown[];
    const carryLines = section(report(), "Overlay carried forward: overlays/2.10.yaml → overlays/2.11.yaml").filter(
      (l) => l.startsWith("- "),
    );
    expect(carryLines).toHaveLength(actions.length);
    const carried = parse(file(bump, "overlays/2.11.yaml")!).actions as Record<string, unknown>[];
    const fromTwoTen = carried.filter((a) => a["x-carried-from"] === "2.10");
    expect(fromTwoTen.length).toBe(carryLines.filter((l) => l.startsWith("- **carried")).length);
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

describe("planBump on a synthetic version made from 2.10", () => {
  it("reports exactly the three changes", async () => {
    const bump = await plan({
      from: "2.10",
      candidate: derived("synthetic.yaml", (spec) => {
        spec.info.version = "2.99";
        spec.paths["/widgets"] = {
          get: {
            operationId: "listWidgets",
            summary: "List widgets",
            tags: ["Widgets"],
            responses: {
              "200": {
                description: "The widgets",
                content: {
                  "application/json": { schema: { type: "object", properties: { id: { type: "string" } } } },
                },
              },
            },
          },
        };
        delete spec.paths["/teams/{id}"];
        spec.paths["/data_attributes"].get.parameters.find((p: OpenApiDocument) => p.name === "model").required = true;
      }),
    });
    const report = file(bump, "changes/2.10-to-2.99.md")!;
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
    expect(JSON.parse(file(bump, "manifest.json")!).versions["2.99"]).toMatchObject({
      overlay: "overlays/2.99.yaml",
      source: "synthetic.yaml",
    });
  }, 60_000);
});

describe("planBump refuses", () => {
  it("a file that is not an OpenAPI description", async () => {
    await expect(plan({ candidate: { bytes: Buffer.from("hello: world\n"), name: "notes.yaml" } })).rejects.toThrow(
      "notes.yaml is not an Intercom OpenAPI description: `openapi` is undefined, not a 3.x version.",
    );
  });

  it("a file that is not UTF-8 text, which could not be vendored byte for byte", async () => {
    const bytes = Buffer.concat([
      Buffer.from("openapi: 3.0.1\ninfo: { title: Intercom, version: '9' }\n#"),
      Buffer.of(0xff),
    ]);
    await expect(plan({ candidate: { bytes, name: "latin1.yaml" } })).rejects.toThrow(
      "latin1.yaml is not an Intercom OpenAPI description: it is not UTF-8 text.",
    );
  });

  it("an OpenAPI description of another API", async () => {
    const petstore = { openapi: "3.0.3", info: { title: "Petstore", version: "1.0" }, paths: {} };
    await expect(plan({ candidate: { bytes: Buffer.from(JSON.stringify(petstore)), name: "p.json" } })).rejects.toThrow(
      'neither `info.title` ("Petstore") nor `servers` name Intercom',
    );
  });

  it("a version that is already present, unless --force", async () => {
    await expect(plan({ candidate: candidate("intercom-2.10.yaml") })).rejects.toThrow(
      "API version 2.10 is already in openapi/manifest.json (intercom-2.10.yaml); pass --force to replace it.",
    );
  });

  it("an unresolved $ref no overlay action fixes, naming the pointer and the action that would", async () => {
    const dangling = derived("dangling.yaml", (spec) => {
      spec.info.version = "2.98";
      spec.components.schemas.contact.properties.widget = { $ref: "#/components/schemas/widget" };
    });
    const error: Error = await plan({ candidate: dangling, from: "2.10" }).then(
      () => expect.fail("planned"),
      (e: Error) => e,
    );
    expect(error.message).toContain("2.98 has unresolved $refs that no carried overlay action fixes:");
    expect(error.message).toContain(
      "#/components/schemas/widget is referenced but not defined, at:\n  /components/schemas/contact/properties/widget/$ref\n",
    );
    const suggestion = error.message.slice(
      error.message.indexOf("  - target:"),
      error.message.indexOf("\n\nAdd the actions"),
    );
    expect(parse(suggestion)).toEqual([
      {
        target: "$.components.schemas",
        description: expect.stringContaining("/components/schemas/contact/properties/widget/$ref points at"),
        update: { widget: { type: "object", description: "TODO: the real shape." } },
      },
    ]);
    expect(error.message).toContain("Add the actions to openapi/overlays/2.98.yaml and re-run with --force.");
  }, 60_000);
});

/**
 * A description newer than any in the manifest, made from 2.11 with what stopped bumps of Intercom's
 * later versions (search items nested under `data`, a list whose items cannot be told apart) and one
 * defect of each class the rule layer corrects, all on a new `widget` resource.
 */
function newerThanAll(): BumpInput["candidate"] {
  const spec = parse(readFileSync(join(shared, "intercom-2.11.yaml"), "utf8")) as OpenApiDocument;
  spec.info.version = "2.99";
  const json = (schema: OpenApiDocument) => ({ description: "ok", content: { "application/json": { schema } } });
  const pages = { $ref: "#/components/schemas/cursor_pages" };
  spec.paths["/internal_articles/search"] = {
    get: {
      operationId: "searchInternalArticles",
      summary: "Search internal articles",
      tags: ["Internal Articles"],
      parameters: [{ name: "phrase", in: "query", schema: { type: "string" } }],
      responses: {
        "200": json({
          type: "object",
          properties: {
            type: { type: "string", enum: ["list"] },
            total_count: { type: "integer" },
            data: {
              type: "object",
              properties: { internal_articles: { type: "array", items: { $ref: "#/components/schemas/article" } } },
            },
            pages,
          },
        }),
      },
    },
  };
  spec.components.schemas.widget = {
    type: "object",
    nullable: true, // nullable roots
    required: ["name"], // responses as recorded: the example omits it
    properties: {
      type: { type: "string", example: "widget" }, // required type and id
      id: { type: "string" },
      name: { type: "string" },
      owner_id: { type: "string" },
      description: { type: "string" }, // responses as recorded: the example carries null
      settings: { type: "object" }, // empty-object maps
    },
  };
  const widget = { $ref: "#/components/schemas/widget" };
  spec.paths["/widgets/{widget_id}"] = {
    get: {
      operationId: "getWidget",
      summary: "Get a widget",
      tags: ["Widgets"],
      // integer path ids
      parameters: [{ name: "widget_id", in: "path", required: true, schema: { type: "integer" } }],
      responses: {
        "200": {
          description: "ok",
          content: { "application/json": { schema: widget, example: { type: "widget", id: "7", description: null } } },
        },
      },
    },
  };
  spec.paths["/widgets"] = {
    post: {
      operationId: "createWidget",
      summary: "Create a widget",
      tags: ["Widgets"],
      requestBody: {
        // required request bodies; request ids as the examples send them
        content: {
          "application/json": {
            schema: {
              type: "object",
              required: ["name"],
              properties: { name: { type: "string" }, owner_id: { type: "string" } },
            },
            example: { name: "w", owner_id: 991 },
          },
        },
      },
      responses: { "200": json(widget) },
    },
    get: {
      operationId: "listWidgets",
      summary: "List widgets",
      tags: ["Widgets"],
      responses: {
        "200": json({
          type: "object",
          properties: {
            widgets: { type: "array", items: { type: "object", properties: { id: { type: "string" } } } },
            featured: { type: "array", items: { type: "string" } },
            pages,
          },
        }),
      },
    },
  };
  return { bytes: Buffer.from(stringify(spec)), name: "intercom-2.99.yaml" };
}

describe("npm run spec:bump", () => {
  const copies: string[] = [];
  afterAll(() => {
    for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  });
  const tsx = join(repoRoot, "node_modules", ".bin", "tsx");
  const bump = (root: string, ...args: string[]) =>
    spawnSync(tsx, [join(repoRoot, "scripts", "spec-bump.ts"), ...args, "--root", root], {
      cwd: root,
      encoding: "utf8",
    });

  it("adopts a newer version with no hand edits: generated, type-checked, what to review reported; exit 0", async () => {
    const root = copyRepo("spec-bump-");
    copies.push(root);
    const input = newerThanAll();
    writeFileSync(join(root, input.name), input.bytes);
    const run = bump(root, join(root, input.name));
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("spec:bump 2.11 → 2.99: wrote openapi/intercom-2.99.yaml");
    expect(run.stdout).toContain("── type-check:");
    expect(run.stdout).toContain("2.99 is generated and type-checks. Review openapi/changes/2.11-to-2.99.md");
    expect(readFileSync(join(root, "openapi", "intercom-2.99.yaml")).equals(input.bytes)).toBe(true);
    expect(readFileSync(join(root, "generated", "index.ts"), "utf8")).toContain('"2.99": v2_99Paths;');

    const { pagination_2_99: pagination } = await import(join(root, "generated", "2.99", "pagination.ts"));
    expect(pagination["/internal_articles/search"]).toEqual({
      method: "get",
      style: "link",
      items: "data.internal_articles",
      next: "pages.next",
      perPage: null,
    });
    expect(pagination["/widgets"]).toBeUndefined();
    const report = readFileSync(join(root, "openapi", "changes", "2.11-to-2.99.md"), "utf8");
    expect(section(report, "Needs review: pagination")).toContain(
      "- GET /widgets paginates (link) but its items are ambiguous (array properties: widgets, featured); " +
        "set x-intercom-fetch-pagination.items in the overlay.",
    );
    expect(section(report, "Needs review: open spec:check findings")[1]).toMatch(/^\d+ examples checked; /);
    const byRule = section(report, "Corrected by rule").slice(2).join("\n");
    for (const place of [
      "**integer path ids** (",
      "`GET /widgets/{widget_id} path widget_id`",
      "**empty-object maps** (",
      "`#/components/schemas/widget/properties/settings`",
      "**nullable roots** (",
      "`#/components/schemas/widget`",
      "**required type and id** (",
      "`#/components/schemas/widget type, id`",
      "**required request bodies** (",
      "`POST /widgets`",
      "**request ids as the examples send them** (",
      "`POST /widgets owner_id`",
      "**responses as their examples recorded them** (",
      "`GET /widgets/{widget_id}/name optional`",
      "`GET /widgets/{widget_id}/description nullable`",
    ]) {
      expect(byRule).toContain(place);
    }
  }, 240_000);

  it("exits 1 with the plan's reason, writing nothing", () => {
    const run = bump(repoRoot, join(shared, "intercom-2.10.yaml"));
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      "spec:bump: API version 2.10 is already in openapi/manifest.json (intercom-2.10.yaml); pass --force to replace it.\n",
    );
  }, 30_000);
});
