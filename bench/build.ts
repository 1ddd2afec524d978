// Scratch files and esbuild bundles for the benchmarks, and how they reach intercom-fetch: through
// its built package when `npm run build` exists, otherwise through an esbuild bundle of src/, so
// no measurement includes tsx's on-the-fly TypeScript compilation.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { build } from "esbuild";
import { repoRoot } from "../scripts/lib/spec.js";
import { runCommand } from "./child.js";

/** Scratch space inside the repository (ignored by git), so bundles resolve node_modules as usual. */
export const scratchDir = join(repoRoot, ".tmp", "bench");

/** Writes `contents` to `scratchDir/path` and returns the absolute path. */
export function writeScratch(path: string, contents: string): string {
  const file = join(scratchDir, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, contents);
  return file;
}

/** A specifier that reaches `target` from a module in `fromDir`. */
export function relativeSpecifier(fromDir: string, target: string): string {
  const path = relative(fromDir, target);
  return path.startsWith(".") ? path : `./${path}`;
}

export interface BundleOptions {
  platform: "browser" | "node";
  minify: boolean;
  /** Leave node_modules imports as imports, as an installed package would. */
  externalPackages?: boolean;
  outfile?: string;
}

export interface Bundle {
  code: string;
  /** Bytes each input file contributes to `code`, by path relative to the repository. */
  inputBytes: Record<string, number>;
}

/** Bundles `entry` to one ESM file (written to `outfile` too, when given). */
export async function bundle(entry: string, options: BundleOptions): Promise<Bundle> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: options.platform,
    minify: options.minify,
    ...(options.externalPackages && { packages: "external" as const }),
    ...(options.platform === "browser" && { conditions: ["worker", "browser"] }),
    write: false,
    metafile: true,
    absWorkingDir: repoRoot,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.text;
  if (options.outfile) {
    mkdirSync(dirname(options.outfile), { recursive: true });
    writeFileSync(options.outfile, code);
  }
  const output = Object.values(result.metafile.outputs)[0]!;
  const inputBytes = Object.fromEntries(Object.entries(output.inputs).map(([path, i]) => [path, i.bytesInOutput]));
  return { code, inputBytes };
}

export interface IntercomFetchBuild {
  /** Import specifier for a module under scratchDir at run time. */
  runtime: string;
  /** Import specifier for type-checking a module in `fromDir`. */
  types(fromDir: string): string;
  /** How it was built, for the results. */
  description: string;
}

/** intercom-fetch's public entry in source form. */
export const sourceEntry = join(repoRoot, "src", "index.ts");

let cached: Promise<IntercomFetchBuild> | undefined;

/**
 * Installs the built package as `scratchDir/node_modules/intercom-fetch` (package.json and dist/), so
 * a build or clean of dist/ by someone else mid-run cannot pull it away. scratchDir gets a nameless
 * package.json: inside the repository's own package scope, Node and TypeScript would resolve
 * `intercom-fetch` to the repository's dist/ instead (a package may import itself by name).
 */
function installBuiltPackage(): void {
  const target = join(scratchDir, "node_modules", "intercom-fetch");
  rmSync(target, { recursive: true, force: true });
  cpSync(join(repoRoot, "dist"), join(target, "dist"), { recursive: true });
  cpSync(join(repoRoot, "package.json"), join(target, "package.json"));
  writeScratch("package.json", JSON.stringify({ private: true, type: "module" }));
}

/** Builds intercom-fetch once per bench run, the way a consumer would get it. */
export function intercomFetchBuild(): Promise<IntercomFetchBuild> {
  return (cached ??= (async () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
      scripts?: Record<string, string>;
      exports?: unknown;
    };
    let why = "there is no `npm run build` with `exports`";
    if (pkg.scripts?.build && pkg.exports) {
      const result = await runCommand("npm", ["run", "build"]);
      if (result.code === 0) {
        installBuiltPackage();
        return {
          runtime: "intercom-fetch",
          types: () => "intercom-fetch",
          description: "the package built by `npm run build`, installed as a dependency and imported by name",
        };
      }
      why = "`npm run build` failed";
      console.error(`npm run build failed; benchmarking an esbuild bundle of src/ instead:\n${result.stderr}`);
    }
    const outfile = join(scratchDir, "intercom-fetch.mjs");
    await bundle(sourceEntry, { platform: "node", minify: false, externalPackages: true, outfile });
    return {
      runtime: outfile,
      types: (fromDir) => relativeSpecifier(fromDir, join(repoRoot, "src", "index.js")),
      description: `src/ bundled by esbuild (openapi-fetch left as an import) and types from src/, as ${why}`,
    };
  })());
}
