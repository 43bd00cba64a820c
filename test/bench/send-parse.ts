// Recipient parsing benchmark (imported by parts/send.ts; run alone: npx tsx test/bench/send-parse.ts).
// 1. 100k recipients: our import (CSV stream → normalise → dedupe → suppression look-up → every row stored, the
//    app's WAL database) against a bare baseline in the same run: read the file, split lines, one regex, a Set
//    for duplicates and suppression, one INSERT per row in one transaction. Goal: ours < 1 s.
// 2. 1M rows imported into the ledger tables, each side in a child process, three runs: time, peak RSS, longest
//    event-loop stall. Goal: < 10 s, RSS < 300 MB, no stall long enough to freeze a window (< 200 ms).
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openDatabase, type Db } from '../../electron/core/db/database';
import { EventBus } from '../../electron/core/events';
import { createLogger } from '../../electron/core/log/logger';
import { importRecipients, type ImportContext } from '../../electron/core/recipients/import';
import { systemClock } from '../../electron/core/clock';
import { SuppressionStore } from '../../electron/core/suppression/store';
import type { BenchResult } from './types';

const RUNS = 3;

/** Rows like a real export: number (some formatted), name, amount; 5 % repeats, 2 % broken. */
function makeCsv(rows: number, offset = 0): string {
  const lines = ['手机号,姓名,金额'];
  for (let i = offset + 1; i <= offset + rows; i++) {
    let phone = String(13000000000 + ((i * 7919) % 900_000_000));
    if (i % 20 === 0) phone = String(13000000000 + (((i - 7) * 7919) % 900_000_000));
    if (i % 50 === 0) phone = '010-' + String(i).padStart(8, '0');
    if (i % 9 === 0) phone = `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
    lines.push(`${phone},客户${i},${i % 1000}.5`);
  }
  return lines.join('\n') + '\n';
}

function context(dir: string, name: string): ImportContext & { db: Db } {
  const db = openDatabase(join(dir, `${name}.db`));
  return { db, shopId: 1, events: new EventBus(), profileDir: dir, onClose: () => {}, log: createLogger({ secrets: () => [] }), clock: systemClock };
}

function draft(db: Db): number {
  const now = new Date().toISOString();
  return Number(db.prepare('INSERT INTO campaigns (shop_id, name, created_at, updated_at) VALUES (1, ?, ?, ?)').run('bench', now, now).lastInsertRowid);
}

function seedSuppression(ctx: ImportContext, count: number): string[] {
  const phones = Array.from({ length: count }, (_, i) => String(13000000000 + ((i * 104_729) % 900_000_000)));
  new SuppressionStore(ctx).add(phones, { reason: 'block', source: 'manual' });
  return phones;
}

async function ours(ctx: ImportContext, path: string): Promise<number> {
  const campaignId = draft(ctx.db);
  const start = performance.now();
  await importRecipients(ctx, new SuppressionStore(ctx), {
    campaignId,
    source: { kind: 'file', path },
    mapping: { hasHeader: true, phoneColumn: 0, variableColumns: { name: 1, amount: 2 } },
  });
  return performance.now() - start;
}

/** The bare loop: split lines + regex + Sets, rows stored with one INSERT each in one transaction. */
function bare(db: Db, path: string, suppressed: Set<string>): number {
  const campaignId = draft(db);
  const start = performance.now();
  const lines = readFileSync(path, 'utf8').split('\n');
  const insert = db.prepare('INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, raw, status, vars) VALUES (1, ?, ?, ?, ?, ?, ?)');
  const seen = new Set<string>();
  db.transaction(() => {
    for (let i = 1; i < lines.length; i++) {
      const cells = lines[i]!.split(',');
      if (!cells[0]) continue;
      const phone = cells[0].replace(/[\s-]|^\+86/g, '');
      const status = !/^1[3-9]\d{9}$/.test(phone) ? 'invalid' : seen.has(phone) ? 'duplicate' : suppressed.has(phone) ? 'suppressed' : 'valid';
      seen.add(phone);
      insert.run(campaignId, i, phone, cells[0], status, JSON.stringify({ name: cells[1], amount: cells[2] }));
    }
  })();
  return performance.now() - start;
}

/** Parse only (no storage): our reader + normaliser vs split + regex. */
async function parseOnly(path: string, which: 'ours' | 'bare'): Promise<number> {
  const start = performance.now();
  if (which === 'bare') {
    const seen = new Set<string>();
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const phone = line.split(',')[0]!.replace(/[\s-]|^\+86/g, '');
      if (/^1[3-9]\d{9}$/.test(phone)) seen.add(phone);
    }
  } else {
    const { openSource } = await import('../../electron/core/recipients/source');
    const { normalizePhone } = await import('../../shared/sending/phone');
    const opened = await openSource({ profileDir: tmpdir(), onClose: () => {} }, { kind: 'file', path });
    const seen = new Set<number>();
    for await (const batch of opened.batches())
      for (const cells of batch.rows) {
        const r = normalizePhone(cells[0] ?? '');
        if (r.ok) seen.add(Number(r.phone));
      }
  }
  return performance.now() - start;
}

/** Writes the CSV in blocks (a 1M-row string would sit in this process's memory). */
function writeCsvFile(path: string, rows: number): void {
  const fd = openSync(path, 'w');
  try {
    for (let from = 0; from < rows; from += 100_000) {
      const text = makeCsv(Math.min(100_000, rows - from), from);
      writeSync(fd, from === 0 ? text : text.slice(text.indexOf('\n') + 1));
    }
  } finally {
    closeSync(fd);
  }
}

interface ChildResult {
  ms: number;
  peakMb: number;
  startMb: number;
  stallMs: number;
}

function child(which: 'ours' | 'bare', dir: string, csv: string, run: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', which, dir, csv, String(run)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as ChildResult) : reject(new Error(`bench child ${which} exited ${code}`))));
  });
}

async function childMain(which: 'ours' | 'bare', dir: string, csv: string, run: string): Promise<void> {
  const startMb = process.memoryUsage().rss / 1048576;
  const ctx = context(dir, `big-${which}-${run}`);
  const suppressed = new Set(seedSuppression(ctx, 10_000));
  let peak = process.memoryUsage().rss;
  let stall = 0;
  let last = performance.now();
  const sampler = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last - 10);
    last = now;
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  // The bare loop never yields: its stall is its whole run, measured by the sampler's first late tick.
  const ms = which === 'ours' ? await ours(ctx, csv) : bare(ctx.db, csv, suppressed);
  await new Promise((r) => setTimeout(r, 30));
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  ctx.db.close();
  process.stdout.write(JSON.stringify({ ms, peakMb: peak / 1048576, startMb, stallMs: stall } satisfies ChildResult));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runParseBench(log: (message: string) => void): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'jst-bench-parse-'));
  try {
    const results: BenchResult[] = [];
    const small = join(dir, '100k.csv');
    writeFileSync(small, makeCsv(100_000));

    // Fresh database files per run for both sides (a table that grows run after run would favour neither).
    const times = { ours: [] as number[], bare: [] as number[], parseOurs: [] as number[], parseBare: [] as number[] };
    for (let r = 0; r <= RUNS; r++) {
      const ctx = context(dir, `ours-${r}`);
      const suppressed = new Set(seedSuppression(ctx, 1_000));
      const bareDb = openDatabase(join(dir, `bare-${r}.db`));
      const t = {
        ours: await ours(ctx, small),
        bare: bare(bareDb, small, suppressed),
        parseOurs: await parseOnly(small, 'ours'),
        parseBare: await parseOnly(small, 'bare'),
      };
      ctx.db.close();
      bareDb.close();
      log(
        `${r === 0 ? 'warm-up' : `run ${r}`}: 100k import ours ${t.ours.toFixed(0)} ms, bare ${t.bare.toFixed(0)} ms; parse only ours ${t.parseOurs.toFixed(0)} ms, bare ${t.parseBare.toFixed(0)} ms`,
      );
      if (r > 0) for (const k of Object.keys(t) as Array<keyof typeof t>) times[k].push(t[k]);
    }
    results.push({
      name: 'send: 100k parse+normalise+dedupe+suppress+store',
      ours: median(times.ours),
      baseline: median(times.bare),
      ratio: median(times.ours) / median(times.bare),
      unit: 'ms',
      runs: RUNS,
      goal: 'ours < 1000 ms (ratio: lower is better)',
    });
    results.push({
      name: 'send: 100k parse+normalise only',
      ours: median(times.parseOurs),
      baseline: median(times.parseBare),
      ratio: median(times.parseOurs) / median(times.parseBare),
      unit: 'ms',
      runs: RUNS,
      goal: 'lower is better',
    });

    // 1M rows: each side in its own process (so RSS is the import's, like the app's main process), ours first, three
    // runs, each into a fresh database file.
    const big = join(dir, '1m.csv');
    writeCsvFile(big, 1_000_000);
    const runs = { ours: [] as ChildResult[], bare: [] as ChildResult[] };
    for (let r = 1; r <= RUNS; r++) {
      const o = await child('ours', dir, big, r);
      const b = await child('bare', dir, big, r);
      runs.ours.push(o);
      runs.bare.push(b);
      for (const which of ['ours', 'bare']) rmSync(join(dir, `big-${which}-${r}.db`), { force: true });
      log(
        `1M import run ${r}: ours ${o.ms.toFixed(0)} ms, bare ${b.ms.toFixed(0)} ms; peak RSS ours ${o.peakMb.toFixed(0)} MB, bare ${b.peakMb.toFixed(0)} MB (process start ${o.startMb.toFixed(0)} MB); longest event-loop stall ours ${o.stallMs.toFixed(0)} ms, bare ${b.stallMs.toFixed(0)} ms`,
      );
    }
    const o = {
      ms: median(runs.ours.map((r) => r.ms)),
      peakMb: Math.max(...runs.ours.map((r) => r.peakMb)),
      stallMs: Math.max(...runs.ours.map((r) => r.stallMs)),
    };
    const b = {
      ms: median(runs.bare.map((r) => r.ms)),
      peakMb: Math.max(...runs.bare.map((r) => r.peakMb)),
      stallMs: Math.max(...runs.bare.map((r) => r.stallMs)),
    };
    results.push({
      name: 'send: 1M rows imported into the ledger (median)',
      ours: o.ms,
      baseline: b.ms,
      ratio: o.ms / b.ms,
      unit: 'ms',
      runs: RUNS,
      goal: 'ours < 10000 ms',
    });
    results.push({
      name: 'send: 1M import peak RSS (highest run)',
      ours: o.peakMb,
      baseline: b.peakMb,
      ratio: o.peakMb / b.peakMb,
      unit: 'MB',
      runs: RUNS,
      goal: 'ours < 300 MB',
    });
    results.push({
      name: 'send: 1M import longest event-loop stall (highest run)',
      ours: o.stallMs,
      baseline: b.stallMs,
      ratio: o.stallMs / Math.max(b.stallMs, 1),
      unit: 'ms',
      runs: RUNS,
      goal: 'ours < 200 ms (the bare loop holds it throughout)',
    });
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--child');
  if (at > 0) {
    await childMain(process.argv[at + 1] as 'ours' | 'bare', process.argv[at + 2]!, process.argv[at + 3]!, process.argv[at + 4]!);
  } else {
    const results = await runParseBench((m) => console.error(`[bench:send-parse] ${m}`));
    for (const r of results)
      console.log(
        `${r.name.padEnd(48)} ours ${r.ours.toFixed(1)} ${r.unit}  baseline ${r.baseline.toFixed(1)} ${r.unit}  ratio ${r.ratio.toFixed(3)}  ${r.goal ?? ''}`,
      );
  }
}
