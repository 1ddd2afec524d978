// Vitest global setup of the contract project: one Prism for all contract tests, started only when
// a contract test is in the run (vitest initialises a project's global setup lazily).
import type { TestProject } from "vitest/node";
import { startPrism } from "../../scripts/lib/prism.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Origin of the Prism mock serving the corrected spec. */
    prismUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prism = await startPrism();
  project.provide("prismUrl", prism.url);
  return () => prism.stop();
}
