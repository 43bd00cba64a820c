import { z } from 'zod';
import { NoInput, RowId, request, short, type FilePayload } from '../contract-kit';
import { Month } from '../costs/contract';
import { TRADE_STATUSES } from '../orders/status';

// Audiences (issue 19): segments of the shop's buyers (by buyer_open_uid) built from the local order store.
//
// A purchase (成交) is an order paid and not closed. Buyer-level conditions read a buyer's purchases: recency
// (lastOrderWithinDays / lastOrderBeforeDays / firstOrderWithinDays, by the order's created time), frequency
// (minOrders), amount (minAmount, yuan; topAmountPercent), plus refunded (any order refunded or closed after payment)
// and notMessagedDays (no SMS accepted for the buyer within N days; order sends only — a phone-list send names no buyer). Order-level conditions (status, boughtItem)
// pick orders: a buyer belongs to the segment when every buyer-level condition holds and at least one of their orders
// matches the order-level ones (with none given, every order matches). All conditions are ANDed.
// `orders` counts the matching orders of the matching buyers; a send to the segment uses each buyer's most recent one.

const Days = z.number().int().min(1).max(3650);

export const SegmentRule = z
  .object({
    /** Last purchase at most N days ago. */
    lastOrderWithinDays: Days.optional(),
    /** Last purchase more than N days ago (buyers who never bought are not included). */
    lastOrderBeforeDays: Days.optional(),
    /** First purchase at most N days ago (new buyers). */
    firstOrderWithinDays: Days.optional(),
    /** At least N purchases. */
    minOrders: z.number().int().min(0).max(1_000_000).optional(),
    /** Purchases add up to at least this many yuan. */
    minAmount: z.number().min(0).max(100_000_000).optional(),
    /** The top P % of buyers by purchase amount (ties at the edge all included). */
    topAmountPercent: z.number().min(1).max(100).optional(),
    /** An order whose item titles contain this text. */
    boughtItem: short(64).min(1).optional(),
    /**
     * No SMS accepted for the buyer in the last N days. Only order sends (segment, 订单 source, automations) count: a send
     * to phone numbers cannot be tied to a buyer (the platform gives no buyer for a number).
     */
    notMessagedDays: Days.optional(),
    /** An order in one of these TOP statuses (e.g. WAIT_BUYER_CONFIRM_GOODS = shipped, not received yet). */
    status: z.array(z.enum(TRADE_STATUSES)).min(1).max(TRADE_STATUSES.length).optional(),
    /** true: has a refunded order; false: has none. */
    refunded: z.boolean().optional(),
  })
  .strict();
export type SegmentRule = z.output<typeof SegmentRule>;

export interface SegmentCount {
  buyers: number;
  orders: number;
}

export interface SegmentView extends SegmentCount {
  id: number;
  name: string;
  rule: SegmentRule;
  createdAt: string;
  updatedAt: string;
}

export interface SegmentPreset {
  key: 'new-30d' | 'lapsed-90d' | 'high-value' | 'dormant';
  name: string;
  nameEn: string;
  /** What the rule means, in words (zh-CN). */
  description: string;
  rule: SegmentRule;
}

/** RFM presets, defined plainly so a seller can read and edit them. */
export const SEGMENT_PRESETS: readonly SegmentPreset[] = [
  { key: 'new-30d', name: '近30天新客', nameEn: 'New in 30 days', description: '第一次成交在最近 30 天内的买家。', rule: { firstOrderWithinDays: 30 } },
  {
    key: 'lapsed-90d',
    name: '90天未复购老客',
    nameEn: 'No repeat in 90 days',
    description: '最近一次成交在 90–180 天前的买家（买过，但 90 天没有再买）。',
    rule: { lastOrderBeforeDays: 90, lastOrderWithinDays: 180 },
  },
  {
    key: 'high-value',
    name: '高价值客户',
    nameEn: 'High value',
    description: '成交金额排在前 20% 的买家（边界上金额相同的都算在内）。',
    rule: { topAmountPercent: 20 },
  },
  { key: 'dormant', name: '沉睡客户', nameEn: 'Dormant', description: '最近一次成交在 180 天以前的买家。', rule: { lastOrderBeforeDays: 180 } },
];

export const SegmentSaveInput = z.object({ name: short(50).min(1), rule: SegmentRule }).strict();

export interface SegmentChangedEvent {
  id: number;
}

/** The control group of a segment send: a share of the buyers (0–50 %) or a number of them, drawn at random. */
export const SegmentControl = z.union([
  z.object({ percent: z.number().min(0).max(50) }).strict(),
  z.object({ buyers: z.number().int().min(0).max(1_000_000) }).strict(),
]);
export type SegmentControl = z.output<typeof SegmentControl>;

/** How many of `buyers` a control group holds back: P % rounded, or N buyers (at most all of them). */
export function controlSize(buyers: number, control: SegmentControl): number {
  return 'percent' in control ? Math.round((buyers * control.percent) / 100) : Math.min(control.buyers, buyers);
}

/** Who a segment send goes to: a saved segment (re-evaluated now) or the rule being edited. */
export const SegmentSource = z.union([z.object({ segmentId: RowId }).strict(), z.object({ rule: SegmentRule, name: short(50).min(1).optional() }).strict()]);
export type SegmentSource = z.output<typeof SegmentSource>;

/** A draft campaign's recipients become the segment's buyers but the control group (campaigns.importOrders for the rest). */
export const SegmentImportInput = z.object({ campaignId: RowId, source: SegmentSource, control: SegmentControl }).strict();

/** What a segment send recorded: the segment as evaluated, the buyers held back, the ones sent to. */
export interface SegmentSendView {
  campaignId: number;
  segmentId: number | null;
  segmentName: string;
  /** Buyers of the segment when it was evaluated. */
  buyers: number;
  /** Held back at random, never sent. */
  control: number;
  controlPercent: number;
  /** The rest: their most recent matching orders are the campaign's recipients. */
  sent: number;
}

/**
 * 效果 of one send: recipients' orders created within `days` after it (the end included), one order to at most one
 * send (the latest before it), against its control group. Amounts in yuan (2 decimals); roi = amount / cost (null at
 * no cost). attributable = false for a phone-list campaign: its recipients carry no buyer_open_uid.
 */
export interface EffectReport {
  campaignId: number;
  name: string;
  days: number;
  attributable: boolean;
  recipients: number;
  control: number;
  orders: number;
  buyers: number;
  amount: number;
  cost: number;
  roi: number | null;
  controlOrders: number;
  controlBuyers: number;
  controlAmount: number;
}

/** Default attribution window (days after the send), as CRM tools default to; 1–15 allowed. */
export const EFFECT_DEFAULT_DAYS = 3;
const EffectDays = z.number().int().min(1).max(15);
/** Without days: the `costs.effectDays` setting. */
export const EffectInput = z.object({ campaignId: RowId, days: EffectDays.optional() }).strict();

/**
 * Below this many conversions (or non-conversions) in either group, uplift is shown as 样本太少: the usual condition
 * for comparing two rates with the normal approximation (n·p ≥ 5 and n·(1 − p) ≥ 5 in each group). At a 2 % rate that
 * already asks for 250 buyers per group, which is how small-shop tests really behave.
 */
export const EFFECT_MIN_CONVERSIONS = 5;

/** How a campaign came about, for the per-kind table: an automation's kind, a segment send, an order or phone send. */
export type EffectKind = 'segment' | 'orders' | 'phones' | 'single' | 'resend' | `automation:${string}`;

/**
 * One row of the 效果 tables: a campaign, a kind of send, a month (of the send) or a template. Counts are per send:
 * recipients = buyers a send reached (one per buyer and campaign), buyers = those of them with an attributed order,
 * rate = buyers / recipients; the same for the control group (held back, never sent). uplift = rate − controlRate with
 * margin = the 95 % half-width (normal approximation); tooFew when either group has fewer than EFFECT_MIN_CONVERSIONS
 * conversions or non-conversions. Amounts and cost in yuan (2 decimals), roi = amount / cost. attributable = false for
 * phone-list sends (no buyer id): they show cost only. windowOpen: a send's window has not ended yet (still counting).
 */
export interface EffectRow {
  key: string;
  label: string;
  attributable: boolean;
  campaigns: number;
  recipients: number;
  orders: number;
  buyers: number;
  amount: number;
  rate: number | null;
  control: number;
  controlOrders: number;
  controlBuyers: number;
  controlAmount: number;
  controlRate: number | null;
  uplift: number | null;
  upliftMargin: number | null;
  tooFew: boolean;
  segments: number;
  cost: number;
  roi: number | null;
  windowOpen: boolean;
}

export interface EffectCampaignRow extends EffectRow {
  campaignId: number;
  kind: EffectKind;
  templateCode: string;
  templateName: string;
  /** The segment a segment send went to and its control share (%), else null. */
  segmentName: string | null;
  controlPercent: number | null;
}

/** Spend and attributed paid amount per day (a month's report) or per month (all time), for the chart. */
export interface EffectPoint {
  period: string;
  cost: number;
  amount: number;
}

export interface EffectOverview {
  /** 'yyyy-MM' (Beijing) or null = all time; sends are placed by when they were accepted, as spend is. */
  month: string | null;
  days: number;
  countFailedDeliveries: boolean;
  total: EffectRow;
  campaigns: EffectCampaignRow[];
  kinds: EffectRow[];
  months: EffectRow[];
  templates: EffectRow[];
  series: EffectPoint[];
}

export const EffectReportInput = z.object({ month: Month.optional(), days: EffectDays.optional() }).strict();

export const audiencesRequests = {
  /** Saved segments with their counts, re-evaluated now. */
  'segments.list': request<SegmentView[]>()(NoInput),
  /** The live count while editing. */
  'segments.count': request<SegmentCount>()(z.object({ rule: SegmentRule }).strict()),
  /** Saves under a name (the same name replaces that segment's rule). */
  'segments.save': request<SegmentView>()(SegmentSaveInput),
  'segments.delete': request<{ deleted: true }>()(z.object({ id: RowId }).strict()),
  /** A draft's recipients from a segment, with a control group drawn and recorded (the CLI's send --segment does the same). */
  'segments.import': request<SegmentSendView>()(SegmentImportInput),
  /** The segment send a campaign records, or null (not a segment send). */
  'segments.sendOf': request<SegmentSendView | null>()(z.object({ campaignId: RowId }).strict()),
  'effect.get': request<EffectReport>()(EffectInput),
  /** 效果 page: every send of a month (or all time) per campaign, kind, month and template, with cost and a chart series. */
  'effect.report': request<EffectOverview>()(EffectReportInput),
  /** The same tables as CSV (UTF-8 BOM, one section per table) or XLSX (one sheet per table). */
  'effect.export': request<FilePayload>()(EffectReportInput.extend({ format: z.enum(['csv', 'xlsx']) }).strict()),
} as const;

export const audiencesEvents = {
  'segments.changed': z.custom<SegmentChangedEvent>(),
} as const;
