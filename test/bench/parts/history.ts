// npm run bench -- history [--json]
// 1. Ingest: 100k delivery reports through the message store (batches of 16, as the poller consumes them) with the
//    history hook matching each to its recipient row, versus the same store and database without the hook (stored,
//    not matched).
//    Both on a SQLite WAL file like the app. Goal ≥ 0.9. The parked case (hook on, rows not there yet) is shown too.
// 2. Detail of a 100k-recipient campaign with mixed outcomes: open (summary, charts data, first window of rows)
//    < 300 ms; filter by state / err_code and number search p95 < 50 ms. Baseline: a bare indexed SELECT of the
//    same page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase, type Db } from '../../../electron/core/db/database';
import { ReportMatcher } from '../../../electron/core/history/matching';
import { HistoryQueries } from '../../../electron/core/history/queries';
import { registerIngestHook } from '../../../electron/core/mq/ingest-hooks';
import { MessageStore, type ConsumedMessage } from '../../../electron/core/mq/store';
import { MqSettingsSchema } from '../../../shared/settings/schema';
import { REPORT_TOPIC, wrapBody } from '../../../electron/sim/mq-http/bodies';
import type { BenchPart, BenchResult } from '../types';

const N = 100_000;
const BATCH = 16;
const CHUNK = 200;
const RUNS = 3;
const SAMPLES = 60;
const CODES = ['MK:0005', 'UNDELIV', 'MK:0001', 'EXPIRED', 'DB:0141'];
const parsing = MqSettingsSchema.parse({}).parsing;

const phoneOf = (i: number) => String(13_000_000_000 + i * 7);
const bizOf = (i: number) => `${1000 + Math.floor(i / CHUNK)}^${77_000 + Math.floor(i / CHUNK)}`;

function seedCampaign(db: Db, accepted: boolean): number {
  const now = new Date().toISOString();
  const id = Number(
    db
      .prepare(
        `INSERT INTO campaigns (shop_id, name, state, template_code, template_name, template_type, template_content, sign_name, created_at, updated_at, prepared_at, started_at)
         VALUES (1, '十万号码', 'completed', 'SMS_1', '发货通知', 1, '您的订单已发货', '张三男装淘宝店', ?, ?, ?, ?)`,
      )
      .run(now, now, now, now).lastInsertRowid,
  );
  const chunk = db.prepare(`INSERT INTO campaign_chunks (shop_id, campaign_id, chunk_index, task_sign, state, size, biz_id) VALUES (1, ?, ?, ?, ?, ?, ?)`);
  const row = db.prepare(
    `INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, raw, status, vars, segments, chunk_id, biz_id, submitted_at) VALUES (1, ?, ?, ?, ?, ?, '{"order":"T1"}', 1, ?, ?, ?)`,
  );
  db.transaction(() => {
    let chunkId = 0;
    for (let i = 0; i < N; i++) {
      if (i % CHUNK === 0)
        chunkId = Number(chunk.run(id, i / CHUNK, `${id}-${i / CHUNK}`, accepted ? 'accepted' : 'prepared', CHUNK, accepted ? bizOf(i) : null).lastInsertRowid);
      row.run(id, i + 1, phoneOf(i), phoneOf(i), accepted ? 'accepted' : 'queued', chunkId, accepted ? bizOf(i) : null, accepted ? now : null);
    }
  })();
  return id;
}

function reportMessages(): ConsumedMessage[] {
  const base = Date.now();
  return Array.from({ length: N }, (_, i) => {
    const failed = i % 7 === 3;
    const at = new Date(base + 8 * 3600_000 + (i % 3600) * 1000).toISOString().slice(0, 19).replace('T', ' ');
    const fields = {
      biz_id: bizOf(i),
      receiver: phoneOf(i),
      state: failed ? '2' : '1',
      err_code: failed ? CODES[i % CODES.length]! : 'DELIVRD',
      send_time: at,
      rept_time: at,
      extend: '',
    };
    return {
      messageId: `B${i.toString(16).padStart(8, '0')}`,
      topic: 'bench',
      tag: REPORT_TOPIC,
      body: wrapBody(REPORT_TOPIC, fields, 'tmc', base),
      publishTime: base,
      consumedTimes: 1,
    };
  });
}

type Mode = 'bare' | 'matched' | 'parked' | 'bare-memory' | 'matched-memory';
function ingest(dir: string, mode: Mode, messages: ConsumedMessage[], round: number): { rate: number; db: Db; campaignId: number } {
  // *-memory: the same code on an in-memory database, isolating CPU from the (shared, busy) disk.
  const db = openDatabase(mode.endsWith('-memory') ? ':memory:' : join(dir, `${mode}-${round}.db`));
  // Same database shape for every contender: the campaign's rows exist (accepted, or not yet for 'parked').
  const campaignId = seedCampaign(db, mode !== 'parked');
  if (!mode.endsWith('-memory')) db.pragma('wal_checkpoint(TRUNCATE)');
  if (!mode.startsWith('bare')) {
    const matcher = new ReportMatcher(db);
    registerIngestHook(db, 'history', (batch) => void matcher.match(1, batch.reports));
  }
  const store = new MessageStore(db, 1);
  const started = performance.now();
  for (let i = 0; i < messages.length; i += BATCH) store.persistBatch(messages.slice(i, i + BATCH), parsing);
  const rate = messages.length / ((performance.now() - started) / 1000);
  return { rate, db, campaignId };
}

function timeMs(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const median = (v: number[]) => pct(v, 50);
const round = (n: number, d = 0) => Number(n.toFixed(d));

export const run: BenchPart['run'] = async ({ log }) => {
  const dir = mkdtempSync(join(tmpdir(), 'jst-bench-history-'));
  try {
    const messages = reportMessages();
    const rates: Record<Mode, number[]> = { bare: [], matched: [], parked: [], 'bare-memory': [], 'matched-memory': [] };
    let detailDb: Db | null = null;
    let detailId = 0;
    const modes: Mode[] = ['bare', 'matched', 'parked', 'bare-memory', 'matched-memory'];
    for (let r = 0; r <= RUNS; r++) {
      for (const mode of modes.map((_, i) => modes[(i + r) % modes.length]!)) {
        const { rate, db, campaignId } = ingest(dir, mode, messages, r);
        if (r > 0) rates[mode].push(rate);
        log(`${r === 0 ? 'warm-up' : `run ${r}`}: ${mode} ${rate.toFixed(0)} reports/s`);
        if (mode === 'matched' && r === RUNS) {
          detailDb = db;
          detailId = campaignId;
        } else db.close();
      }
    }
    const ratio = (mode: Mode, base: Mode = 'bare') => median(rates[mode].map((rate, i) => rate / rates[base][i]!));

    // Detail: reopen the file (cold statement cache) as the app would after a restart.
    const file = detailDb!.name;
    detailDb!.close();
    const db = openDatabase(file);
    const queries = new HistoryQueries(db, 1);
    const counts = queries.counts(detailId);
    log(`detail campaign: ${JSON.stringify(counts)}`);
    const openMs = timeMs(() => {
      queries.detail(detailId, Date.now());
      queries.numbers({ id: detailId, offset: 0, limit: 600 });
    });
    const bareOpenMs = timeMs(() => db.prepare('SELECT * FROM campaign_recipients WHERE campaign_id = ? ORDER BY id LIMIT 600').all(detailId));
    const kinds: Record<string, (i: number) => unknown> = {
      'filter failed': (i) => queries.numbers({ id: detailId, deliveries: ['failed'], offset: (i % 5) * 600, limit: 600 }),
      'filter err_code': (i) => queries.numbers({ id: detailId, deliveries: ['failed'], errCode: CODES[i % CODES.length], offset: 0, limit: 600 }),
      'search number (fragment)': (i) => queries.numbers({ id: detailId, search: String(1000 + ((i * 37) % 9000)), offset: 0, limit: 600 }),
      'search number (whole)': (i) => queries.numbers({ id: detailId, search: phoneOf((i * 997) % N), offset: 0, limit: 600 }),
    };
    const bareQuery = db.prepare("SELECT * FROM campaign_recipients WHERE campaign_id = ? AND delivery = 'failed' ORDER BY id LIMIT 600");
    const bareTimes = Array.from({ length: SAMPLES }, () => timeMs(() => bareQuery.all(detailId)));
    const results: BenchResult[] = [
      {
        name: 'history ingest 100k reports, matched',
        ours: round(median(rates.matched)),
        baseline: round(median(rates.bare)),
        ratio: ratio('matched'),
        unit: 'reports/s',
        runs: RUNS,
        goal: 'ratio ≥ 0.9 vs storing unmatched (higher is better)',
      },
      {
        name: 'history ingest 100k, matched vs parked',
        ours: round(median(rates.matched)),
        baseline: round(median(rates.parked)),
        ratio: ratio('matched', 'parked'),
        unit: 'reports/s',
        runs: RUNS,
        goal: 'ratio ≥ 0.9 vs storing them unmatched in history (higher is better)',
      },
      {
        name: 'history ingest 100k, matched, in memory (CPU)',
        ours: round(median(rates['matched-memory'])),
        baseline: round(median(rates['bare-memory'])),
        ratio: ratio('matched-memory', 'bare-memory'),
        unit: 'reports/s',
        runs: RUNS,
        goal: 'ratio ≥ 0.9 (higher is better)',
      },
      {
        name: 'history detail open 100k (summary+charts+rows)',
        ours: round(openMs, 1),
        baseline: round(bareOpenMs, 1),
        ratio: bareOpenMs ? openMs / bareOpenMs : 0,
        unit: 'ms',
        runs: 1,
        goal: 'ours < 300 ms',
      },
    ];
    for (const [name, fn] of Object.entries(kinds)) {
      for (let i = 0; i < 5; i++) fn(i); // warm the statement cache
      const times = Array.from({ length: SAMPLES }, (_, i) => timeMs(() => fn(i)));
      results.push({
        name: `history ${name} p95`,
        ours: round(pct(times, 95), 2),
        baseline: round(pct(bareTimes, 95), 2),
        ratio: pct(times, 95) / pct(bareTimes, 95),
        unit: 'ms',
        runs: SAMPLES,
        goal: 'ours < 50 ms',
      });
    }
    db.close();
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
