import { z } from 'zod';
import { NoInput, request, type FilePayload } from '../contract-kit';

// Cost and balance (issue 19, 费用). Jushita exposes no balance or cost API, so the app computes both from its own
// ledger: billed segments (条: ≤ 70 characters → 1, else 67 each, 【签名】 included) of numbers the platform accepted,
// times the price per segment the seller enters. Whether the platform bills failed deliveries is not documented:
// `countFailedDeliveries` decides (default: counted, so the balance shown is never higher than it may really be).

export const COST_KINDS = ['notification', 'marketing'] as const;
/** notification also prices verification templates; marketing = template type 2. */
export type CostKind = (typeof COST_KINDS)[number];

/**
 * Default price per billed segment until the seller enters their own: 0.05 元/条, the figure the public CRM code
 * (数云 CCMS) hard-codes. Jushita's real price depends on the seller's package.
 */
export const DEFAULT_PRICE_YUAN = 0.05;

/** Yuan with at most 4 decimals (prices like 0.0375 元/条). */
const Yuan = (max: number) =>
  z
    .number()
    .min(0)
    .max(max)
    .refine((v) => Math.abs(Math.round(v * 10_000) - v * 10_000) < 1e-6, '金额最多 4 位小数');

export interface BalanceView {
  /** Yuan now (the last amount set + top-ups − spend since), null until the seller sets one. */
  yuan: number | null;
  /** When the balance was last set (ISO UTC). */
  setAt: string | null;
  /** Spend counted against it since then (yuan). */
  spentYuan: number;
}

export interface CostSettingsView {
  /** Yuan per billed segment. */
  prices: Record<CostKind, number>;
  /** Kinds still on DEFAULT_PRICE_YUAN (the seller has not entered a price). */
  defaultPrices: CostKind[];
  countFailedDeliveries: boolean;
  /** 效果's attribution window (days after a send), the `costs.effectDays` setting. */
  effectDays: number;
  balance: BalanceView;
}

export interface SpendLine {
  segments: number;
  /** Yuan, 2 decimals. */
  yuan: number;
}
export interface SpendReport extends SpendLine {
  /** 'yyyy-MM' (Beijing) or null = all time. */
  month: string | null;
  countFailedDeliveries: boolean;
  byTemplate: Array<SpendLine & { template: string; templateName: string }>;
  byCampaign: Array<SpendLine & { campaignId: number; name: string; kind: string; templateCode: string }>;
  byDay: Array<SpendLine & { day: string }>;
  byMonth: Array<SpendLine & { month: string }>;
}

/** The 费用 part of 检查: what this send will cost and whether the balance covers it. */
export interface SendCostEstimate {
  kind: CostKind;
  /** Billed segments of the numbers that will be sent. */
  segments: number;
  unitPrice: number;
  yuan: number;
  /** null when no balance was set. */
  balanceYuan: number | null;
  /** Segments the balance still pays for (floor), null without a balance or at a price of 0. */
  affordableSegments: number | null;
  overBalance: boolean;
}

export const Month = z
  .string()
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式为 yyyy-MM');

export const CostSettingsInput = z
  .object({
    notification: Yuan(10).optional(),
    marketing: Yuan(10).optional(),
    countFailedDeliveries: z.boolean().optional(),
    effectDays: z.number().int().min(1).max(15).optional(),
  })
  .strict();

export const costsRequests = {
  'costs.get': request<CostSettingsView>()(NoInput),
  /** Prices apply from now on (a seller's first price replaces the default for the past too). */
  'costs.save': request<CostSettingsView>()(CostSettingsInput),
  /** The balance is this much now (what the platform's console shows). */
  'costs.setBalance': request<CostSettingsView>()(z.object({ yuan: Yuan(100_000_000) }).strict()),
  'costs.topUp': request<CostSettingsView>()(
    z
      .object({ yuan: Yuan(100_000_000) })
      .strict()
      .refine((v) => v.yuan > 0, '充值金额必须大于 0'),
  ),
  'costs.spend': request<SpendReport>()(z.object({ month: Month.optional() }).strict()),
  /** Spend per campaign (and its template) as CSV with a UTF-8 BOM, for Excel. */
  'costs.exportCsv': request<FilePayload>()(z.object({ month: Month.optional() }).strict()),
} as const;

export const costsEvents = {
  'costs.changed': z.custom<CostSettingsView>(),
} as const;
