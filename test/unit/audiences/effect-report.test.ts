// 效果 per campaign, kind, month and template from a hand-built ledger and order store, with exact counts: window
// edges, one order to the latest send before it, control buyers (never sent) counted apart, phone-list sends that
// cannot be attributed, cost from the ledger, and the report's reads served by indexes (EXPLAIN QUERY PLAN).
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { campaignEffect } from '../../../electron/core/audiences/effect';
import { effectSheets, exportEffect } from '../../../electron/core/audiences/effect-export';
import { EFFECT_SQL, effectOverview } from '../../../electron/core/audiences/effect-report';
import { CostLedger } from '../../../electron/core/costs/ledger';
import { migrate } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';
import { Settings } from '../../../electron/core/settings';
import { parseBeijingDateTime } from '../../../shared/time/beijing';
import { FakeClock } from '../../helpers/fake-clock';

const DAY = 86_400_000;
const bj = (text: string) => parseBeijingDateTime(text)!;
const iso = (ms: number) => new Date(ms).toISOString();

function setup(now = '2026-12-20 10:00') {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS);
  const store: Record<string, unknown> = {};
  const settings = new Settings({ store, set: (key, value) => (store[key] = value) });
  const clock = new FakeClock(now);
  const ctx = { db, shopId: 1, settings, clock };
  const ledger = new CostLedger(ctx);
  let tid = 4_000_000_000_000_000_000n;
  let row = 0;
  const campaign = (id: number, o: { name: string; audience: 'orders' | 'phones'; template: string; kind?: string; startedAt: number | null }) =>
    db
      .prepare(
        `INSERT INTO campaigns (id, shop_id, name, kind, audience, template_code, template_name, template_type, started_at, created_at, updated_at)
         VALUES (?, 1, ?, ?, ?, ?, ?, 1, ?, 't', 't')`,
      )
      .run(id, o.name, o.kind ?? 'campaign', o.audience, o.template, `模板${o.template}`, o.startedAt === null ? null : iso(o.startedAt));
  /** An accepted number: a buyer's order (buyer set) or a phone. */
  const accepted = (campaignId: number, at: number, o: { buyer?: string; segments?: number; status?: string }) =>
    db
      .prepare(
        `INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, status, segments, submitted_at, buyer_open_uid, tid)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        campaignId,
        ++row,
        o.buyer ? `tid:${++tid}` : `1390000${String(row).padStart(4, '0')}`,
        o.status ?? 'accepted',
        o.segments ?? 1,
        iso(at),
        o.buyer ?? null,
        o.buyer ? String(tid) : null,
      );
  /** A control hold-back: drawn with the draft, in effect from its campaign's start. */
  const held = (campaignId: number, buyer: string) =>
    db
      .prepare("INSERT INTO audience_control (shop_id, campaign_id, buyer_open_uid, tid, at) VALUES (1, ?, ?, ?, 'drawn earlier')")
      .run(campaignId, buyer, String(++tid));
  const order = (buyer: string, created: number, yuan: number, status = 'WAIT_SELLER_SEND_GOODS') =>
    db
      .prepare('INSERT INTO orders (shop_id, tid, buyer_open_uid, status, payment_fen, created_at, sort_at, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, 0)')
      .run(String(++tid), buyer, status, Math.round(yuan * 100), created, created);
  return { db, ctx, clock, ledger, campaign, accepted, held, order };
}

const S1 = bj('2026-12-02 10:00');
const S2 = bj('2026-12-03 10:00');
const NOV = bj('2026-11-30 20:00');

/** The shop of the scenario below. */
function shop(now?: string) {
  const t = setup(now);
  const { db, campaign, accepted, held, order } = t;
  // 1: a segment send to A–D (E, F held back); 2: 催付 to C and G (2 segments each); 3: a phone list; 4: November.
  campaign(1, { name: '老客回访', audience: 'orders', template: 'T1', startedAt: S1 });
  db.prepare(
    "INSERT INTO audience_sends (campaign_id, shop_id, segment_name, rule, control_percent, buyers, created_at) VALUES (1, 1, '老客', '{}', 20, 6, 't')",
  ).run();
  for (const b of ['A', 'B', 'C', 'D']) accepted(1, S1, { buyer: b });
  accepted(1, S1, { buyer: 'X', status: 'rejected' });
  held(1, 'E');
  held(1, 'F');
  campaign(2, { name: '催付', audience: 'orders', template: 'T2', kind: 'automation', startedAt: S2 });
  db.prepare("INSERT INTO automation_batches (shop_id, kind, campaign_id, size, created_at) VALUES (1, 'urge-pay', 2, 2, 0)").run();
  for (const b of ['C', 'G']) accepted(2, S2, { buyer: b, segments: 2 });
  campaign(3, { name: '手机号群发', audience: 'phones', template: 'T1', startedAt: S1 });
  for (let i = 0; i < 3; i++) accepted(3, S1, {});
  campaign(4, { name: '十一月', audience: 'orders', template: 'T1', startedAt: NOV });
  // 5: a draft with a control group drawn but never started: it holds nobody back.
  campaign(5, { name: '草稿', audience: 'orders', template: 'T1', startedAt: null });
  held(5, 'A');
  accepted(4, NOV, { buyer: 'H' });

  order('A', S1, 500); // at the send itself: not after it
  order('A', S1 + 2 * 3_600_000, 100);
  order('B', S1 + 3 * DAY, 50); // exactly 3 days later: included
  order('B', S1 + 3 * DAY + 1, 70); // 1 ms past: not
  order('C', bj('2026-12-02 20:00'), 40, 'WAIT_BUYER_PAY'); // an order, not paid: no amount
  order('C', bj('2026-12-03 11:00'), 30); // after 催付 reached C: the latest send takes it
  order('E', bj('2026-12-03 09:00'), 80); // control
  order('G', bj('2026-12-04 09:00'), 20);
  order('H', bj('2026-12-01 10:00'), 60); // November's send, inside its window
  order('Z', bj('2026-12-03 09:00'), 999); // never reached
  return t;
}

describe('effect report', () => {
  it('per campaign: exact orders, buyers, amount, rates, uplift, cost and ROI; a phone list says it cannot be attributed', () => {
    const { ctx, ledger } = shop();
    const r = effectOverview(ctx, ledger, '2026-12', 3);
    expect(r.campaigns.map((c) => c.campaignId)).toEqual([3, 2, 1]);
    const [phones, urge, segment] = r.campaigns;
    expect(segment).toMatchObject({
      label: '老客回访',
      kind: 'segment',
      segmentName: '老客',
      controlPercent: 20,
      attributable: true,
      recipients: 4,
      orders: 3,
      buyers: 3,
      amount: 150,
      rate: 0.75,
      control: 2,
      controlOrders: 1,
      controlBuyers: 1,
      controlAmount: 80,
      controlRate: 0.5,
      uplift: 0.25,
      tooFew: true,
      segments: 4,
      cost: 0.2,
      roi: 750,
      windowOpen: false,
    });
    expect(segment!.upliftMargin).toBeCloseTo(1.96 * Math.sqrt((0.75 * 0.25) / 4 + (0.5 * 0.5) / 2), 12);
    expect(urge).toMatchObject({
      kind: 'automation:urge-pay',
      recipients: 2,
      orders: 2,
      buyers: 2,
      amount: 50,
      rate: 1,
      control: 0,
      uplift: null,
      tooFew: false,
      segments: 4,
      cost: 0.2,
      roi: 250,
    });
    expect(phones).toMatchObject({ kind: 'phones', attributable: false, recipients: 0, orders: 0, segments: 3, cost: 0.15, roi: null, segmentName: null });
    // The single-campaign view (jst-sms effect) agrees.
    expect(campaignEffect(ctx, ledger, 1, 3)).toMatchObject({
      recipients: 4,
      control: 2,
      orders: 3,
      buyers: 3,
      amount: 150,
      cost: 0.2,
      roi: 750,
      controlOrders: 1,
    });
  });

  it('per kind, month and template add up; every order counts at most once', () => {
    const { ctx, ledger } = shop();
    const r = effectOverview(ctx, ledger, '2026-12', 3);
    expect(r.kinds.map((k) => [k.key, k.campaigns, k.recipients, k.orders, k.amount, k.cost, k.attributable])).toEqual([
      ['segment', 1, 4, 3, 150, 0.2, true],
      ['automation:urge-pay', 1, 2, 2, 50, 0.2, true],
      ['phones', 1, 0, 0, 0, 0.15, false],
    ]);
    expect(r.months).toHaveLength(1);
    expect(r.months[0]).toMatchObject({
      key: '2026-12',
      recipients: 6,
      orders: 5,
      buyers: 5,
      amount: 200,
      control: 2,
      controlOrders: 1,
      segments: 11,
      cost: 0.55,
      roi: 363.64,
    });
    expect(r.templates.map((t) => [t.key, t.label, t.campaigns, t.recipients, t.orders, t.amount, t.segments, t.cost])).toEqual([
      ['T1', '模板T1', 2, 4, 3, 150, 7, 0.35],
      ['T2', '模板T2', 1, 2, 2, 50, 4, 0.2],
    ]);
    expect(r.total).toMatchObject({ campaigns: 3, recipients: 6, orders: 5, amount: 200, controlOrders: 1, segments: 11, cost: 0.55 });
    // 10 orders: A's at the send, B's 1 ms late, H's (November) and Z's (never reached) are nobody's in December.
    expect(r.total.orders + r.total.controlOrders).toBe(6);
    expect(r.series).toHaveLength(31);
    expect(r.series.filter((p) => p.cost || p.amount)).toEqual([
      { period: '2026-12-02', cost: 0.35, amount: 150 },
      { period: '2026-12-03', cost: 0.2, amount: 50 },
    ]);
  });

  it('a send near the end of a month keeps its full window; the next month does not count that order again', () => {
    const { ctx, ledger } = shop();
    const nov = effectOverview(ctx, ledger, '2026-11', 3);
    expect(nov.campaigns.map((c) => [c.campaignId, c.recipients, c.orders, c.amount])).toEqual([[4, 1, 1, 60]]);
    const all = effectOverview(ctx, ledger, null, 3);
    expect(all.months.map((m) => [m.key, m.orders, m.amount])).toEqual([
      ['2026-11', 1, 60],
      ['2026-12', 5, 200],
    ]);
    expect(all.series).toEqual([
      { period: '2026-11', cost: 0.05, amount: 60 },
      { period: '2026-12', cost: 0.55, amount: 200 },
    ]);
  });

  it('the window is the setting or the asked days: 1 day drops B (3 days later), 4 days keeps it', () => {
    const { ctx, ledger } = shop();
    const one = effectOverview(ctx, ledger, '2026-12', 1).campaigns.find((c) => c.campaignId === 1)!;
    expect([one.orders, one.buyers, one.amount]).toEqual([2, 2, 100]);
    const four = effectOverview(ctx, ledger, '2026-12', 4).campaigns.find((c) => c.campaignId === 1)!;
    expect([four.orders, four.buyers, four.amount]).toEqual([4, 3, 220]);
  });

  it('says a window is still open while a send is younger than N days', () => {
    const { ctx, ledger } = shop('2026-12-05 12:00');
    const r = effectOverview(ctx, ledger, '2026-12', 3);
    expect(r.campaigns.map((c) => [c.campaignId, c.windowOpen])).toEqual([
      [3, false],
      [2, true],
      [1, false],
    ]);
    expect(r.months[0]!.windowOpen).toBe(true);
  });

  it('no failed-delivery cost when the setting says so; exports carry the same numbers as CSV and XLSX', () => {
    const { ctx, ledger, db } = shop();
    db.prepare("UPDATE campaign_recipients SET delivery = 'failed' WHERE campaign_id = 3").run();
    ctx.settings.update('costs', { ...ctx.settings.get().costs, countFailedDeliveries: false });
    const r = effectOverview(ctx, ledger, '2026-12', 3);
    expect(r.countFailedDeliveries).toBe(false);
    expect(r.campaigns.find((c) => c.campaignId === 3)).toBeUndefined();
    expect(r.total.cost).toBe(0.4);
    const sheets = effectSheets(r);
    expect(sheets.map((s) => s.name)).toEqual(['按群发', '按类型', '按月', '按模板', '说明']);
    expect(sheets[0]!.rows[1]!.slice(0, 9)).toEqual([2, '催付', '自动化·催付', '模板T2（T2）', '', 2, 2, 2, 50]);
    expect(sheets[4]!.rows.flat().join('\n')).toContain('发送失败的号码不计入费用');
    const csv = Buffer.from(exportEffect(r, 'csv', bj('2026-12-20 10:00')).data, 'base64').toString('utf8');
    expect(csv.startsWith('\uFEFF【按群发】\r\n')).toBe(true);
    expect(csv).toContain('1,老客回访,人群发送,模板T1（T1）,老客,4,3,3,150,75.0%,2,1,80,50.0%,25,');
    const xlsx = exportEffect(r, 'xlsx', bj('2026-12-20 10:00'));
    expect(xlsx.fileName).toBe('短信效果-2026-12-20261220-1000.xlsx');
    expect(Buffer.from(xlsx.data, 'base64').subarray(0, 2).toString()).toBe('PK');
  });

  it('reads each table by an index over the period (EXPLAIN QUERY PLAN), never a scan', () => {
    const { db } = setup();
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => '[1]')) as Array<{ detail: string }>)
        .map((p) => p.detail)
        .join('\n');
    expect(plan(EFFECT_SQL.touches)).toMatch(/SEARCH campaign_recipients USING COVERING INDEX campaign_recipients_buyer_touch/);
    expect(plan(EFFECT_SQL.control)).toMatch(/SEARCH c USING (COVERING )?INDEX campaigns_started/);
    expect(plan(EFFECT_SQL.control)).toMatch(/SEARCH a USING COVERING INDEX audience_control_buyer/);
    expect(plan(EFFECT_SQL.orders)).toMatch(/SEARCH orders USING COVERING INDEX orders_created_buyer/);
    const campaigns = plan(EFFECT_SQL.campaigns);
    expect(campaigns).toMatch(/SEARCH c USING INTEGER PRIMARY KEY/);
    expect(campaigns).toMatch(/SEARCH b USING INDEX automation_batches_campaign/);
    for (const sql of Object.values(EFFECT_SQL)) expect(plan(sql)).not.toMatch(/SCAN (campaign_recipients|audience_control|orders|a|c|b|s)\b/);
  });
});
