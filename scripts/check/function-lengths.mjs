// The longest functions in packages/*/src (non-test): a function is its declaration, method,
// arrow or function expression, measured in lines from its first to its last; a function's
// length includes the functions inside it.
//   node scripts/check/function-lengths.mjs [count]   prints the longest `count` (default 10)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { packageSources } from './import-graph.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every function in `file`: `{ file, name, line, lines }`. */
export function functionsOf(file) {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out = [];
  const nameOf = (node) => {
    if (node.name && ts.isIdentifier(node.name)) return node.name.text;
    if (node.name) return node.name.getText(source);
    const parent = node.parent;
    if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name)
      return parent.name.getText(source);
    return '(anonymous)';
  };
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      out.push({ file: path.relative(ROOT, file), name: nameOf(node), line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

export const longestFunctions = (count = 10) =>
  packageSources()
    .flatMap(functionsOf)
    .sort((a, b) => b.lines - a.lines)
    .slice(0, count);

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const f of longestFunctions(Number(process.argv[2] ?? 10))) console.log(`${String(f.lines).padStart(5)}  ${f.name}  ${f.file}:${f.line}`);
}
