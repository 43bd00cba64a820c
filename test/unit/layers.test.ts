import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layers as a table of allowed edges between rooms. Every source file belongs to exactly one room; an import of
// our own code is allowed only inside a room or along an edge below. Tests and tooling may import anything.
const root = resolve(import.meta.dirname, '../..');
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'out', 'dist', 'release', 'coverage', 'test-results', 'playwright-report', '.git', '.scratch', '.profile-dev']);

type Room = 'renderer' | 'shared' | 'core' | 'shell' | 'host' | 'cli' | 'demo' | 'sim' | 'entry' | 'test' | 'tooling';

/** First match wins; paths are repo-relative with forward slashes. */
const ROOMS: readonly [Room, RegExp][] = [
  ['renderer', /^renderer\//],
  ['shared', /^shared\//],
  ['core', /^electron\/core\//],
  ['shell', /^electron\/shell\//],
  ['host', /^electron\/host\//],
  ['cli', /^electron\/cli\//],
  ['demo', /^electron\/demo\//],
  ['sim', /^electron\/sim\//],
  ['entry', /^electron\/(main|preload)\.ts$/],
  ['test', /^test\//],
  ['tooling', /^(scripts|bin)\/|^[^/]+$/],
];

const ALL: readonly Room[] = ROOMS.map(([room]) => room);

const ALLOWED: Record<Room, readonly Room[]> = {
  renderer: ['shared'],
  shared: [],
  core: ['shared'],
  // The simulators are product code (demo mode) but stand alone: they speak the wire formats, not our contract.
  sim: ['shared'],
  demo: ['core', 'shared', 'sim'],
  // The hosts run the switchable core (electron/demo/switcher.ts) so either can enter 体验演示模式.
  shell: ['core', 'shared', 'demo'],
  host: ['core', 'shared', 'demo'],
  cli: ['core', 'shared'],
  entry: ['core', 'shared', 'shell'],
  test: ALL,
  tooling: ALL,
};

/** Only these may load Electron (electron-store loads it too). */
const ELECTRON_ROOMS: ReadonlySet<Room> = new Set(['shell', 'entry', 'test', 'tooling']);
/** These run in the browser too. */
const BROWSER_ROOMS: ReadonlySet<Room> = new Set(['renderer', 'shared']);

const NODE_BUILTINS = new Set(builtinModules);
const isElectron = (spec: string) => spec === 'electron' || spec.startsWith('electron/') || spec === 'electron-store';
const isNodeBuiltin = (spec: string) => spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0]!);

function roomOf(file: string): Room | null {
  return ROOMS.find(([, pattern]) => pattern.test(file))?.[0] ?? null;
}

/** Every module specifier: static/type import, side-effect import, export-from, dynamic import, require. */
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

/** The broken rules of one file (`file` is repo-relative). */
function violations(file: string, code: string): string[] {
  const from = roomOf(file);
  if (!from) return [`${file}: in no room — add it to ROOMS`];
  const out: string[] = [];
  for (const spec of specifiers(code)) {
    if (spec.startsWith('.')) {
      const target = relative(root, resolve(root, dirname(file), spec))
        .split('\\')
        .join('/');
      const to = roomOf(target) ?? (target.startsWith('..') ? 'outside the repository' : `no room (${target})`);
      if (to !== from && !(ALLOWED[from] as readonly string[]).includes(to)) out.push(`${file} → ${spec}: ${from} may not import ${to}`);
    } else if (isElectron(spec) && !ELECTRON_ROOMS.has(from)) {
      out.push(`${file} → ${spec}: only the Electron shell and entries load Electron`);
    } else if (isNodeBuiltin(spec) && BROWSER_ROOMS.has(from)) {
      out.push(`${file} → ${spec}: ${from} runs in the browser, no Node built-ins`);
    }
  }
  return out;
}

function sourceFiles(dir = ''): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(path);
    return entry.isFile() && SOURCE.test(entry.name) ? [path] : [];
  });
}

describe('layers: a table of allowed edges', () => {
  it('the detector finds every import form', () => {
    const sample = [
      `import x from 'electron';`,
      `import 'electron';`,
      `import type { T } from 'electron';`,
      `export { y } from "electron/main";`,
      `const z = require('electron');`,
      `await import('electron');`,
      `import {\n  a,\n  b,\n} from 'electron';`,
    ].join('\n');
    expect(specifiers(sample).filter(isElectron)).toHaveLength(7);
  });

  it('the table refuses a forbidden edge and allows a listed one (so the rule can fail)', () => {
    expect(violations('electron/host/server.ts', `import { a } from '../shell/security';`)).toEqual([
      'electron/host/server.ts → ../shell/security: host may not import shell',
    ]);
    expect(violations('renderer/src/a.tsx', `const h = await import('../../test/helpers/x');`)).toEqual([
      'renderer/src/a.tsx → ../../test/helpers/x: renderer may not import test',
    ]);
    expect(violations('shared/a.ts', `export * from '../electron/core/clock';\nimport { readFile } from 'fs';`)).toEqual([
      'shared/a.ts → ../electron/core/clock: shared may not import core',
      'shared/a.ts → fs: shared runs in the browser, no Node built-ins',
    ]);
    expect(violations('electron/core/a.ts', `import Store from 'electron-store';`)).toHaveLength(1);
    expect(violations('electron/core/a.ts', `import { c } from './c';\nimport { s } from '../../shared/errors';`)).toEqual([]);
    expect(violations('electron/demo/a.ts', `import { s } from '../sim/top-gateway/server';`)).toEqual([]);
    expect(violations('elsewhere/a.ts', '')).toEqual(['elsewhere/a.ts: in no room — add it to ROOMS']);
  });

  it('every source file keeps to the table', () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(300);
    expect(files.flatMap((file) => violations(file, readFileSync(join(root, file), 'utf8')))).toEqual([]);
  });
});

/** Import cycles among a folder's own modules (relative imports, type-only ones too: they tie the files as well). */
function cycles(dir: string): string[][] {
  const graph = new Map<string, string[]>();
  const resolveModule = (from: string, spec: string) => {
    const base = resolve(dirname(from), spec);
    return ['', '.ts', '.tsx', '/index.ts', '/index.tsx'].map((ext) => base + ext).find((f) => SOURCE.test(f) && existsSync(f) && statSync(f).isFile());
  };
  for (const file of sourceFiles(dir).map((f) => join(root, f))) {
    const deps = specifiers(readFileSync(file, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => resolveModule(file, s))
      .filter((f): f is string => f !== undefined && f.startsWith(join(root, dir)));
    graph.set(file, deps);
  }
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const dep of graph.get(file) ?? []) {
      if (state.get(dep) === 'open') found.push([...stack.slice(stack.indexOf(dep)), dep].map((f) => relative(root, f)));
      else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('import cycles', () => {
  it('the detector finds a cycle (so the rule can fail)', () => {
    expect(cycles('test/unit/layers-fixture')).toEqual([['test/unit/layers-fixture/a.ts', 'test/unit/layers-fixture/b.ts', 'test/unit/layers-fixture/a.ts']]);
  });

  it('renderer modules do not import each other in a circle (the shell reaches pages only through routing/)', () => {
    expect(cycles('renderer/src')).toEqual([]);
  });
});
