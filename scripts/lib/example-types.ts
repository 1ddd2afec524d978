// The compile-time example check: every JSON example of a corrected description (request bodies,
// responses, parameters, and `example`s on schemas) is assigned, as an object literal, to the
// TypeScript type generated for it, and the lot is compiled by tsc as ONE program. spec:check
// validates the JSON Schema; this checks what users get, openapi-typescript's output, where e.g.
// `type: object` without properties is `Record<string, never>`. A compile error is a finding,
// matched against a reviewed allowlist exactly as spec:check's are (same entry format, by
// operation, example location, example name, JSON pointer into the example and `TS<code>`).
import { existsSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { applyAllowlist, collectExamples, readAllowlist, type CheckResult, type Finding } from "./spec-check.js";
import { loadCorrectedSpec, openapiDir, repoRoot, type OpenApiDocument } from "./spec.js";

type Node = OpenApiDocument;

/** An example with the TypeScript type expression it must be assignable to. */
export interface TypedExample {
  operation: string;
  in: string;
  example: string;
  value: unknown;
  /** A type over the generated module's `paths` and `components`. */
  type: string;
}

const isObject = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);
const key = (k: string) => JSON.stringify(k);

/** The generated type of a media type, parameter or response, per spec-check's `in` label. */
function typeOf(operation: string, where: string): string | undefined {
  const [method, path] = operation.split(" ") as [string, string];
  const op = `paths[${key(path)}][${key(method.toLowerCase())}]`;
  const [kind, a, b] = where.split(" ");
  if (kind === "request") return `NonNullable<${op}["requestBody"]>["content"][${key(a!)}]`;
  if (kind === "response") {
    const status = /^\d+$/.test(a!) ? a! : key(a!);
    return `${op}["responses"][${status}]["content"][${key(b!)}]`;
  }
  if (kind === "parameter") return `NonNullable<${op}["parameters"][${key(a!)}]>[${key(b!)}]`;
  return undefined;
}

/**
 * `example`s on schema objects, walked along properties, items and additionalProperties from each
 * component schema (composition branches have no type of their own to index, so they are skipped).
 */
function schemaExamples(spec: OpenApiDocument): TypedExample[] {
  const found: TypedExample[] = [];
  const walk = (schema: unknown, type: string, pointer: string) => {
    if (!isObject(schema) || schema.$ref) return;
    if (schema.example !== undefined) {
      found.push({ operation: "components", in: `schema ${pointer}`, example: "example", value: schema.example, type });
    }
    for (const [name, child] of Object.entries<Node>(schema.properties ?? {})) {
      walk(child, `NonNullable<${type}>[${key(name)}]`, `${pointer}/properties/${name}`);
    }
    if (schema.items) walk(schema.items, `NonNullable<${type}>[number]`, `${pointer}/items`);
    if (isObject(schema.additionalProperties)) {
      walk(schema.additionalProperties, `NonNullable<${type}>[string]`, `${pointer}/additionalProperties`);
    }
  };
  for (const [name, schema] of Object.entries<Node>(spec.components?.schemas ?? {})) {
    walk(schema, `components["schemas"][${key(name)}]`, `#/components/schemas/${name}`);
  }
  return found;
}

/** Every example of the description with its generated type. */
export function typedExamples(spec: OpenApiDocument): TypedExample[] {
  const embedded = collectExamples(spec).flatMap((e) => {
    const type = typeOf(e.operation, e.in);
    return type && e.schema ? [{ operation: e.operation, in: e.in, example: e.example, value: e.value, type }] : [];
  });
  return [...embedded, ...schemaExamples(spec)];
}

// ---------------------------------------------------------------------------------------------
// Source with a map from text offsets back to JSON pointers

interface Span {
  start: number;
  end: number;
  pointer: string;
}

const escapePointer = (k: string) => k.replace(/~/g, "~0").replace(/\//g, "~1");

/** `value` as a TypeScript literal, with the span of every member (key through value) by pointer. */
function literal(value: unknown, offset: number, pointer: string, spans: Span[]): string {
  if (Array.isArray(value)) {
    let text = "[";
    value.forEach((item, i) => {
      if (i > 0) text += ", ";
      const start = offset + text.length;
      text += literal(item, start, `${pointer}/${i}`, spans);
      spans.push({ start, end: offset + text.length, pointer: `${pointer}/${i}` });
    });
    return text + "]";
  }
  if (isObject(value)) {
    let text = "{";
    Object.entries(value).forEach(([k, v], i) => {
      text += i > 0 ? ", " : " ";
      const start = offset + text.length;
      text += `${key(k)}: `;
      const at = `${pointer}/${escapePointer(k)}`;
      text += literal(v, offset + text.length, at, spans);
      spans.push({ start, end: offset + text.length, pointer: at });
    });
    return text + (text === "{" ? "}" : " }");
  }
  return JSON.stringify(value) ?? "undefined";
}

interface Emitted {
  example: TypedExample;
  start: number;
  end: number;
  spans: Span[];
}

function emit(version: string, examples: TypedExample[]): { source: string; emitted: Emitted[] } {
  let source =
    `import type { paths, components } from "../../generated/${version}/types.js";\n` +
    `type _Unused = [paths, components];\n`;
  const emitted: Emitted[] = examples.map((example, i) => {
    const start = source.length;
    const head = `export const example${i}: ${example.type} = `;
    const spans: Span[] = [];
    const body = literal(example.value, start + head.length, "", spans);
    source += `${head}${body};\n`;
    return { example, start, end: source.length, spans };
  });
  return { source, emitted };
}

// ---------------------------------------------------------------------------------------------
// Compiling

const virtualDir = join(repoRoot, ".tmp", "example-types");

/** Compile errors of each version's examples, from one tsc program over every version. */
export function compileExamples(byVersion: Map<string, TypedExample[]>): Map<string, Finding[]> {
  const files = new Map<string, { source: string; emitted: Emitted[]; version: string }>();
  for (const [version, examples] of byVersion) {
    files.set(join(virtualDir, `${version}.ts`), { version, ...emit(version, examples) });
  }
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => files.has(f) || fileExists.call(host, f);
  host.readFile = (f) => files.get(f)?.source ?? readFile.call(host, f);
  host.getSourceFile = (f, language, ...rest) => {
    const virtual = files.get(f);
    return virtual
      ? ts.createSourceFile(f, virtual.source, language, true)
      : getSourceFile.call(host, f, language, ...rest);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const findings = new Map<string, Finding[]>([...byVersion.keys()].map((v) => [v, []]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file && files.get(diagnostic.file.fileName);
    const position = diagnostic.start ?? -1;
    const owner = file?.emitted.find((e) => position >= e.start && position < e.end);
    if (!file || !owner) {
      throw new Error(`example-types: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`);
    }
    // The innermost member that holds the error; errors on the declared name belong to the root.
    const at = owner.spans.filter((s) => position >= s.start && position < s.end).sort((a, b) => b.start - a.start)[0];
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ").replace(/\s+/g, " ");
    const { operation, in: where, example } = owner.example;
    findings.get(file.version)!.push({
      list: "mismatch",
      operation,
      in: where,
      example,
      pointer: at?.pointer ?? "",
      kind: `TS${diagnostic.code}`,
      message: message.length > 300 ? `${message.slice(0, 300)}…` : message,
    });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// The check

export function exampleTypesAllowlistPath(version: string, dir = openapiDir): string {
  return `${dir}example-types-allowlist/${version}.yaml`;
}

/** Whether a version's examples have been reviewed (it has an allowlist, possibly empty). */
export const isReviewed = (version: string, dir = openapiDir) => existsSync(exampleTypesAllowlistPath(version, dir));

/** Compiles the examples of `versions` (one program) and matches each version's findings against its allowlist. */
export async function checkExampleTypes(versions: string[], dir = openapiDir): Promise<Map<string, CheckResult>> {
  const examples = new Map<string, TypedExample[]>();
  for (const version of versions) examples.set(version, typedExamples(await loadCorrectedSpec(version, dir)));
  const findings = compileExamples(examples);
  return new Map(
    versions.map((version) => [
      version,
      {
        examples: examples.get(version)!.length,
        ...applyAllowlist(findings.get(version)!, readAllowlist(exampleTypesAllowlistPath(version, dir))),
      },
    ]),
  );
}

/** The report for one version, in spec:check's shape. */
export function formatExampleTypesReport(version: string, result: CheckResult): string {
  const lines = [
    `example types ${version}: ${result.examples} examples compiled against their generated types`,
    `  Examples that their TypeScript type rejects: ${result.findings.length} (${result.allowed.length} allowlisted, ${result.open.length} open)`,
    `  Stale allowlist entries: ${result.stale.length}`,
  ];
  return lines.join("\n");
}
