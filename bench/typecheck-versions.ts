// `npx tsx bench/typecheck-versions.ts [runs]`: what a second generated API version costs a
// consumer's type-check. Two copies of the working tree: one as it is (every version in the
// manifest generated), one regenerated with the default version only. The same consumer file,
// which uses only the default version, is type-checked in each, alternately, `runs` times (default
// 5); the medians of CPU time, wall time, types created and type instantiations, and their ratios,
// are printed. Only the consumer file is checked (what a call site costs): src/ and generated/ are
// the package's own, which users get as declarations and skipLibCheck.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { copyRepo } from "../scripts/lib/repo-copy.js";
import type { Manifest } from "../scripts/lib/spec.js";

const runs = Number(process.argv[2] ?? 5);

const consumer = `import { createIntercomClient, paginate } from "../src/index.js";

const intercom = createIntercomClient({ token: "t" });

export async function main(): Promise<void> {
  const { data: me } = await intercom.GET("/me");
  console.log(me?.email);
  const { data: contact } = await intercom.GET("/contacts/{id}", { params: { path: { id: "1" } } });
  console.log(contact?.email);
  await intercom.POST("/contacts/search", {
    body: { query: { field: "email", operator: "=", value: "a@example.com" }, pagination: { per_page: 50 } },
  });
  for await (const conversation of paginate(intercom, "/conversations")) console.log(conversation.id);
}
`;

function setUp(root: string): string {
  const project = join(root, "consumer");
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, "consumer.ts"), consumer);
  // The project's compiler options, on the consumer file alone.
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({ extends: "../tsconfig.json", files: ["consumer.ts"], include: [] }),
  );
  return project;
}

// The type-check runs in a child process that reports its own CPU time, which other work on the
// machine inflates far less than wall time, and the numbers of types the checker created and instantiated.
const checker = `
import ts from "typescript";
const project = process.argv[1];
const config = ts.getParsedCommandLineOfConfigFile(project, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); } });
const program = ts.createProgram(config.fileNames, config.options);
const consumer = program.getSourceFiles().find((f) => f.fileName.endsWith("/consumer.ts"));
const diagnostics = [...program.getSyntacticDiagnostics(consumer), ...program.getSemanticDiagnostics(consumer)];
if (diagnostics.length > 0) {
  console.error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => "\\n" }));
  process.exit(1);
}
const { user, system } = process.cpuUsage();
console.log(JSON.stringify({ cpuMs: (user + system) / 1000, types: program.getTypeCount(), instantiations: program.getInstantiationCount() }));
`;

interface Measure {
  wallMs: number;
  cpuMs: number;
  types: number;
  instantiations: number;
}

function typecheck(project: string): Measure {
  const start = performance.now();
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", checker, join(project, "tsconfig.json")], {
    cwd: join(project, ".."),
    encoding: "utf8",
  });
  const wallMs = performance.now() - start;
  if (result.status !== 0) throw new Error(`type-check failed in ${project}:\n${result.stdout}${result.stderr}`);
  return { wallMs, ...JSON.parse(result.stdout) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const all = copyRepo("typecheck-all-");
const one = copyRepo("typecheck-one-");
try {
  const manifestPath = join(one, "openapi", "manifest.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
  const versions = Object.keys(manifest.versions);
  if (versions.length < 2)
    throw new Error("only one API version is generated: bump a second one first (npm run spec:bump).");
  manifest.versions = { [manifest.default]: manifest.versions[manifest.default]! };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
  const generated = spawnSync("npm", ["run", "--silent", "generate"], { cwd: one, encoding: "utf8" });
  if (generated.status !== 0) throw new Error(`generate failed:\n${generated.stderr}`);

  const projects = { one: setUp(one), all: setUp(all) };
  const times: Record<keyof typeof projects, Measure[]> = { one: [], all: [] };
  typecheck(projects.one); // warm the file cache
  for (let i = 0; i < runs; i++) {
    times.one.push(typecheck(projects.one));
    times.all.push(typecheck(projects.all));
  }
  const stat = (key: keyof typeof projects, field: keyof Measure) => median(times[key].map((m) => m[field]));
  const row = (label: string, key: keyof typeof projects) =>
    `  ${label.padEnd(16)} ${stat(key, "cpuMs").toFixed(0).padStart(7)} ms CPU ${stat(key, "wallMs").toFixed(0).padStart(7)} ms wall ${String(stat(key, "types")).padStart(8)} types ${String(stat(key, "instantiations")).padStart(8)} instantiations`;
  console.log(`consumer type-check (median of ${runs}):`);
  console.log(row(`${manifest.default} only`, "one"));
  console.log(row(versions.join(" + "), "all"));
  console.log(
    `  ratio            ${(stat("all", "cpuMs") / stat("one", "cpuMs")).toFixed(2)}× CPU, ` +
      `${(stat("all", "wallMs") / stat("one", "wallMs")).toFixed(2)}× wall, ${(stat("all", "types") / stat("one", "types")).toFixed(2)}× types, ` +
      `${(stat("all", "instantiations") / stat("one", "instantiations")).toFixed(2)}× instantiations`,
  );
} finally {
  rmSync(all, { recursive: true, force: true });
  rmSync(one, { recursive: true, force: true });
}
