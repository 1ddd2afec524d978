// The compiler's messages for common mistakes, pinned: each fixture is compiled with the project's
// options and the diagnostics of that file alone are compared, so a change of types that makes a
// message vaguer ("Expected 2 arguments", a type with no key named) fails here.
import { join } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { signaturesModule } from "../../scripts/lib/emit-signatures.js";
import { withVersionedNames } from "../../scripts/lib/version-names.js";

const root = new URL("../../", import.meta.url).pathname;
const here = join(root, "test", "types");
const { options } = ts.getParsedCommandLineOfConfigFile(
  join(root, "tsconfig.json"),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  },
)!;

interface Message {
  line: number;
  text: string;
  related: string[];
}

/** Compiles `source` as test/types/fixture.ts (beside any `extra` files, by name) and returns its diagnostics. */
function compile(source: string, extra: Record<string, string> = {}): Message[] {
  const files = new Map(
    Object.entries({ "fixture.ts": source, ...extra }).map(([name, text]) => [join(here, name), text]),
  );
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile, directoryExists } = host;
  host.getSourceFile = (name, language, ...rest) =>
    files.has(name) ? ts.createSourceFile(name, files.get(name)!, language) : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.directoryExists = (dir) =>
    [...files.keys()].some((f) => f.startsWith(`${dir}/`)) || (directoryExists?.(dir) ?? true);
  const program = ts.createProgram([join(here, "fixture.ts")], options, host);
  const file = program.getSourceFile(join(here, "fixture.ts"))!;
  return program.getSemanticDiagnostics(file).map((d) => ({
    line: file.getLineAndCharacterOfPosition(d.start!).line + 1,
    text: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    related: (d.relatedInformation ?? []).map((r) => ts.flattenDiagnosticMessageText(r.messageText, "\n")),
  }));
}

const client = `import { createIntercomClient } from "../../src/index.js";
const intercom = createIntercomClient({ token: "t" });
`;
const at = (messages: Message[], line: number) => messages.filter((m) => m.line === line + 2);

describe("a path that is not an operation", () => {
  const messages = compile(
    client +
      [
        `void intercom.GET("/contacts/123");`,
        `void intercom.GET("/conversation");`,
        `void intercom.POST("/me");`,
        `void intercom.GET("/nope", {});`,
        `void createIntercomClient({ version: "2.11" }).GET("/contacts/{id}");`,
      ].join("\n"),
  );
  const rejected = (path: string, message: string) =>
    `Argument of type '"${path}"' is not assignable to parameter of type '"${message}" & { readonly [notAPath]: never; }'.\n` +
    `  Type '"${path}"' is not assignable to type '"${message}"'.`;

  it("says so for that method and version, and names the template a literal path fits", () => {
    expect(at(messages, 1).map((m) => m.text)).toEqual([
      rejected(
        "/contacts/123",
        "GET /contacts/123 is not an operation of Intercom API 2.10. Did you mean /contacts/{id}? Path parameters go in params.path.",
      ),
    ]);
  });

  it("names a path one letter or slash away", () => {
    expect(at(messages, 2).map((m) => m.text)).toEqual([
      rejected(
        "/conversation",
        "GET /conversation is not an operation of Intercom API 2.10. Did you mean /conversations?",
      ),
    ]);
  });

  it("names the methods a path has when it lacks this one", () => {
    expect(at(messages, 3).map((m) => m.text)).toEqual([
      rejected("/me", "POST /me is not an operation of Intercom API 2.10. /me takes GET."),
    ]);
  });

  it("names nothing when nothing is near, and never reports the argument count instead", () => {
    expect(at(messages, 4).map((m) => m.text)).toEqual([
      rejected("/nope", "GET /nope is not an operation of Intercom API 2.10."),
    ]);
    expect(messages.map((m) => m.text).join("\n")).not.toMatch(/Expected \d arguments/);
  });

  it("speaks of the client's own version", () => {
    expect(at(messages, 5).map((m) => m.text)).toEqual([
      rejected(
        "/contacts/{id}",
        "GET /contacts/{id} is not an operation of Intercom API 2.11. Did you mean /contacts/{contact_id}? Path parameters go in params.path.",
      ),
    ]);
  });
});

describe("a misspelt key", () => {
  const messages = compile(
    client +
      [
        `void intercom.POST("/contacts/search", {`,
        `  body: { query: { operator: "AND", value: [{ field: "email", operatr: "=", value: "a@b.c" }] } },`,
        `});`,
        `void intercom.GET("/conversations", { params: { query: { perpage: 20 } } });`,
        `void intercom.GET("/me", { signall: AbortSignal.abort() });`,
      ].join("\n"),
  );

  it("is named, with the key meant, however deep it is", () => {
    expect(at(messages, 2).map((m) => m.text)).toEqual([
      expect.stringMatching(
        /^Object literal may only specify known properties, but 'operatr' does not exist in type .*Did you mean to write 'operator'\?$/s,
      ),
    ]);
    expect(at(messages, 4).map((m) => m.text)).toEqual([
      "Object literal may only specify known properties, but 'perpage' does not exist in type '{ per_page?: number | undefined; starting_after?: string | undefined; }'. Did you mean to write 'per_page'?",
    ]);
    expect(at(messages, 5).map((m) => m.text)).toEqual([
      expect.stringMatching(
        /^Object literal may only specify known properties, but 'signall' does not exist in type .*Did you mean to write 'signal'\?$/s,
      ),
    ]);
  });
});

describe("a missing required part", () => {
  it("names the path parameters", () => {
    const messages = compile(
      client +
        [
          `const tags = "/conversations/{conversation_id}/tags";`,
          `void intercom.POST(tags);`,
          `void intercom.POST(tags, { body: { id: "1", admin_id: "2" } });`,
        ].join("\n"),
    );
    expect(at(messages, 2)).toEqual([
      {
        line: 4,
        text: "Expected 2 arguments, but got 1.",
        related: ["Arguments for the rest parameter 'init' were not provided."],
      },
    ]);
    expect(at(messages, 3).map((m) => m.text)).toEqual([
      expect.stringMatching(
        /^Argument of type .* is not assignable to parameter of type .*\n\s*Property 'params' is missing in type /s,
      ),
    ]);
  });

  it("names the body, when codegen is given an operation whose body is required", async () => {
    const spec = {
      openapi: "3.0.3",
      info: { title: "notes", version: "9.9" },
      paths: {
        "/notes": {
          post: {
            operationId: "createNote",
            requestBody: {
              required: true,
              content: {
                "application/json": {
                  schema: { type: "object", required: ["body"], properties: { body: { type: "string" } } },
                },
              },
            },
            responses: {
              "200": { description: "The note", content: { "application/json": { schema: { type: "object" } } } },
            },
          },
        },
      },
    };
    const types = withVersionedNames(astToString(await openapiTS(spec as Parameters<typeof openapiTS>[0])), "9.9");
    const messages = compile(
      [
        `import type { ExactMethod, RequestOptions } from "../../src/method-types.js";`,
        `import type { CallsV9_9 } from "./spec/calls.js";`,
        `declare const POST: ExactMethod<CallsV9_9<RequestOptions>, "post", "9.9">;`,
        `void POST("/notes", {});`,
        `void POST("/notes");`,
        `void POST("/notes", { body: { body: "Hi" } });`,
      ].join("\n"),
      { "spec/types.ts": types, "spec/calls.ts": signaturesModule(spec, "9.9", {}) },
    );
    expect(messages.filter((m) => m.line === 4).map((m) => m.text)).toEqual([
      expect.stringMatching(
        /\n\s*Property 'body' is missing in type '\{\}' but required in type '\{ params\?: .*; body: .*\}'\.$/s,
      ),
    ]);
    expect(messages.filter((m) => m.line === 5)).toEqual([
      {
        line: 5,
        text: "Expected 2 arguments, but got 1.",
        related: ["Arguments for the rest parameter 'init' were not provided."],
      },
    ]);
    expect(messages.filter((m) => m.line === 6)).toEqual([]);
  });
});
