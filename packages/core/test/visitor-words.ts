// For the tests that keep a package's visitor-facing words in its one catalogue (core's
// src/model/words.ts, the renderer's src/words.ts): the text literals of a package's sources, read
// with the TypeScript parser (so comments, regular expressions and `//` in URLs are not mistaken
// for strings), and the shapes of text a visitor reads.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/** A piece of text written in a source file. */
export interface TextLiteral {
  /** Relative to the directory scanned, `/`-separated: `session/create-form.ts`. */
  file: string;
  line: number;
  /** A template literal's holes read `${…}`: `Step ${…} of ${…}`. */
  text: string;
}

/** A sentence: a capital letter first, a space inside, `.`, `!`, `?` or `…` last. */
export const SENTENCE = /^[A-Z][^]* [^]*[.!?…]$/;

/** Any capitalised word: a button's or a link's text is one or two words without a full stop. */
export const CAPITALISED = /^[A-Z][a-z]/;

/** Non-test TypeScript sources under `dir`, relative to it. */
export function sourcesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at)) {
      const path = join(at, entry);
      if (statSync(path).isDirectory()) {
        if (entry !== 'node_modules' && entry !== '__fixtures__') walk(path);
      } else if (/\.tsx?$/.test(entry) && !/\.test(-d)?\.tsx?$/.test(entry) && !entry.endsWith('.d.ts')) {
        out.push(relative(dir, path).split(sep).join('/'));
      }
    }
  };
  walk(dir);
  return out.sort();
}

/** Every string literal, template literal and JSX text in `file` (module specifiers left out). */
export function textLiteralsIn(dir: string, file: string): TextLiteral[] {
  const code = readFileSync(join(dir, file), 'utf8');
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: TextLiteral[] = [];
  const add = (node: ts.Node, text: string) => {
    text = text.trim();
    if (text) out.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, text });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isJsxText(node)) add(node, node.text);
    else if (ts.isTemplateExpression(node)) add(node, node.head.text + node.templateSpans.map((s) => '${…}' + s.literal.text).join(''));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The literals `looksVisitorFacing` accepts in every non-test source under `dir` (but the files `skip` names). */
export function visitorTextUnder(dir: string, looksVisitorFacing: (text: string) => boolean, skip = (_file: string) => false): TextLiteral[] {
  return sourcesUnder(dir)
    .filter((file) => !skip(file))
    .flatMap((file) => textLiteralsIn(dir, file).filter((l) => looksVisitorFacing(l.text)));
}
