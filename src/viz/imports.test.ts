// viz draws what it is given and calls back; it never reaches into the store or the UI.
// This scans every source file under src/viz (tests are exempt: they may build
// frames with the store's Session) for imports of ../ui or ../store at any depth.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const VIZ = resolve(__dirname);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** Import specifiers of a module: static `from '…'`, side-effect `import '…'` and `import('…')`. */
function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)) out.push(m[1]);
  return out;
}

/** The imports of `file` that resolve into src/ui or src/store. */
function forbiddenImports(file: string, text: string): string[] {
  const src = resolve(VIZ, '..');
  return importsOf(text).filter((spec) => {
    if (!spec.startsWith('.')) return false;
    const target = relative(src, resolve(file, '..', spec)).split(/[\\/]/)[0];
    return target === 'ui' || target === 'store';
  });
}

describe('viz imports', () => {
  it('finds a store or ui import at any depth, and only those', () => {
    const text = `import { a } from '../store/store';\nimport type { B } from "../../ui/format";\nimport '../engine';\nconst c = import('../ui/x');`;
    expect(forbiddenImports(join(VIZ, 'flow', 'x.ts'), text)).toEqual(['../../ui/format']);
    expect(forbiddenImports(join(VIZ, 'x.ts'), text)).toEqual(['../store/store', '../ui/x']);
  });

  it('no module in src/viz imports from src/ui or src/store', () => {
    const files = sources(VIZ);
    expect(files.length).toBeGreaterThan(5);
    const bad = files.flatMap((f) =>
      forbiddenImports(f, readFileSync(f, 'utf8')).map((spec) => `${relative(VIZ, f)}: ${spec}`),
    );
    expect(bad).toEqual([]);
  });
});
