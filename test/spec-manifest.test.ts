import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openapiDir, readManifest, sha256 } from "../scripts/lib/spec.js";

const shared = new URL("../../shared/specs/", import.meta.url);

describe("openapi/manifest.json", () => {
  const manifest = readManifest();

  it("names the default version among its versions", () => {
    expect(Object.keys(manifest.versions)).toContain(manifest.default);
  });

  for (const [version, entry] of Object.entries(manifest.versions)) {
    it(`records the sha256 of the vendored ${version} file`, () => {
      expect(sha256(readFileSync(`${openapiDir}${entry.file}`))).toBe(entry.sha256);
    });

    it(`vendors ${version} byte for byte from ../shared/specs`, () => {
      const upstream = new URL(entry.file, shared);
      expect(sha256(readFileSync(upstream))).toBe(entry.sha256);
    });
  }
});
