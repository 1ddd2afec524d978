// Type-check cost: `tsc --noEmit --extendedDiagnostics` on the fifteen-call consumer program of
// consumers.ts written against each package, each in its own project, run alternately in fresh
// processes. Issue 12's target: at most 20,000 type instantiations, and a check time no slower than
// bare openapi-fetch's over the same generated types.
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
const instantiationBudget = 20_000;
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
  /** tsc's "Check time": the type checker alone, without parsing and binding. */
  checkSeconds: number;
  /** tsc's count of type instantiations: the work the library's types ask of the checker. */
  instantiations: number;
}

async function check(project: string): Promise<Sample> {
  const result = await runCommand(process.execPath, [tsc, "-p", project, "--extendedDiagnostics"], { cpu: true });
  const diagnostic = (name: string) => new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(result.stdout)?.[1];
  const memoryKb = diagnostic("Memory used");
  const checkTime = /^Check time:\s+([\d.]+)s/m.exec(result.stdout)?.[1];
  const instantiations = diagnostic("Instantiations");
  // A consumer that does not compile would time the error path; the benchmark must not pass it off.
  if (result.code !== 0 || memoryKb === undefined || instantiations === undefined || checkTime === undefined) {
    throw new Error(`tsc -p ${project} failed:\n${result.stdout.split("\nFiles:")[0]}`);
  }
  return {
    cpuSeconds: result.cpuMs / 1000,
    wallSeconds: result.wallMs / 1000,
    memoryMb: Number(memoryKb) / 1024,
    checkSeconds: Number(checkTime),
    instantiations: Number(instantiations),
  };
}

export async function measureTypecheckCost(): Promise<Section> {
  const build = await intercomFetchBuild();
  const projects = Object.fromEntries(
    contenders.map((consumer) => {
      const dir = join(scratchDir, "typecheck", consumer);
      writeScratch(`typecheck/${consumer}/consumer.ts`, consumerSource(consumer, build.types(dir), "fifteen calls"));
      writeScratch(`typecheck/${consumer}/tsconfig.json`, JSON.stringify(tsconfig, null, 2));
      return [consumer, join(dir, "tsconfig.json")];
    }),
  ) as Record<Consumer, string>;
  const samples = await interleave(contenders, rounds, (consumer) => check(projects[consumer]));
  const { summary, ratio, ratioCell } = compare(samples);
  const baseline = "openapi-fetch";
  const checkRatio = ratio("intercom-fetch", baseline, "checkSeconds").median;
  const count = (consumer: Consumer) => summary(consumer, "instantiations").median;
  const instantiations = (consumer: Consumer) => count(consumer).toLocaleString("en");
  const met = count("intercom-fetch") <= instantiationBudget && checkRatio <= 1;
  return {
    title: "Type-check cost",
    method:
      `\`tsc --noEmit --extendedDiagnostics\` (strict, NodeNext, skipLibCheck) on the same consumer of fifteen ` +
      `calls and one walk over every conversation (consumers.ts: intercom-fetch's \`paginate\`, a cursor loop ` +
      `over bare openapi-fetch, intercom-client's pager) against each package, ${rounds} rounds, alternating. ` +
      `Check time is tsc's own "Check time" (the checker alone); CPU time (user + system) is the whole tsc ` +
      `process, parsing the declarations included; memory is tsc's "Memory used". intercom-fetch: ${build.description}.`,
    columns: [
      "consumer of",
      "type instantiations",
      "check s",
      "vs openapi-fetch",
      "CPU s",
      "wall s",
      "memory MB",
      "vs openapi-fetch",
    ],
    rows: contenders.map((consumer) => [
      consumer,
      instantiations(consumer),
      formatSummary(summary(consumer, "checkSeconds"), 2),
      ratioCell(consumer, baseline, "checkSeconds"),
      formatSummary(summary(consumer, "cpuSeconds"), 2),
      formatSummary(summary(consumer, "wallSeconds"), 2),
      formatSummary(summary(consumer, "memoryMb"), 0),
      ratioCell(consumer, baseline, "memoryMb"),
    ]),
    target: {
      goal: `intercom-fetch ≤ ${instantiationBudget.toLocaleString("en")} type instantiations and check time ≤ bare openapi-fetch`,
      met,
      detail:
        `${instantiations("intercom-fetch")} instantiations (openapi-fetch ${instantiations("openapi-fetch")}), ` +
        `${checkRatio.toFixed(2)}x openapi-fetch's check time, ` +
        `${ratio("intercom-fetch", baseline, "memoryMb").median.toFixed(2)}x its memory.`,
    },
    notes: [
      "Each call's types are looked up in signatures codegen wrote (generated/<version>/calls.ts), so a call " +
        "costs a few dozen instantiations; most of intercom-fetch's count is paid once per method, when the " +
        "compiler first relates a call to that method's paths. The rest of every consumer's time is parsing and " +
        "binding the declarations (intercom-fetch and openapi-fetch both read the generated types).",
      ...(met
        ? []
        : [
            "What limits it: where the check time is above openapi-fetch's, it is the relating of each argument " +
              "object to its exact operation type (openapi-fetch relates it to its own inferred type instead, " +
              "which is also why it lets misspelt keys through); the instantiation count is within budget.",
          ]),
    ],
  };
}
