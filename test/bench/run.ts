// npm run bench [-- <part> …] [--json]
// Each part in ./parts/<name>.ts exports `run(): Promise<BenchResult[]>` and compares us against a bare
// baseline in the same run. Benchmarks are not part of `npm test`.
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchPart, BenchResult } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const wanted = args.filter((a) => !a.startsWith('--'));
const available = readdirSync(join(here, 'parts'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => basename(f, '.ts'))
  .sort();
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length) {
  console.error(`Unknown bench part(s): ${unknown.join(', ')}. Available: ${available.join(', ')}`);
  process.exit(2);
}

const results: BenchResult[] = [];
for (const name of wanted.length ? wanted : available) {
  const part = (await import(pathToFileURL(join(here, 'parts', `${name}.ts`)).href)) as BenchPart;
  // Progress goes to stderr so --json keeps stdout a single JSON array.
  console.error(`[bench] ${name} …`);
  results.push(...(await part.run({ log: (m) => console.error(`[bench:${name}] ${m}`) })));
}

if (json) {
  process.stdout.write(JSON.stringify(results) + '\n');
} else {
  for (const r of results) {
    const goal = r.goal ? `  goal ${r.goal}` : '';
    console.log(
      `${r.name.padEnd(44)} ours ${fmt(r.ours)} ${r.unit}  baseline ${fmt(r.baseline)} ${r.unit}  ratio ${r.ratio.toFixed(3)}  runs ${r.runs}${goal}`,
    );
  }
}
process.exit(0);

function fmt(n: number) {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
