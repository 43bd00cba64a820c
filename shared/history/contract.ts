import type { DeliveryCounts } from './rate';
import { z } from 'zod';
import { RowId, request, short, type FilePayload, type RequestDef } from '../contract-kit';
import { CAMPAIGN_STATES, type CampaignKind, type CampaignState } from '../sending/contract';

// Delivery history (issue 10): every submitted number's fate, reconciliation, charts, export, resend failed.

// Defined next to DeliveryCounts so the sending contract can use them without an import cycle.
import { DELIVERY_STATES, type DeliveryState } from './rate';
export { DELIVERY_STATES, type DeliveryState };

export interface HistoryCampaign {
  id: number;
  name: string;
  kind: CampaignKind;
  state: CampaignState;
  templateName: string;
  templateCode: string;
  signName: string;
  counts: DeliveryCounts;
  /** delivered / sent (0..1), null before anything was sent. */
  deliveryRate: number | null;
  /** Billed segments of the numbers sent. */
  billedSegments: number;
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
}

export interface DailyDelivery extends Omit<DeliveryCounts, 'sent'> {
  /** Beijing day 'YYYY-MM-DD'. */
  day: string;
  sent: number;
}

export interface ErrCodeCount {
  /** '' = a failure without a code. */
  errCode: string;
  count: number;
}

export interface DeliveryBucket {
  /** Start of the bucket, ISO UTC. */
  at: string;
  delivered: number;
  failed: number;
  /** Numbers submitted but still without a final state at the end of this bucket. */
  pending: number;
}

export interface HistoryCampaignDetail {
  campaign: HistoryCampaign;
  errCodes: ErrCodeCount[];
  /** Deliveries over time (time of the deciding report), in buckets sized to the campaign's span. */
  timeline: { bucketMinutes: number; buckets: DeliveryBucket[] };
  reconcile: { lastRunAt: string | null; waiting: number };
}

export interface HistoryNumber {
  id: number;
  rowNo: number;
  /** As shown in Chinese (exports, CLI): the number, or an order row as 订单 <tid> · 张**. */
  phone: string;
  /** The ledger key (number or `tid:<tid>`) and the masked buyer nick, for the UI to show in its language. */
  key: string;
  buyerNick: string;
  delivery: DeliveryState;
  errCode: string;
  bizId: string;
  submittedAt: string | null;
  /** Time of the deciding report / query result, ISO UTC. */
  reportedAt: string | null;
  reportCount: number;
  source: 'report' | 'query' | null;
  checkedAt: string | null;
  vars: Record<string, string>;
}

export type TimelineEventKind = 'prepared' | 'submitted' | 'report' | 'query' | 'reply' | 'unknown';
export interface TimelineEvent {
  kind: TimelineEventKind;
  /** ISO UTC (null when the platform's time did not parse). */
  at: string | null;
  /** report: '1' | '2' (kept verbatim otherwise); query: sms_status. */
  state?: string;
  errCode?: string;
  /** This event decided the final state. */
  final?: boolean;
  /** reply text (inert) */
  text?: string;
}
export interface NumberTimeline {
  recipientId: number;
  campaignId: number;
  campaignName: string;
  phone: string;
  delivery: DeliveryState | null;
  errCode: string;
  events: TimelineEvent[];
}

export interface NumberSend {
  recipientId: number;
  campaignId: number;
  campaignName: string;
  templateName: string;
  submittedAt: string | null;
  delivery: DeliveryState | null;
  errCode: string;
  bizId: string;
}

/** One num.query record, for a number sent outside this app. */
export interface PlatformSmsRecord {
  phone: string;
  status: 'waiting' | 'failed' | 'delivered' | 'unknown';
  statusCode: number;
  resultCode: string;
  templateCode: string;
  content: string;
  sentAt: string;
  receivedAt: string;
}

export interface ReconcileChange {
  campaignId: number;
  recipientId: number;
  phone: string;
  from: DeliveryState;
  to: DeliveryState;
  errCode: string;
}
export interface ReconcileResult {
  checked: number;
  changed: ReconcileChange[];
  /** Still pending after the run. */
  stillPending: number;
  /** Became 未知 (past history.unknownAfterHours, or outside the 30-day query window). */
  becameUnknown: number;
  /** Calls that failed (network, auth…); those numbers are retried on the next run. */
  errors: number;
  /** Chinese, when the run could not start (TOP not configured, vault locked). */
  problem?: string;
}

export interface ResendResult {
  draftId: number;
  numbers: number;
  excludedDelivered: number;
  excludedSuppressed: number;
  /** Numbers whose report code says not to send again (blacklisted, 空号), left out unless included. */
  excludedDoNotResend: number;
}

export interface HistoryChangedEvent {
  campaignIds: number[];
}

const DateDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD');
const Phone = short(32).min(1);

export const historyRequests = {
  'history.campaigns': request<HistoryCampaign[]>()(
    z
      .object({
        /** Beijing days, inclusive. */
        from: DateDay.optional(),
        to: DateDay.optional(),
        states: z.array(z.enum(CAMPAIGN_STATES)).max(CAMPAIGN_STATES.length).optional(),
        templateCode: short(64).optional(),
        search: short(100).optional(),
      })
      .strict(),
  ),
  /** Per-day summary of the last `days` Beijing days (by submission day). */
  'history.daily': request<DailyDelivery[]>()(z.object({ days: z.number().int().min(1).max(90).default(30) }).strict()),
  'history.campaign': request<HistoryCampaignDetail>()(z.object({ id: RowId }).strict()),
  /** Per-number rows, filtered in main; offset paging for the virtual table. */
  'history.numbers': request<{ items: HistoryNumber[]; total: number; offset: number }>()(
    z
      .object({
        id: RowId,
        deliveries: z.array(z.enum(DELIVERY_STATES)).max(DELIVERY_STATES.length).optional(),
        /** Failure reason: failed rows with this err_code. */
        errCode: short(64).optional(),
        /** A whole number, its beginning (1…), or its last ≥ 4 digits. */
        search: short(32).optional(),
        offset: z.number().int().min(0).max(10_000_000).default(0),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
  ),
  'history.timeline': request<NumberTimeline>()(z.object({ recipientId: RowId }).strict()),
  /** 查询号码: every send to one number across campaigns. */
  'history.lookup': request<NumberSend[]>()(z.object({ phone: Phone }).strict()),
  /** num.query for one number and one Beijing day within the last 30 days. */
  'history.queryPlatform': request<PlatformSmsRecord[]>()(z.object({ phone: Phone, day: DateDay }).strict()),
  /** 立即核对: reconcile one campaign now (ignores the report timeout). */
  'history.reconcileNow': request<ReconcileResult>()(z.object({ id: RowId }).strict()),
  'history.export': request<FilePayload>()(
    z.object({ id: RowId, format: z.enum(['csv', 'xlsx']), deliveries: z.array(z.enum(DELIVERY_STATES)).max(DELIVERY_STATES.length).optional() }).strict(),
  ),
  /** 重发失败号码: a new draft (kind 'resend') from failed (and optionally 未知) numbers. */
  'history.resendFailed': request<ResendResult>()(
    z.object({ id: RowId, includeUnknown: z.boolean().default(false), includeDoNotResend: z.boolean().default(false) }).strict(),
  ),
} satisfies Record<string, RequestDef<z.ZodType, unknown>>;

export const historyEvents = {
  /** Delivery states changed (reports matched, reconciliation). */
  'history.changed': z.custom<HistoryChangedEvent>(),
} satisfies Record<string, z.ZodType>;
