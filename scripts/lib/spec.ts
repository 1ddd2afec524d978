// Loads a vendored Intercom description and applies its reviewed overlay: the one place where the
// corrected spec is made, shared by codegen, spec:check, the mock server and the tests.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openapiOverlay } from "openapi-format";
import { parse } from "yaml";
import { applyRules } from "./rules.js";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const openapiDir = `${repoRoot}openapi/`;

export interface ManifestEntry {
  file: string;
  sha256: string;
  overlay: string;
  source: string;
}
export interface Manifest {
  default: string;
  versions: Record<string, ManifestEntry>;
}

// OpenAPI documents are plain JSON trees; `any` keeps traversal code readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OpenApiDocument = Record<string, any>;

export interface OverlayAction {
  target: string;
  description?: string;
  update?: unknown;
  remove?: boolean;
}
export interface OverlayDocument {
  overlay: string;
  info: { title: string; version: string };
  actions: OverlayAction[];
}

export function readManifest(dir = openapiDir): Manifest {
  return JSON.parse(readFileSync(`${dir}manifest.json`, "utf8")) as Manifest;
}

export function sha256(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function readOverlay(path: string): OverlayDocument {
  return parse(readFileSync(path, "utf8")) as OverlayDocument;
}

/** Applies an Overlay 1.0 document; an action that matches nothing is an error, never a silent no-op. */
export async function applyOverlay(spec: OpenApiDocument, overlay: OverlayDocument): Promise<OpenApiDocument> {
  const undocumented = overlay.actions.filter((a) => !a.description?.trim());
  if (undocumented.length > 0) {
    throw new Error(`overlay actions without a description: ${undocumented.map((a) => a.target).join(", ")}`);
  }
  type OverlaySet = Parameters<typeof openapiOverlay>[1]["overlaySet"];
  const { data, resultData } = await openapiOverlay(structuredClone(spec), { overlaySet: overlay as OverlaySet });
  const unused = resultData.unusedActions as OverlayAction[];
  if (unused.length > 0) {
    const targets = unused.map((a) => `  ${a.target}`).join("\n");
    throw new Error(`overlay actions matched nothing in the spec:\n${targets}`);
  }
  return data as OpenApiDocument;
}

/** A vendored description corrected: its overlay applied, then the rule layer (scripts/lib/rules.ts). */
export async function correctSpec(raw: OpenApiDocument, overlay: OverlayDocument): Promise<OpenApiDocument> {
  return applyRules(await applyOverlay(raw, overlay)).spec;
}

/** The vendored description of `version`, corrected. */
export async function loadCorrectedSpec(version: string, dir = openapiDir): Promise<OpenApiDocument> {
  const entry = readManifest(dir).versions[version];
  if (!entry) throw new Error(`API version ${version} is not in ${dir}manifest.json`);
  const raw = parse(readFileSync(`${dir}${entry.file}`, "utf8")) as OpenApiDocument;
  return correctSpec(raw, readOverlay(`${dir}${entry.overlay}`));
}
