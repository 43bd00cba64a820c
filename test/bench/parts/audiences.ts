// npm run bench -- audiences [--json]
// Live segment count at 200,000 orders / 50,000 buyers (SQLite file): p95 of SegmentQuery.count (per-buyer aggregates
// noted by triggers, rebuilt before each read: migrations 0016, 0019) per rule, against the same count written bare as one GROUP BY over the orders
// (what it costs without the aggregates), same run, same database. Goal: ours p95 < 200 ms for every rule.
// Also: the cost of keeping the aggregates — applyTrade of 20,000 order changes with the triggers plus the refresh the
// next read does, against the same changes without them.
// 效果 report of one month (60 order sends of 1,000 buyers + 100 held back over a year, on the same orders): p95 of
// effectOverview with the period indexes of migration 0018 against the same call without them (same code, same data),
// and against the per-campaign path (effect.get for each of the month's campaigns, what the page did before).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SEGMENT_PRESETS, type SegmentRule } from '../../../shared/audiences/contract';
import { TRADE_STATUSES } from '../../../shared/orders/status';
import { openDatabase, type Db } from '../../../electron/core/db/database';
import { refreshBuyerAggregates } from '../../../electron/core/audiences/aggregates';
import { PURCHASE_STATUSES } from '../../../electron/core/db/migrations/0016-audiences-costs';
import { SegmentQuery } from '../../../electron/core/audiences/query';
import { OrderStore, type TradeFacts } from '../../../electron/core/orders/store';
import { campaignEffect } from '../../../electron/core/audiences/effect';
import { effectOverview } from '../../../electron/core/audiences/effect-report';
import { CostLedger } from '../../../electron/core/costs/ledger';
import { Settings } from '../../../electron/core/settings';
import { beijingDayKey } from '../../../shared/time/beijing';
import type { BenchPart, BenchResult } from '../types';

const ORDERS = 200_000;
const BUYERS = 50_000;
const SAMPLES = 30;
/** The bare GROUP BY takes seconds per run on a busy machine: a few runs give its p95 well enough. */
const BARE_SAMPLES = 3;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 7, 4, 0, 0);
const TITLES = ['碎花连衣裙', '纯棉T恤', '牛仔裤', '羊毛围巾', '运动鞋', '真皮钱包', '保温杯', '蓝牙耳机'];
const STATUSES = TRADE_STATUSES.filter((s) => s !== 'TRADE_NO_CREATE_PAY');

const RULES: Array<{ name: string; rule: SegmentRule }> = [
  ...SEGMENT_PRESETS.map((p) => ({ name: p.name, rule: p.rule })),
  { name: 'all buyers', rule: {} },
  { name: 'shipped, not received', rule: { status: ['WAIT_BUYER_CONFIRM_GOODS'] } },
  { name: 'bought 围巾, ≥ 2 orders', rule: { boughtItem: '羊毛围巾', minOrders: 2 } },
  { name: '≥ 300 yuan, no refund, within 120 days', rule: { minAmount: 300, refunded: false, lastOrderWithinDays: 120 } },
];

function trade(i: number, modified: number, extraYuan: number): TradeFacts {
  const created = NOW - (i % 400) * DAY - (i % 1440) * 60_000;
  return {
    tid: (4_400_000_000_000_000_000n + BigInt(i)).toString(),
    status: STATUSES[(i * 7) % STATUSES.length]!,
    type: 'fixed',
    buyerOpenUid: `AAbuyer${(i * 7919) % BUYERS}`,
    buyerNick: '买**',
    payment: `${(i % 900) + 10 + extraYuan}.00`,
    postFee: '0.00',
    created,
    payTime: null,
    consignTime: null,
    endTime: null,
    modified,
    items: [{ oid: String(i), title: `${TITLES[i % TITLES.length]} ${i % 97}号`, num: 1 }],
  };
}

function seed(db: Db, from: number, to: number, modified: number, extraYuan = 0) {
  const store = new OrderStore(db, 1);
  const write = db.transaction(() => {
    for (let i = from; i < to; i++) store.applyTrade(trade(i, modified, extraYuan), NOW);
  });
  write();
}

/** The same count without aggregates: every order grouped by buyer each time. */
function bareCount(db: Db, rule: SegmentRule) {
  const purchase = `status IN (${PURCHASE_STATUSES.map((s) => `'${s}'`).join(', ')})`;
  const matching: string[] = [];
  if (rule.status) matching.push(`status IN (${rule.status.map((s) => `'${s}'`).join(', ')})`);
  if (rule.boughtItem) matching.push(`item_text LIKE '%${rule.boughtItem}%'`);
  const having = [`SUM(${matching.length ? matching.join(' AND ') : '1'}) > 0`];
  const last = `MAX(CASE WHEN ${purchase} THEN COALESCE(created_at, sort_at) END)`;
  if (rule.lastOrderWithinDays) having.push(`${last} >= ${NOW - rule.lastOrderWithinDays * DAY}`);
  if (rule.lastOrderBeforeDays) having.push(`${last} < ${NOW - rule.lastOrderBeforeDays * DAY}`);
  if (rule.firstOrderWithinDays) having.push(`MIN(CASE WHEN ${purchase} THEN COALESCE(created_at, sort_at) END) >= ${NOW - rule.firstOrderWithinDays * DAY}`);
  if (rule.minOrders !== undefined) having.push(`SUM(${purchase}) >= ${rule.minOrders}`);
  const amount = `COALESCE(SUM(CASE WHEN ${purchase} THEN payment_fen END), 0)`;
  if (rule.minAmount !== undefined) having.push(`${amount} >= ${Math.round(rule.minAmount * 100)}`);
  if (rule.refunded !== undefined) having.push(`SUM(refund_status = 'SUCCESS' OR status = 'TRADE_CLOSED') ${rule.refunded ? '> 0' : '= 0'}`);
  if (rule.topAmountPercent !== undefined) {
    const threshold = db
      .prepare(
        `SELECT a FROM (SELECT ${amount} AS a FROM orders WHERE shop_id = 1 AND buyer_open_uid <> '' GROUP BY buyer_open_uid HAVING SUM(${purchase}) > 0)
         ORDER BY a DESC LIMIT 1 OFFSET (SELECT MAX(1, CAST(ceil(COUNT(*) * ${rule.topAmountPercent} / 100.0) AS INTEGER)) - 1 FROM (SELECT 1 FROM orders WHERE shop_id = 1 AND buyer_open_uid <> '' GROUP BY buyer_open_uid HAVING SUM(${purchase}) > 0))`,
      )
      .pluck()
      .get() as number;
    having.push(`SUM(${purchase}) > 0 AND ${amount} >= ${threshold}`);
  }
  return db
    .prepare(
      `SELECT COUNT(*) AS buyers, COALESCE(SUM(m), 0) AS orders FROM (
         SELECT SUM(${matching.length ? matching.join(' AND ') : '1'}) AS m FROM orders WHERE shop_id = 1 AND buyer_open_uid <> ''
         GROUP BY buyer_open_uid HAVING ${having.join(' AND ')})`,
    )
    .get();
}

const SENDS = 60;
const SEND_BUYERS = 1_000;
const HELD = 100;

/** 60 order sends over the last year, 5 a month, each to 1,000 buyers (accepted) with 100 more held back. */
function seedSends(db: Db): number[] {
  const insert = db.transaction(() => {
    const ids: number[] = [];
    const campaign = db.prepare(
      `INSERT INTO campaigns (shop_id, name, kind, state, audience, template_code, template_name, template_type, started_at, created_at, updated_at)
       VALUES (1, ?, 'campaign', 'completed', 'orders', ?, ?, 1, ?, ?, ?)`,
    );
    const recipient = db.prepare(
      `INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, status, segments, submitted_at, buyer_open_uid, tid)
       VALUES (1, ?, ?, ?, 'accepted', 1, ?, ?, ?)`,
    );
    const held = db.prepare("INSERT INTO audience_control (shop_id, campaign_id, buyer_open_uid, tid, at) VALUES (1, ?, ?, '1', ?)");
    for (let c = 0; c < SENDS; c++) {
      const at = new Date(NOW - (c * 365 * DAY) / SENDS).toISOString();
      const id = Number(campaign.run(`send ${c}`, `SMS_${c % 4}`, `模板${c % 4}`, at, at, at).lastInsertRowid);
      ids.push(id);
      for (let b = 0; b < SEND_BUYERS + HELD; b++) {
        const buyer = `AAbuyer${(c * 7919 + b * 31) % BUYERS}`;
        if (b < SEND_BUYERS) recipient.run(id, b + 1, `tid:${c}-${b}`, at, buyer, String(1_000_000 + b));
        else held.run(id, buyer, at);
      }
    }
    return ids;
  });
  return insert();
}

function p95(run: () => unknown, samples = SAMPLES): number {
  run(); // warm-up (statement preparation)
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.ceil(times.length * 0.95) - 1]!;
}

export const run: BenchPart['run'] = async ({ log }) => {
  const dir = mkdtempSync(join(tmpdir(), 'jst-audiences-bench-'));
  const db = openDatabase(join(dir, 'audiences.db'));
  const results: BenchResult[] = [];
  try {
    for (let i = 0; i < ORDERS; i += 10_000) seed(db, i, i + 10_000, NOW - DAY);
    db.pragma('optimize');
    const buyers = db.prepare('SELECT COUNT(*) FROM audience_buyers').pluck().get() as number;
    log(`seeded ${ORDERS} orders, ${buyers} buyers`);
    const query = new SegmentQuery(db, 1);
    for (const { name, rule } of RULES) {
      const ours = query.count(rule, NOW);
      const bare = bareCount(db, rule);
      if (JSON.stringify(ours) !== JSON.stringify(bare)) throw new Error(`${name}: ours ${JSON.stringify(ours)} ≠ bare ${JSON.stringify(bare)}`);
      const oursMs = p95(() => query.count(rule, NOW));
      const bareMs = p95(() => bareCount(db, rule), BARE_SAMPLES);
      log(`${name}: ${ours.buyers} buyers / ${ours.orders} orders; ours p95 ${oursMs.toFixed(1)} ms, bare p95 ${bareMs.toFixed(1)} ms`);
      results.push({
        name: `segment count 200k/50k: ${name} p95`,
        ours: Math.round(oursMs * 10) / 10,
        baseline: Math.round(bareMs * 10) / 10,
        ratio: bareMs > 0 ? oursMs / bareMs : 0,
        unit: 'ms',
        runs: SAMPLES,
        goal: 'ours < 200 ms (lower is better; baseline = one GROUP BY over every order)',
      });
    }

    // Cost of the aggregates: 20,000 order changes (a newer answer with another payment) with the triggers and the
    // refresh of the next read, and without either.
    const changes = (modified: number, extraYuan: number, refresh: boolean) => {
      const started = performance.now();
      seed(db, 0, 20_000, modified, extraYuan);
      if (refresh) refreshBuyerAggregates(db);
      return performance.now() - started;
    };
    const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audience_buyers_%'").all() as Array<{
      name: string;
      sql: string;
    }>;
    const withTriggers = changes(NOW, 1, true);
    for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
    const without = changes(NOW + 1, 2, false);
    for (const t of triggers) db.exec(t.sql);
    log(`20k order changes: with triggers ${withTriggers.toFixed(0)} ms, without ${without.toFixed(0)} ms`);
    results.push({
      name: 'order changes 20k: with buyer aggregates',
      ours: Math.round(withTriggers),
      baseline: Math.round(without),
      ratio: withTriggers / without,
      unit: 'ms',
      runs: 1,
      goal: 'the price of keeping aggregates in step (lower is better)',
    });

    // 效果 of one month.
    const campaignIds = seedSends(db);
    db.pragma('optimize');
    const store: Record<string, unknown> = {};
    const ctx = {
      db,
      shopId: 1,
      settings: new Settings({ store, set: (k, v) => (store[k] = v) }),
      clock: { now: () => NOW, sleep: async () => {}, random: () => 0.5 },
    };
    const ledger = new CostLedger(ctx);
    const month = beijingDayKey(NOW - 30 * DAY).slice(0, 7);
    const report = effectOverview(ctx, ledger, month, 3);
    const monthIds = report.campaigns.map((c) => c.campaignId);
    log(`${month}: ${monthIds.length} of ${campaignIds.length} sends, ${report.total.recipients} buyers reached, ${report.total.orders} orders attributed`);
    const oursMs = p95(() => effectOverview(ctx, ledger, month, 3), 10);
    const perCampaignMs = p95(() => monthIds.map((id) => campaignEffect(ctx, ledger, id, 3)), 3);
    for (const c of report.campaigns) {
      const one = campaignEffect(ctx, ledger, c.campaignId, 3);
      if (one.orders !== c.orders || one.amount !== c.amount)
        throw new Error(`send ${c.campaignId}: report ${c.orders}/${c.amount} ≠ effect.get ${one.orders}/${one.amount}`);
    }
    const indexes = db
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ('campaign_recipients_buyer_touch', 'campaigns_started', 'orders_created_buyer')",
      )
      .all() as Array<{ name: string; sql: string }>;
    for (const i of indexes) db.exec(`DROP INDEX ${i.name}`);
    const withoutMs = p95(() => effectOverview(ctx, ledger, month, 3), 3);
    for (const i of indexes) db.exec(i.sql);
    log(
      `effect report ${month}: ${oursMs.toFixed(1)} ms; without the 0018 indexes ${withoutMs.toFixed(1)} ms; per campaign (effect.get × ${monthIds.length}) ${perCampaignMs.toFixed(1)} ms`,
    );
    results.push(
      {
        name: 'effect report, one month: with period indexes p95',
        ours: Math.round(oursMs * 10) / 10,
        baseline: Math.round(withoutMs * 10) / 10,
        ratio: oursMs / withoutMs,
        unit: 'ms',
        runs: 10,
        goal: 'lower than the same report without migration 0018 (ratio < 1)',
      },
      {
        name: 'effect report, one month: vs effect.get per campaign p95',
        ours: Math.round(oursMs * 10) / 10,
        baseline: Math.round(perCampaignMs * 10) / 10,
        ratio: oursMs / perCampaignMs,
        unit: 'ms',
        runs: 10,
        goal: 'one report for the page cheaper than one effect.get per row (ratio < 1)',
      },
    );
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
};
