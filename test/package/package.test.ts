// The package as users get it: build, pack, lint the tarball (publint, attw), install it into a fresh
// project, then run one smoke script with `import` and `require` on Node and on Bun, Deno and workerd,
// against a fake Intercom served by this project's own testing helper, and type-check a consumer file
// under each moduleResolution users have.
import { execFile, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeIntercom, type FakeIntercomServer } from "../../src/testing.js";

const run = promisify(execFile);
const root = new URL("../../", import.meta.url).pathname;
const fixtures = new URL("./fixtures/", import.meta.url).pathname;
const bin = (name: string) => join(root, "node_modules", ".bin", name);

let work: string; // temporary folder: the tarball and the consumer project
let consumer: string;
let tarball: string;
let packedFiles: string[];
let server: FakeIntercomServer;

interface Manifest {
  bin?: Record<string, string>;
  devDependencies: Record<string, string>;
}

const fake = createFakeIntercom({
  handlers: {
    "/contacts/{id}": {
      get: ({ params }) =>
        params.id === "missing"
          ? { status: 404, body: { type: "error.list", errors: [{ code: "not_found", message: "User Not Found" }] } }
          : { body: { type: "contact", id: params.id, email: "smoke@example.com", created_at: 1, updated_at: 1 } },
    },
    "/contacts": {
      // The create-contact body is a union of shapes; the smoke script sends the email one.
      post: ({ body }) => ({
        body: { type: "contact", id: "new", email: (body as { email?: string }).email, created_at: 1, updated_at: 1 },
      }),
    },
  },
});

const expected = {
  me: "admin",
  contact: "smoke-contact",
  created: "smoke@example.com",
  missing: 404,
  missingCode: "not_found",
  pagedAdmins: ["991267792"],
  configError: "region",
  fakeAdmins: "admin.list",
  fakeRequests: 1,
  oauthUrl: "https://app.eu.intercom.com/oauth?client_id=c&state=s",
};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "intercom-fetch-package-"));
  await run("npm", ["run", "build", "--silent"], { cwd: root });
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], {
    cwd: root,
  });
  const [pack] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, pack!.filename);
  packedFiles = pack!.files.map((f) => f.path).sort();

  consumer = join(work, "consumer");
  mkdirSync(consumer);
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  // openapi-fetch comes from npm's cache (this project installed it); the registry is only a fallback.
  // msw, the optional peer of intercom-fetch/msw, as a consumer using that entry has it.
  const msw = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Manifest).devDependencies.msw;
  const install = ["install", tarball, `msw@${msw}`, "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"];
  await run("npm", install, { cwd: consumer });
  for (const file of readdirSync(fixtures)) copyFileSync(join(fixtures, file), join(consumer, file));
  server = await fake.listen();
}, 240_000);

afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the packed tarball", () => {
  it("holds only the build, README, LICENSE and package.json", () => {
    expect(packedFiles.filter((f) => !/^dist\/[\w.-]+\.(c?js|d\.c?ts)$/.test(f))).toEqual([
      "LICENSE",
      "README.md",
      "package.json",
    ]);
    for (const entry of ["index", "testing", "msw", "redis", "oauth", "export"]) {
      for (const ext of [".js", ".cjs", ".d.ts", ".d.cts"]) expect(packedFiles).toContain(`dist/${entry}${ext}`);
    }
    // The command is run, never imported: no CommonJS copy, no declarations.
    expect(packedFiles.filter((f) => f.startsWith("dist/cli"))).toEqual(["dist/cli.js"]);
  });

  it("declares no names its bundler renamed, which users would read in hovers and errors", () => {
    // rolldown renames clashing declarations `paths$1`; generated names carry their version instead.
    const renamed = readdirSync(join(root, "dist"))
      .filter((f) => /\.d\.c?ts$/.test(f))
      .flatMap((f) => readFileSync(join(root, "dist", f), "utf8").match(/\b[A-Za-z_]\w*\$\d+\b/g) ?? []);
    expect([...new Set(renamed)]).toEqual([]);
  });

  it("passes publint --strict", async () => {
    const { stdout } = await run(bin("publint"), ["run", tarball, "--strict"], { cwd: root });
    expect(stdout).toContain("All good!");
  });

  it("passes are-the-types-wrong for every entry and resolution mode", async () => {
    // attw exits non-zero on any problem; the table is in the error message then.
    const { stdout } = await run(bin("attw"), [tarball, "--format", "json"], { cwd: root, maxBuffer: 64 << 20 });
    const report = JSON.parse(stdout) as { analysis: { problems: unknown[] } };
    expect(report.analysis.problems).toEqual([]);
  }, 60_000);

  it("keeps the testing helper and the spec's examples out of the main entry", async () => {
    // What a user's bundler ships for `import ... from "intercom-fetch"` (openapi-fetch is counted apart).
    const result = await build({
      absWorkingDir: consumer,
      stdin: { contents: 'export * from "intercom-fetch";', resolveDir: consumer },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "neutral",
      external: ["openapi-fetch"],
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const bundle = result.outputFiles[0]!.text;
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((f) => f.includes("testing") || f.includes("redis"))).toBe(false);
    expect(bundle).not.toContain('"get /me"'); // a key of the generated examples module
    expect(bundle).not.toMatch(/["']node:/); // runs on edge runtimes without Node compatibility
    const gzipped = gzipSync(bundle).length;
    console.info(`main entry, esbuild minified: ${bundle.length} B, gzip: ${gzipped} B (without openapi-fetch)`);
    expect(gzipped).toBeLessThan(20_000);
  });
});

function parseLastLine(stdout: string): unknown {
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines.at(-1)!);
}

describe("the installed package on Node", () => {
  it("works with import (ESM)", async () => {
    const { stdout } = await run("node", ["run-esm.mjs", server.url], { cwd: consumer });
    expect(parseLastLine(stdout)).toEqual(expected);
  });

  it("works with require (CommonJS)", async () => {
    const { stdout } = await run("node", ["run-cjs.cjs", server.url], { cwd: consumer });
    expect(parseLastLine(stdout)).toEqual(expected);
  });

  it("loads intercom-fetch/redis with import and require, without the redis package installed", async () => {
    // The store takes the caller's client: the subpath itself never imports `redis`.
    const load = [
      [
        "--input-type=module",
        "-e",
        'const m = await import("intercom-fetch/redis"); console.log(typeof m.redisRateLimitStore);',
      ],
      ["-e", 'console.log(typeof require("intercom-fetch/redis").redisRateLimitStore);'],
    ];
    for (const args of load) {
      const { stdout } = await run("node", args, { cwd: consumer });
      expect(stdout.trim()).toBe("function");
    }
  });

  it("answers through msw with intercom-fetch/msw, imported and required", async () => {
    for (const file of ["msw-esm.mjs", "msw-cjs.cjs"]) {
      const { stdout } = await run("node", [file], { cwd: consumer });
      expect(parseLastLine(stdout)).toEqual({ tags: ["VIP"], requests: 1 });
    }
  });

  it("runs intercom-fetch/export with import and require (it needs Node's APIs: Node, Bun, Deno)", async () => {
    const { stdout } = await run("node", ["export-smoke.mjs"], { cwd: consumer });
    expect(parseLastLine(stdout)).toEqual(["no_data:0", "no_data:0"]);
  });

  const { bin: commands = {} } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Manifest;
  it.skipIf(Object.keys(commands).length === 0)("installs the command-line tool", async () => {
    for (const name of Object.keys(commands)) {
      const { stdout } = await run(join(consumer, "node_modules", ".bin", name), ["--help"], { cwd: consumer });
      expect(stdout).toContain(`Usage: ${name}`);
    }
  });

  it("sent Intercom-Version and the bearer token", () => {
    const seen = fake.requests.filter((r) => r.route === "/me");
    expect(seen.length).toBeGreaterThan(0);
    for (const r of seen) {
      expect(r.headers.get("intercom-version")).toBe("2.10");
      expect(r.headers.get("authorization")).toBe("Bearer smoke-token");
    }
  });
});

describe("a consumer's TypeScript", () => {
  // nodenext also checks the shipped declarations themselves (skipLibCheck off); the others, as most
  // projects do, skip that (it is the same ~470 kB of declarations, and the slowest part).
  const settings = {
    node16: { module: "node16", moduleResolution: "node16", skipLibCheck: true },
    nodenext: { module: "nodenext", moduleResolution: "nodenext", skipLibCheck: false },
    bundler: { module: "esnext", moduleResolution: "bundler", skipLibCheck: true },
  };
  // Concurrent: tsc is single-threaded and the machine has two cores.
  it.concurrent.each(Object.entries(settings))(
    "type-checks under moduleResolution %s",
    async (name, options) => {
      const files = name === "bundler" ? ["consumer.ts"] : ["consumer.ts", "consumer-cjs.cts"];
      if (name !== "nodenext") files.push("consumer-msw.ts");
      const compilerOptions = {
        ...options,
        target: "es2022",
        lib: ["es2022", "dom"],
        strict: true,
        noEmit: true,
        types: [],
      };
      writeFileSync(join(consumer, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files }));
      const result = await run(bin("tsc"), ["-p", `tsconfig.${name}.json`], { cwd: consumer }).catch(
        (error: { stdout: string }) => ({ stdout: error.stdout }),
      );
      expect(result.stdout).toBe("");
    },
    120_000,
  );
});

/** Whether a runtime's binary runs here; if not, the reason, shown in the skipped test's name. */
function unavailable(name: string): string | undefined {
  const probe = spawnSync(bin(name), ["--version"], { encoding: "utf8" });
  if (probe.error) return `${name} cannot run here: ${probe.error.message}`;
  if (probe.status !== 0) return `${name} --version exited ${probe.status}: ${probe.stderr.trim()}`;
  return undefined;
}

function runtimeTest(name: string, body: () => Promise<string>) {
  const reason = unavailable(name);
  if (reason) {
    console.warn(`SKIPPED runtime ${name}: ${reason}`);
    it.skip(`${name} runs the smoke script (SKIPPED: ${reason})`, () => {});
    return;
  }
  it(`${name} runs the smoke script`, async () => expect(parseLastLine(await body())).toEqual(expected), 60_000);
}

describe("other runtimes", () => {
  runtimeTest("bun", async () => (await run(bin("bun"), ["run-esm.mjs", server.url], { cwd: consumer })).stdout);

  runtimeTest("deno", async () => {
    const args = ["run", "--no-lock", "--allow-net=127.0.0.1", "--allow-read", "--allow-env", "run-esm.mjs"];
    const env = { ...process.env, DENO_DIR: join(work, "deno"), DENO_NO_UPDATE_CHECK: "1" };
    return (await run(bin("deno"), [...args, server.url], { cwd: consumer, env })).stdout;
  });

  runtimeTest("workerd", async () => {
    // As wrangler does: bundle with esbuild under the worker conditions, then run the `test` handler.
    await build({
      absWorkingDir: consumer,
      entryPoints: ["worker.mjs"],
      outfile: "worker.bundle.js",
      bundle: true,
      format: "esm",
      platform: "neutral",
      mainFields: ["module", "main"],
      conditions: ["workerd", "worker", "browser"],
      external: ["node:*"],
      logLevel: "silent",
    });
    const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .smokeWorker),
    # The fake Intercom is on loopback: let the worker's fetch reach it, and nothing else.
    (name = "loopback", network = (allow = ["local"])),
  ],
);
const smokeWorker :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed "worker.bundle.js")],
  compatibilityDate = "2025-09-01",
  bindings = [(name = "BASE_URL", text = ${JSON.stringify(server.url)})],
  globalOutbound = "loopback",
);
`;
    writeFileSync(join(consumer, "workerd.capnp"), config);
    // workerd logs the test verdict to stderr and the worker's console.log to stdout.
    return (await run(bin("workerd"), ["test", "workerd.capnp"], { cwd: consumer })).stdout;
  });
});
