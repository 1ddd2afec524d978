// Loads a vendored Intercom description and applies its reviewed overlay: the one place where the
// corrected spec is made, shared by codegen, spec:check, the mock server and the tests.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { applyOverlay, type OpenApiDocument, type OverlayDocument } from "./openapi.js";
import { applyRules } from "./rules.js";

export type { OpenApiDocument, OverlayAction, OverlayDocument } from "./openapi.js";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const openapiDir = `${repoRoot}openapi/`;

export interface ManifestEntry {
  file: string;
  sha256: string;
  overlay: string;
  source: string;
  /** Set by hand once the version's spec:check findings are corrected or allowlisted; a bump writes false. */
  reviewed?: boolean;
}
export interface Manifest {
  default: string;
  versions: Record<string, ManifestEntry>;
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
