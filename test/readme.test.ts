// Every ```ts block of README.md compiles against the source, each as its own module (so a block
// must import what it uses, as a reader copying it would), with "intercom-fetch" mapped to src/ by
// the root tsconfig's `paths`. Errors are reported at their README line.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const root = new URL("../", import.meta.url).pathname;

interface Block {
  /** README line of the block's first code line. */
  line: number;
  code: string;
}

/** The fenced ```ts / ```typescript blocks of a Markdown text. */
function tsBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(ts|typescript)\b/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence] = open;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end]!.trimStart().startsWith(fence!)) end++;
    const code = lines
      .slice(start, end)
      .map((l) => l.slice(indent!.length))
      .join("\n");
    blocks.push({ line: start + 1, code });
    i = end;
  }
  return blocks;
}

it("finds fenced blocks with their README line", () => {
  expect(tsBlocks("a\n```ts\nconst x = 1;\n```\n\n```sh\nls\n```\n  ```typescript\n  let y;\n  ```\n")).toEqual([
    { line: 3, code: "const x = 1;" },
    { line: 10, code: "let y;" },
  ]);
});

it("type-checks every TypeScript block of README.md", async () => {
  const blocks = tsBlocks(readFileSync(join(root, "README.md"), "utf8"));
  expect(blocks.length).toBeGreaterThan(0);
  // Inside the repo (gitignored .tmp/) so the root tsconfig's `paths` and node_modules apply.
  const dir = join(root, ".tmp", `readme-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    const files = blocks.map(({ line, code }) => {
      const file = `readme-line-${line}.ts`;
      // `export {}` makes a block without imports a module too, so blocks never share top-level names.
      writeFileSync(join(dir, file), `${code}\nexport {};\n`);
      return file;
    });
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ extends: "../../tsconfig.json", include: files, exclude: [] }),
    );
    const tsc = join(root, "node_modules/.bin/tsc");
    const errors = await promisify(execFile)(tsc, ["-p", dir, "--pretty", "false"], { cwd: root }).then(
      () => "",
      (error: { stdout: string }) => error.stdout,
    );
    // "….tmp/readme-1/readme-line-21.ts(3,5): error …" → "README.md:23:5: error …"
    const located = errors.replace(
      /^.*readme-line-(\d+)\.ts\((\d+),(\d+)\)/gm,
      (_, line: string, row: string, col: string) => `README.md:${Number(line) + Number(row) - 1}:${col}`,
    );
    expect(located).toBe("");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);
