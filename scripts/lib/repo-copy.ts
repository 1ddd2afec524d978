// A throwaway copy of the working tree (tracked and untracked files, not ignored ones) with
// node_modules (and dist/, when built) linked, so the spec bump and the benchmarks can regenerate
// and type-check without touching the real repository.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./spec.js";

const linked = ["node_modules", "dist"];

export function copyRepo(prefix = "intercom-fetch-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const listing = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  // A linked node_modules is a symlink, which `node_modules/` in .gitignore does not exclude.
  const files = listing.split("\0").filter((f) => f && !linked.includes(f) && existsSync(join(repoRoot, f)));
  for (const f of files) cpSync(join(repoRoot, f), join(dir, f), { recursive: true });
  for (const link of linked) {
    if (existsSync(join(repoRoot, link))) symlinkSync(join(repoRoot, link), join(dir, link));
  }
  return dir;
}
