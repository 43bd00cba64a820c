import {
  EFFECT_MIN_CONVERSIONS,
  type EffectCampaignRow,
  type EffectKind,
  type EffectOverview,
  type EffectPoint,
  type EffectRow,
} from '../../../shared/audiences/contract';
import { beijingDayKey, beijingDayStart, DAY_MS } from '../../../shared/time/beijing';
import type { CoreContext } from '../context';
import { FAR_FUTURE, monthRange, type CostLedger } from '../costs/ledger';
import { PURCHASE_STATUSES } from '../db/migrations/0016-audiences-costs';
import { attributeOrders, type AttributableOrder, type Touch } from './effect';

/** One buyer a campaign reached (or held back): the unit conversion is counted in. */
interface Reached {
  campaignId: number;
  control: boolean;
  day: string;
  /** When the window of its latest touch ends (epoch ms). */
  openUntil: number;
  orders: number;
  amountFen: number;
}

interface ReportTouch extends Touch {
  /** null for touches after the period: they only take later orders away from the period's sends. */
  reached: Reached | null;
}

interface CampaignMeta {
  id: number;
  name: string;
  kind: string;
  audience: string;
  templateCode: string;
  templateName: string;
  segmentName: string | null;
  controlPercent: number | null;
  automationKind: string | null;
}

/**
 * The report's reads, one statement per table, each over the period only (indexes of migration 0018):
 * touches = numbers of order sends accepted in [from, until), hold-backs of campaigns started in [from, until), orders created in
 * (from, until], where until = the period's end + the window (a send near the end still gets its N days, and a later
 * send can still take an order from it).
 */
export const EFFECT_SQL = {
  touches: `SELECT campaign_id AS campaignId, buyer_open_uid AS buyer, submitted_at AS at FROM campaign_recipients
    WHERE shop_id = ? AND status = 'accepted' AND buyer_open_uid IS NOT NULL AND buyer_open_uid <> '' AND submitted_at >= ? AND submitted_at < ?`,
  // A hold-back happens when its campaign starts (a draft's control group is drawn earlier); one never started holds nobody back.
  control: `SELECT a.campaign_id AS campaignId, a.buyer_open_uid AS buyer, c.started_at AS at FROM campaigns c JOIN audience_control a ON a.campaign_id = c.id
    WHERE c.shop_id = ? AND c.started_at >= ? AND c.started_at < ?`,
  orders: `SELECT buyer_open_uid AS buyer, tid, created_at AS created, status, payment_fen AS fen FROM orders
    WHERE shop_id = ? AND buyer_open_uid <> '' AND created_at IS NOT NULL AND created_at > ? AND created_at <= ?`,
  campaigns: `SELECT c.id, c.name, c.kind, c.audience, c.template_code AS templateCode, c.template_name AS templateName,
      s.segment_name AS segmentName, s.control_percent AS controlPercent,
      (SELECT b.kind FROM automation_batches b WHERE b.shop_id = c.shop_id AND b.campaign_id = c.id LIMIT 1) AS automationKind
    FROM json_each(?) j CROSS JOIN campaigns c ON c.id = j.value LEFT JOIN audience_sends s ON s.campaign_id = c.id
    WHERE c.shop_id = ?`,
} as const;

export function effectKindOf(c: Pick<CampaignMeta, 'kind' | 'audience' | 'segmentName' | 'automationKind'>): EffectKind {
  if (c.automationKind) return `automation:${c.automationKind}`;
  if (c.segmentName !== null) return 'segment';
  if (c.kind === 'single' || c.kind === 'resend') return c.kind;
  return c.audience === 'orders' ? 'orders' : 'phones';
}

const KIND_ORDER = ['segment', 'orders', 'automation:urge-pay', 'automation:shipped', 'automation:signed', 'automation:refund', 'automation:review'];

class Tally {
  readonly campaigns = new Set<number>();
  attributable = false;
  windowOpen = false;
  recipients = 0;
  orders = 0;
  buyers = 0;
  amountFen = 0;
  control = 0;
  controlOrders = 0;
  controlBuyers = 0;
  controlAmountFen = 0;

  add(r: Reached, now: number): void {
    this.campaigns.add(r.campaignId);
    this.attributable = true;
    this.windowOpen ||= r.openUntil > now;
    if (r.control) {
      this.control++;
      this.controlOrders += r.orders;
      this.controlBuyers += r.orders > 0 ? 1 : 0;
      this.controlAmountFen += r.amountFen;
    } else {
      this.recipients++;
      this.orders += r.orders;
      this.buyers += r.orders > 0 ? 1 : 0;
      this.amountFen += r.amountFen;
    }
  }

  row(key: string, label: string, spend: { segments: number; yuan: number }): EffectRow {
    const rate = this.recipients ? this.buyers / this.recipients : null;
    const controlRate = this.control ? this.controlBuyers / this.control : null;
    const both = rate !== null && controlRate !== null;
    const amount = Math.round(this.amountFen) / 100;
    const smallest = Math.min(this.buyers, this.recipients - this.buyers, this.controlBuyers, this.control - this.controlBuyers);
    return {
      key,
      label,
      attributable: this.attributable,
      campaigns: this.campaigns.size,
      recipients: this.recipients,
      orders: this.orders,
      buyers: this.buyers,
      amount,
      rate,
      control: this.control,
      controlOrders: this.controlOrders,
      controlBuyers: this.controlBuyers,
      controlAmount: Math.round(this.controlAmountFen) / 100,
      controlRate,
      uplift: both ? rate - controlRate : null,
      upliftMargin: both ? 1.96 * Math.sqrt((rate * (1 - rate)) / this.recipients + (controlRate * (1 - controlRate)) / this.control) : null,
      tooFew: both && smallest < EFFECT_MIN_CONVERSIONS,
      segments: spend.segments,
      cost: spend.yuan,
      roi: spend.yuan > 0 && this.attributable ? Math.round((amount / spend.yuan) * 100) / 100 : null,
      windowOpen: this.windowOpen,
    };
  }
}

class Groups {
  private readonly map = new Map<string, Tally>();
  get(key: string): Tally {
    let t = this.map.get(key);
    if (!t) this.map.set(key, (t = new Tally()));
    return t;
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
  keys(): string[] {
    return [...this.map.keys()];
  }
}

const NO_SPEND = { segments: 0, yuan: 0 };
const sumSpend = (lines: Array<{ segments: number; yuan: number }>) => ({
  segments: lines.reduce((n, l) => n + l.segments, 0),
  yuan: Math.round(lines.reduce((n, l) => n + l.yuan, 0) * 100) / 100,
});

/**
 * 效果 of every send of one Beijing month (by when its numbers were accepted, as spend is) or of all time, per campaign,
 * kind, month and template, with cost from the ledger and a chart series. Attribution as in attributeOrders.
 */
export function effectOverview(ctx: Pick<CoreContext, 'db' | 'shopId' | 'clock'>, costs: CostLedger, month: string | null, days: number): EffectOverview {
  const db = ctx.db;
  const window = days * DAY_MS;
  const { from, to } = monthRange(month);
  const until = to === FAR_FUTURE ? FAR_FUTURE : new Date(Date.parse(to) + window).toISOString();
  const toMs = to === FAR_FUTURE ? Number.MAX_SAFE_INTEGER : Date.parse(to);

  const touches: ReportTouch[] = [];
  const reached = new Map<string, Reached>();
  const touched = new Set<number>();
  const touch = (campaignId: number, buyer: string, iso: string, control: boolean) => {
    const at = Date.parse(iso);
    let r: Reached | null = null;
    if (at < toMs) {
      const key = `${campaignId}\u0000${control ? 1 : 0}\u0000${buyer}`;
      r = reached.get(key) ?? null;
      if (!r) reached.set(key, (r = { campaignId, control, day: beijingDayKey(at), openUntil: 0, orders: 0, amountFen: 0 }));
      r.openUntil = Math.max(r.openUntil, at + window);
      touched.add(campaignId);
    }
    touches.push({ buyer, campaignId, control, at, reached: r });
  };
  for (const t of db.prepare(EFFECT_SQL.touches).all(ctx.shopId, from, until) as Array<{ campaignId: number; buyer: string; at: string }>)
    touch(t.campaignId, t.buyer, t.at, false);
  for (const t of db.prepare(EFFECT_SQL.control).all(ctx.shopId, from, until) as Array<{ campaignId: number; buyer: string; at: string }>)
    touch(t.campaignId, t.buyer, t.at, true);

  if (touches.length) {
    const buyers = new Set(touches.map((t) => t.buyer));
    const paid = new Set<string>(PURCHASE_STATUSES);
    const orders: AttributableOrder[] = [];
    const rows = db
      .prepare(EFFECT_SQL.orders)
      .all(ctx.shopId, from ? Date.parse(from) : 0, until === FAR_FUTURE ? Number.MAX_SAFE_INTEGER : Date.parse(until)) as Array<{
      buyer: string;
      tid: string;
      created: number;
      status: string;
      fen: number | null;
    }>;
    for (const o of rows)
      if (buyers.has(o.buyer)) orders.push({ buyer: o.buyer, tid: o.tid, created: o.created, paid: paid.has(o.status), paymentFen: o.fen ?? 0 });
    attributeOrders(touches, orders, days, (o, t) => {
      if (!t.reached) return;
      t.reached.orders++;
      t.reached.amountFen += o.paid ? o.paymentFen : 0;
    });
  }

  const spend = costs.spend(month ?? undefined);
  const spendByCampaign = new Map(spend.byCampaign.map((c) => [c.campaignId, c]));
  const ids = [...new Set([...spendByCampaign.keys(), ...touched])];
  const meta = new Map((db.prepare(EFFECT_SQL.campaigns).all(JSON.stringify(ids), ctx.shopId) as CampaignMeta[]).map((c) => [c.id, c] as const));
  const now = ctx.clock.now();

  const byCampaign = new Groups();
  const byKind = new Groups();
  const byMonth = new Groups();
  const byTemplate = new Groups();
  const byPeriod = new Groups();
  const total = new Tally();
  const periodOf = (day: string) => (month ? day : day.slice(0, 7));
  for (const id of ids) {
    const c = meta.get(id);
    if (!c) continue;
    // Order sends are attributable even before anyone was reached; phone-list sends never are.
    for (const t of [byCampaign.get(String(id)), byKind.get(effectKindOf(c)), byTemplate.get(c.templateCode), total]) {
      t.attributable ||= c.audience === 'orders';
      t.campaigns.add(id);
    }
  }
  for (const r of reached.values()) {
    const c = meta.get(r.campaignId);
    if (!c) continue;
    const groups = [byCampaign.get(String(r.campaignId)), byKind.get(effectKindOf(c)), byTemplate.get(c.templateCode), byMonth.get(r.day.slice(0, 7))];
    for (const t of [...groups, byPeriod.get(periodOf(r.day)), total]) t.add(r, now);
  }
  for (const m of spend.byMonth) byMonth.get(m.month);

  const campaigns: EffectCampaignRow[] = ids
    .filter((id) => meta.has(id))
    .sort((a, b) => b - a)
    .map((id) => {
      const c = meta.get(id)!;
      return {
        ...byCampaign.get(String(id)).row(String(id), c.name, spendByCampaign.get(id) ?? NO_SPEND),
        campaignId: id,
        kind: effectKindOf(c),
        templateCode: c.templateCode,
        templateName: c.templateName,
        segmentName: c.segmentName,
        controlPercent: c.segmentName !== null ? c.controlPercent : null,
      };
    });
  const kindRank = (k: string) => (KIND_ORDER.includes(k) ? KIND_ORDER.indexOf(k) : KIND_ORDER.length);
  const kinds = byKind
    .keys()
    .sort((a, b) => kindRank(a) - kindRank(b) || a.localeCompare(b))
    .map((k) => byKind.get(k).row(k, k, sumSpend(campaigns.filter((c) => c.kind === k).map((c) => ({ segments: c.segments, yuan: c.cost })))));
  const spendByMonth = new Map(spend.byMonth.map((m) => [m.month, m]));
  const months = byMonth
    .keys()
    .sort()
    .map((m) => byMonth.get(m).row(m, m, spendByMonth.get(m) ?? NO_SPEND));
  const spendByTemplate = new Map(spend.byTemplate.map((t) => [t.template, t]));
  const templates = byTemplate
    .keys()
    .map((code) =>
      byTemplate
        .get(code)
        .row(
          code,
          spendByTemplate.get(code)?.templateName ?? campaigns.find((c) => c.templateCode === code)?.templateName ?? code,
          spendByTemplate.get(code) ?? NO_SPEND,
        ),
    )
    .sort((a, b) => b.cost - a.cost || b.amount - a.amount || a.key.localeCompare(b.key));

  const periodSpend = new Map<string, number>(month ? spend.byDay.map((d) => [d.day, d.yuan]) : spend.byMonth.map((m) => [m.month, m.yuan]));
  const series: EffectPoint[] = periods(month, [...periodSpend.keys(), ...byPeriod.keys()]).map((period) => ({
    period,
    cost: periodSpend.get(period) ?? 0,
    amount: byPeriod.has(period) ? Math.round(byPeriod.get(period).amountFen) / 100 : 0,
  }));

  return {
    month,
    days,
    countFailedDeliveries: spend.countFailedDeliveries,
    total: total.row('total', '', { segments: spend.segments, yuan: spend.yuan }),
    campaigns,
    kinds,
    months,
    templates,
    series,
  };
}

/** The chart's x axis: every day of the month, or every month from the first to the last with data. */
function periods(month: string | null, present: string[]): string[] {
  const out: string[] = [];
  if (month) {
    for (let day = `${month}-01`; day.startsWith(month); day = beijingDayKey(beijingDayStart(day) + DAY_MS)) out.push(day);
    return out;
  }
  const sorted = [...new Set(present)].sort();
  if (!sorted.length) return out;
  const last = sorted[sorted.length - 1]!;
  for (let m = sorted[0]!; m <= last;) {
    out.push(m);
    const [y, mm] = m.split('-').map(Number) as [number, number];
    m = mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
  }
  return out;
}
