// The client bundle carries only what a plain GET needs: a one-call consumer, bundled as the bundle
// benchmark bundles it, holds no pagination, webhooks, CLI, testing helper or operation tables.
import { expect, it } from "vitest";
import { bundleSizes, unneededParts } from "../../bench/bundle-size.js";

it("a one-call consumer's bundle holds nothing a plain GET does not need", async () => {
  const inputs = Object.keys((await bundleSizes("intercom-fetch", "one call")).inputBytes);
  expect(inputs).toContain("src/client.ts");
  expect(unneededParts(inputs)).toEqual({});
});

it("a consumer that paginates gets pagination and its metadata, and nothing else of those", async () => {
  const inputs = Object.keys((await bundleSizes("intercom-fetch", "four calls and a walk")).inputBytes);
  expect(unneededParts(inputs)).toEqual({
    pagination: expect.arrayContaining(["src/paginate/paginate.ts", "generated/2.10/pagination.ts"]),
  });
});
