// `npm run build`: ESM (.js) and CommonJS (.cjs) bundles with declarations for each (.d.ts/.d.cts)
// into dist/, one entry per `exports` subpath. Shared code goes into chunks, so `intercom-fetch/testing`
// and its operation tables and spec examples never weigh on the main entry, and each version's
// pagination metadata is a chunk of its own, loaded by paginate.
import { existsSync } from "node:fs";
import { defineConfig, type UserConfig } from "tsdown";

type Plugin = Extract<NonNullable<UserConfig["plugins"]>, { name: string }>;

/**
 * rolldown gives `import x from "cjs-module"` Node's ESM semantics (default = `module.exports`) because
 * our sources are ESM, also in the CommonJS build. There the dependency is required as its CommonJS
 * build, which sets `__esModule` and `exports.default` (openapi-fetch does), so the CommonJS build must
 * use the `__esModule` interop instead, or `createClient` is not a function under `require`.
 */
const cjsInterop: Plugin = {
  name: "cjs-esmodule-interop",
  renderChunk(code, _chunk, options) {
    return options.format === "cjs" ? code.replace(/__toESM\((\w+), 1\)/g, "__toESM($1)") : null;
  },
};

const cli = "src/cli/index.ts";

const shared = {
  platform: "neutral",
  target: "es2022",
  outDir: "dist",
  tsconfig: "tsconfig.build.json",
  sourcemap: false,
  clean: true, // done once before all builds
} satisfies UserConfig;

const library = defineConfig({
  ...shared,
  entry: {
    index: "src/index.ts",
    testing: "src/testing.ts",
    msw: "src/msw.ts",
    redis: "src/redis.ts",
    oauth: "src/oauth.ts",
    export: "src/export.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  // Runtime dependencies stay dependencies (csv-parse: only intercom-fetch/export imports it), msw and
  // redis the optional peers of their entries; node:http is only imported lazily by the testing entry.
  external: ["openapi-fetch", /^csv-parse(\/|$)/, "msw", "redis", /^node:/],
  plugins: [cjsInterop],
  // Every module of src/ that two or more entries share goes into one chunk, so importing the main
  // entry reads two files (index.js and that chunk) instead of one per set of entries sharing code:
  // each file adds about as much to a Node import's time as compiling some 15 kB more code does.
  // (The .d.ts modules are the declaration build's, chunked apart.)
  outputOptions: {
    codeSplitting: {
      groups: [
        {
          name: "shared",
          test: (id) => /[\\/]src[\\/][^]*(?<!\.d)\.ts$|[\\/]generated[\\/]index\.ts$/.test(id),
          minShareCount: 2,
        },
      ],
    },
  },
  // Declarations of ~470 kB of generated types take most of the build; that is expected, not a warning.
  inputOptions: { checks: { pluginTimings: false } },
});

// The `intercom` command (package.json `bin`) is run, never imported: one ESM file, no declarations.
const command = defineConfig({
  ...shared,
  entry: { cli },
  format: ["esm"],
  dts: false,
  external: ["openapi-fetch", /^node:/],
});

export default existsSync(cli) ? [library, command] : library;
