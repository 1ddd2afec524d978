// openapi-typescript names every version's declarations `paths`, `components`, `operations`, … When
// the declarations of several versions are bundled into one file (tsdown, dist/*.d.ts), the bundler
// renames the clashes to `paths$1`, `components$1`, and those names then show in users' hovers and
// compiler errors. Each version's top-level names get its version as a suffix instead:
// `components_2_10`, `WithRequired_2_10`.
import ts from "typescript";

/** The version-suffixed name of one of openapi-typescript's top-level declarations (`paths`, `components`, …). */
export const versionedName = (name: string, version: string) => `${name}_${version.replace(/\W/g, "_")}`;

/** `source` (openapi-typescript's output) with its top-level declarations and references to them renamed. */
export function withVersionedNames(source: string, version: string): string {
  const file = ts.createSourceFile("types.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const topLevel = new Set(
    file.statements.flatMap((s) => (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) ? [s.name.text] : [])),
  );
  const edits: { start: number; end: number; name: string }[] = [];
  const rename = (id: ts.Identifier) => {
    if (topLevel.has(id.text)) edits.push({ start: id.getStart(file), end: id.end, name: id.text });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) && node.parent === file) rename(node.name);
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) rename(node.typeName);
    ts.forEachChild(node, visit);
  };
  visit(file);
  let result = source;
  for (const { start, end, name } of edits.sort((a, b) => b.start - a.start)) {
    result = result.slice(0, start) + versionedName(name, version) + result.slice(end);
  }
  return result;
}
