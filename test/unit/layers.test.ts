import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Layer rules: product logic (core, shared, renderer) never imports electron; the renderer never reaches
// into main-process code; shared code stays runnable in a browser.
const root = resolve(import.meta.dirname, '../..');
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

function files(dir: string): string[] {
  const abs = join(root, dir);
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .map((f) => join(abs, f))
    .filter((f) => SOURCE.test(f) && statSync(f).isFile());
}

/** Every module specifier: static/dynamic import, export-from, require. */
function specifiers(code: string): string[] {
  const out: string[] = [];
  const patterns = [
    /\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\s+['"]([^'"]+)['"]/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const p of patterns) for (const m of code.matchAll(p)) out.push(m[1]!);
  return out;
}

function violations(dir: string, bad: (spec: string, file: string) => boolean) {
  return files(dir).flatMap((file) =>
    specifiers(readFileSync(file, 'utf8'))
      .filter((s) => bad(s, file))
      .map((s) => `${relative(root, file)} → ${s}`),
  );
}

const isElectron = (s: string) => s === 'electron' || s.startsWith('electron/');

describe('layer rules', () => {
  it('the detector finds every import form (so the rule can fail)', () => {
    const sample = `import x from 'electron';\nimport 'electron';\nexport { y } from "electron/main";\nconst z = require('electron');\nawait import('electron');`;
    expect(specifiers(sample).filter(isElectron)).toHaveLength(5);
  });

  it.each(['electron/core', 'shared', 'renderer'])('%s does not import electron', (dir) => {
    expect(violations(dir, isElectron)).toEqual([]);
  });

  it('renderer does not import main-process code', () => {
    const electronDir = join(root, 'electron');
    const bad = violations('renderer', (spec, file) => spec.startsWith('.') && resolve(dirname(file), spec).startsWith(electronDir + '/'));
    expect(bad).toEqual([]);
  });

  it.each(['shared', 'renderer'])('%s does not use Node built-ins (it runs in the browser)', (dir) => {
    expect(violations(dir, (s) => s.startsWith('node:') || ['fs', 'path', 'crypto', 'os', 'child_process'].includes(s))).toEqual([]);
  });
});
