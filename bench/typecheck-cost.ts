// Type-check cost: `tsc --noEmit --extendedDiagnostics` on the consumer program of consumers.ts
// written against each package, each in its own project, run alternately in fresh processes.
import { createRequire } from "node:module";
import { join } from "node:path";
import { intercomFetchBuild, scratchDir, writeScratch } from "./build.js";
import { runCommand } from "./child.js";
import { consumerSource, type Consumer } from "./consumers.js";
import type { Section } from "./report.js";
import { interleave } from "./rounds.js";
import { compare, formatSummary } from "./stats.js";

const contenders: readonly Consumer[] = ["intercom-fetch", "openapi-fetch", "intercom-client"];
const rounds = 3;
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

// What a typical strict Node consumer sets; skipLibCheck as most projects do.
const tsconfig = {
  compilerOptions: {
    target: "ES2022",
    lib: ["ES2022", "DOM"],
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: ["node"],
  },
  files: ["consumer.ts"],
};

interface Sample {
  cpuSeconds: number;
  wallSeconds: number;
  memoryMb: number;
  /** tsc's count of type instantiations: the work the library's types ask of the checker. */
  instantiations: number;
}

async function check(project: string): Promise<Sample> {
  const result = await runCommand(process.execPath, [tsc, "-p", project, "--extendedDiagnostics"], { cpu: true });
  const diagnostic = (name: string) => new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(result.stdout)?.[1];
  const memoryKb = diagnostic("Memory used");
  const instantiations = diagnostic("Instantiations");
  // A consumer that does not compile would time the error path; the benchmark must not pass it off.
  if (result.code !== 0 || memoryKb === undefined || instantiations === undefined) {
    throw new Error(`tsc -p ${project} failed:\n${result.stdout.split("\nFiles:")[0]}`);
  }
  return {
    cpuSeconds: result.cpuMs / 1000,
    wallSeconds: result.wallMs / 1000,
    memoryMb: Number(memoryKb) / 1024,
    instantiations: Number(instantiations),
  };
}

export async function measureTypecheckCost(): Promise<Section> {
  const build = await intercomFetchBuild();
  const projects = Object.fromEntries(
    contenders.map((consumer) => {
      const dir = join(scratchDir, "typecheck", consumer);
      writeScratch(`typecheck/${consumer}/consumer.ts`, consumerSource(consumer, build.types(dir)));
      writeScratch(`typecheck/${consumer}/tsconfig.json`, JSON.stringify(tsconfig, null, 2));
      return [consumer, join(dir, "tsconfig.json")];
    }),
  ) as Record<Consumer, string>;
  const samples = await interleave(contenders, rounds, (consumer) => check(projects[consumer]));
  const { summary, ratio, ratioCell } = compare(samples);
  const baseline = "intercom-client";
  const time = ratio("intercom-fetch", baseline, "cpuSeconds");
  const instantiations = (consumer: Consumer) => summary(consumer, "instantiations").median.toLocaleString("en");
  return {
    title: "Type-check cost",
    method:
      `\`tsc --noEmit --extendedDiagnostics\` (strict, NodeNext, skipLibCheck) on the same four-call consumer ` +
      `(consumers.ts) against each package, ${rounds} rounds, alternating. CPU time (user + system) of the ` +
      `tsc process is the judged figure, being steadier than wall time on a shared machine; memory is tsc's ` +
      `"Memory used". intercom-fetch: ${build.description}.`,
    columns: [
      "consumer of",
      "CPU s",
      "vs intercom-client",
      "wall s",
      "memory MB",
      "vs intercom-client",
      "type instantiations",
    ],
    rows: contenders.map((consumer) => [
      consumer,
      formatSummary(summary(consumer, "cpuSeconds"), 2),
      ratioCell(consumer, baseline, "cpuSeconds"),
      formatSummary(summary(consumer, "wallSeconds"), 2),
      formatSummary(summary(consumer, "memoryMb"), 0),
      ratioCell(consumer, baseline, "memoryMb"),
      instantiations(consumer),
    ]),
    target: {
      goal: "intercom-fetch no slower to type-check than intercom-client",
      met: time.median <= 1,
      detail: `${time.median.toFixed(2)}x the CPU time, ${ratio("intercom-fetch", baseline, "memoryMb").median.toFixed(2)}x the memory.`,
    },
    notes:
      time.median <= 1
        ? []
        : [
            `What limits it: the types' instantiations. Bare openapi-fetch over the same generated types ` +
              `takes ${ratio("openapi-fetch", baseline, "cpuSeconds").median.toFixed(2)}x intercom-client's time ` +
              `with ${instantiations("openapi-fetch")} instantiations; intercom-fetch needs ` +
              `${instantiations("intercom-fetch")}, for its exact request types (each call's path matched against ` +
              "the operations with that method, `init` checked against that operation's concrete type) and typed " +
              "pagination. intercom-client's hand-expanded per-method types need almost none, at the price of " +
              "a megabyte of declarations in over a thousand files.",
          ],
  };
}
