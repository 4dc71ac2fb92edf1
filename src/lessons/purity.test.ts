import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('.', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

// The UI builds on this module; it must stay runnable in Node and use only the engine's
// public API, so engine internals can be refactored underneath it.
describe('src/lessons stays headless', () => {
  const files = sources(ROOT);

  it('finds its sources', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((f) => [f.slice(ROOT.length), f] as const))(
    '%s imports no DOM, React, D3, zustand or engine internals',
    (_, file) => {
      const text = readFileSync(file, 'utf8');
      const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const spec of imports) {
        expect(spec).not.toMatch(/^(react|react-dom|zustand|d3|@xstate\/react)/);
        if (spec.includes('engine/')) expect(spec).toMatch(/engine\/index$/);
      }
      expect(text).not.toMatch(
        /\b(window\.|document\.|localStorage\.|Math\.random|Date\.now|performance\.now|setTimeout\()/,
      );
    },
  );
});
