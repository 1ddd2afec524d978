// `npm run docs` must succeed: TypeDoc (typedoc.json) treats warnings as errors, and it warns about any
// public export of intercom-fetch, intercom-fetch/testing or intercom-fetch/msw without a doc comment, or a broken {@link}.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const root = new URL("../", import.meta.url).pathname;

it("documents every public export (TypeDoc validation, nothing emitted)", async () => {
  const typedoc = `${root}node_modules/.bin/typedoc`;
  const output = await promisify(execFile)(typedoc, ["--emit", "none"], {
    cwd: root,
    env: { ...process.env, NO_COLOR: "1" },
  }).then(
    ({ stdout, stderr }) => stdout + stderr,
    (error: { stdout: string; stderr: string }) => error.stdout + error.stderr,
  );
  expect(output.split("\n").filter((line) => /\[(warning|error)\]/.test(line))).toEqual([]);
}, 180_000);
