// 1M recipients prepared into chunks (imported by parts/send.ts; run alone: npx tsx test/bench/send-prepare.ts).
// The rows are written once to a file database (WAL, as the app keeps it) by this process; each run of each side gets
// its own copy and its own child process, so its RSS is preparation's own (not the 1M rows written, not an in-memory
// database, not a simulator). Three runs per side, alternating:
// - ours: prepareCampaign (suppression, frequency guard, chunks with stable task_signs, segments per row);
// - bare: the writes any ledger needs, with nothing else: read the valid rows in id order 1,000 at a time, insert a
//   chunk per 200, set each row's chunk, status and segments (1), one transaction per batch.
// Goal: < 10 s, RSS < 300 MB, the event loop breathes (longest stall ≤ ~50 ms).
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { systemClock } from '../../electron/core/clock';
import { openDatabase } from '../../electron/core/db/database';
import { EventBus } from '../../electron/core/events';
import { createDraftFromRecipients } from '../../electron/core/sending';
import { prepareCampaign } from '../../electron/core/sending/prepare';
import { SendingStore } from '../../electron/core/sending/store';
import { SuppressionStore } from '../../electron/core/suppression/store';
import { startTopGateway } from '../../electron/sim/top-gateway';
import { SIGN, sendingEnv } from '../integration/sending/helpers';
import type { BenchResult } from './types';

const TEMPLATE_CONTENT = '${name}您好，您的订单已发货';
const RUNS = 3;

interface ChildResult {
  ms: number;
  /** CPU time (user + system): steadier than wall time on a shared machine. */
  cpuMs: number;
  chunks: number;
  startMb: number;
  peakMb: number;
  stallMs: number;
}

/** A draft campaign of `count` valid rows (as the importer leaves them) in a file database; returns its id. */
async function writeCampaign(dbPath: string, count: number): Promise<number> {
  const gw = await startTopGateway();
  try {
    const env = sendingEnv(gw, { dbPath });
    const tpl = env.template('SMS_BENCH_PREP', TEMPLATE_CONTENT);
    env.signature();
    const id = createDraftFromRecipients(env.ctx, env.suppression, {
      name: '1M',
      kind: 'campaign',
      templateId: tpl,
      signName: SIGN,
      recipients: [{ phone: '15000000000', vars: { name: '买家' } }],
    });
    // A thousand suppressed numbers spread over the list: preparation looks every row up.
    env.suppression.add(
      Array.from({ length: 1_000 }, (_, i) => `150${String(i * 997 + 13).padStart(8, '0')}`),
      { reason: 'block', source: 'manual' },
    );
    const insert = env.ctx.db.prepare(
      "INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, raw, status, vars) VALUES (1, ?, ?, ?, ?, 'valid', ?)",
    );
    for (let start = 1; start < count; start += 50_000) {
      env.ctx.db.transaction(() => {
        for (let i = start; i < Math.min(count, start + 50_000); i++) {
          const phone = `150${String(i).padStart(8, '0')}`;
          insert.run(id, i + 1, phone, phone, `{"name":"买家${i % 1000}"}`);
        }
      })();
    }
    await env.close();
    return id;
  } finally {
    await gw.close();
  }
}

function child(which: 'ours' | 'bare', dbPath: string, campaignId: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', which, dbPath, String(campaignId)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as ChildResult) : reject(new Error(`bench child ${which} exited ${code}`))));
  });
}

async function childMain(which: 'ours' | 'bare', dbPath: string, campaignId: number): Promise<void> {
  const db = openDatabase(dbPath);
  const store = new SendingStore(db, 1);
  const suppression = new SuppressionStore({ db, shopId: 1, events: new EventBus(), clock: systemClock });
  const campaign = store.campaign(campaignId)!;
  const startMb = process.memoryUsage().rss / 1048576;
  let peak = process.memoryUsage().rss;
  let stall = 0;
  let last = performance.now();
  const sampler = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last - 10);
    last = now;
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const started = performance.now();
  const cpu = process.cpuUsage();
  if (which === 'ours') await prepareCampaign({ store, suppression, now: Date.now }, campaign);
  else await bare(store, campaign.id);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  await new Promise((r) => setTimeout(r, 30));
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const chunks = (db.prepare('SELECT COUNT(*) AS n FROM campaign_chunks WHERE campaign_id = ?').get(campaignId) as { n: number }).n;
  db.close();
  process.stdout.write(
    JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, chunks, startMb, peakMb: peak / 1048576, stallMs: stall } satisfies ChildResult),
  );
}

/** The ledger's unavoidable writes, yielding between batches like ours. */
async function bare(store: SendingStore, campaignId: number): Promise<void> {
  const { db } = store;
  const select = db.prepare("SELECT id FROM campaign_recipients WHERE campaign_id = ? AND status = 'valid' ORDER BY id LIMIT 1000").pluck();
  const chunk = db.prepare('INSERT INTO campaign_chunks (shop_id, campaign_id, chunk_index, round, task_sign, size) VALUES (1, ?, ?, 0, ?, ?)');
  const assign = db.prepare("UPDATE campaign_recipients SET chunk_id = ?, status = 'queued', segments = 1 WHERE id = ?");
  let index = 0;
  for (;;) {
    const ids = select.all(campaignId) as number[];
    if (!ids.length) break;
    db.transaction(() => {
      for (let at = 0; at < ids.length; at += 200) {
        const members = ids.slice(at, at + 200);
        const chunkId = chunk.run(campaignId, index, `bare-${campaignId}-${index}`, members.length).lastInsertRowid;
        index++;
        for (const id of members) assign.run(chunkId, id);
      }
    })();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const maxOf = (xs: number[]) => Math.max(...xs);

export async function runPrepareBench(log: (message: string) => void): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'jst-bench-prepare-'));
  try {
    const count = Number(process.env.SEND_BENCH_ROWS ?? 1_000_000);
    const t0 = performance.now();
    const written = join(dir, 'written.db');
    const campaignId = await writeCampaign(written, count);
    log(`1M prepare: ${count} rows written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const line = (r: ChildResult) =>
      `${r.chunks} chunks in ${(r.ms / 1000).toFixed(2)} s (CPU ${(r.cpuMs / 1000).toFixed(2)} s), longest stall ${r.stallMs.toFixed(0)} ms, RSS ${r.startMb.toFixed(0)} → peak ${r.peakMb.toFixed(0)} MB (+${(r.peakMb - r.startMb).toFixed(0)} MB)`;
    const runs = { ours: [] as ChildResult[], bare: [] as ChildResult[] };
    for (let r = 1; r <= RUNS; r++) {
      for (const which of ['ours', 'bare'] as const) {
        const copy = join(dir, `${which}-${r}.db`);
        copyFileSync(written, copy);
        runs[which].push(await child(which, copy, campaignId));
        rmSync(copy, { force: true });
      }
      log(`1M prepare run ${r}: ours ${line(runs.ours.at(-1)!)}; bare ${line(runs.bare.at(-1)!)}`);
    }
    const o = { ms: median(runs.ours.map((r) => r.ms)), peak: maxOf(runs.ours.map((r) => r.peakMb)), stall: maxOf(runs.ours.map((r) => r.stallMs)) };
    const b = { ms: median(runs.bare.map((r) => r.ms)), peak: maxOf(runs.bare.map((r) => r.peakMb)), stall: maxOf(runs.bare.map((r) => r.stallMs)) };
    const grew = maxOf(runs.ours.map((r) => r.peakMb - r.startMb));
    return [
      {
        name: `send: 1M recipients prepared into ${runs.ours[0]!.chunks} chunks (own process, file database; median)`,
        ours: o.ms,
        baseline: b.ms,
        ratio: o.ms / b.ms,
        unit: 'ms',
        runs: RUNS,
        goal: 'ours < 10000 ms (baseline: the bare ledger writes)',
      },
      {
        name: `send: 1M prepare peak RSS, highest run (at most +${grew.toFixed(0)} MB while preparing)`,
        ours: o.peak,
        baseline: b.peak,
        ratio: o.peak / b.peak,
        unit: 'MB',
        runs: RUNS,
        goal: 'ours < 300 MB',
      },
      {
        name: 'send: 1M prepare longest event-loop stall, highest run',
        ours: o.stall,
        baseline: b.stall,
        ratio: o.stall / Math.max(b.stall, 1),
        unit: 'ms',
        runs: RUNS,
        goal: 'ours ≤ ~50 ms',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--child');
  if (at > 0) {
    await childMain(process.argv[at + 1] as 'ours' | 'bare', process.argv[at + 2]!, Number(process.argv[at + 3]));
  } else {
    const results = await runPrepareBench((m) => console.error(`[bench:send-prepare] ${m}`));
    for (const r of results)
      console.log(
        `${r.name.padEnd(60)} ours ${r.ours.toFixed(1)} ${r.unit}  baseline ${r.baseline.toFixed(1)} ${r.unit}  ratio ${r.ratio.toFixed(3)}  ${r.goal ?? ''}`,
      );
  }
}
