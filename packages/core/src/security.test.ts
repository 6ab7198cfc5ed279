// docs/security.md: no HTML sink and no code from strings anywhere in the packages' sources (a
// config string or an answer could otherwise reach one). Tests may use them (to build fixtures).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const packages = resolve(fileURLToPath(import.meta.url), '../../..');
const SINK = /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write(ln)?|eval|dangerouslySetInnerHTML)\b|new Function\s*\(/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name == 'node_modules' || name == 'dist' ? [] : sources(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test(-d)?\.tsx?$/.test(name) ? [path] : [];
  });
}

it('no HTML sink and no eval in any package source', () => {
  const files = readdirSync(packages).flatMap((p) => {
    const src = join(packages, p, 'src');
    try {
      return sources(src);
    } catch {
      return [];
    }
  });
  expect(files.length).toBeGreaterThan(100);
  const found = files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (SINK.test(line) && !/^\s*(\/\/|\*)/.test(line) ? [`${file.slice(packages.length + 1)}:${i + 1}: ${line.trim()}`] : [])),
  );
  expect(found).toEqual([]);
});
