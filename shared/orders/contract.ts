import { z } from 'zod';
import { NoInput, pageInput, request, short, type Page } from '../contract-kit';
import { TRADE_STATUSES, type TradeStatus } from './status';

// Orders (issue 17): order events from TMC via RocketMQ, backfill from the trade APIs, the order list and detail.
// Times are Beijing 'yyyy-MM-dd HH:mm:ss' strings (the platform's own format), null when unknown.
// No receiver field exists anywhere in this contract: receiver name / phone / address are never kept.

/** Order numbers are 19-digit integers: always text, never a JS number. */
export const Tid = z
  .string()
  .trim()
  .regex(/^\d{1,24}$/, '订单号只能是数字');
const BeijingDateTime = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/, '时间格式为 yyyy-MM-dd HH:mm:ss');
const Amount = z.number().min(0).max(100_000_000);

export interface OrderItem {
  title: string;
  num: number;
}

export interface OrderSummary {
  tid: string;
  /** TOP trade status (TRADE_STATUSES); '' while only a refund/logistics event is known. */
  status: TradeStatus | '';
  buyerOpenUid: string;
  /** Masked: first character + "**". */
  buyerNick: string;
  /** Yuan as the platform writes it ("100.00"), '' when unknown. */
  payment: string;
  created: string | null;
  payTime: string | null;
  consignTime: string | null;
  endTime: string | null;
  items: OrderItem[];
  /** Events in the order's timeline. */
  events: number;
  /** TOP refund_status of the latest refund event, '' when none. */
  refundStatus: string;
  /** Logistics SIGNED time, null before. */
  signedTime: string | null;
}

export interface OrderEventView {
  id: number;
  /** TMC topic, or 'sync' for a change found by backfill / detail fetch. */
  topic: string;
  source: 'mq' | 'sync';
  /** Trade status this event implies ('' = none). */
  status: string;
  at: string | null;
  receivedAt: string;
  /** Non-buyer facts of the event: oid, payment, refund_id, refund_fee, action, company_name, out_sid, rater … */
  detail: Record<string, string>;
}

export interface OrderDetail extends OrderSummary {
  type: string;
  postFee: string;
  refundFee: string;
  /** Last logistics action (SIGNED, SENT_CITY …) with carrier and waybill. */
  logistics: { action: string; company: string; outSid: string } | null;
  timeline: OrderEventView[];
  /** Where the details came from: the platform just now, or only what events and earlier syncs told. */
  detailSource: 'platform' | 'local';
  detailFetchedAt: string | null;
  /** Why the platform could not be asked (code 11 outside Jushita, offline …); the local view is still shown. */
  detailError: OrdersProblem | null;
  /** Every SMS sent (or being sent) for this order, newest first. */
  messages: OrderMessage[];
}

/** One SMS for an order (SendingModule.sendsForOrder). */
export interface OrderMessage {
  campaignId: number;
  campaignName: string;
  /** CampaignKind of shared/sending/contract.ts. */
  campaignKind: string;
  templateCode: string;
  templateName: string;
  /** RecipientStatus of shared/sending/contract.ts (accepted = the platform took it). */
  status: string;
  /** Why it was skipped / rejected / unconfirmed ('' otherwise). */
  reason: string;
  delivery: 'pending' | 'delivered' | 'failed' | 'unknown' | null;
  errCode: string | null;
  /** Submitted (Beijing 'yyyy-MM-dd HH:mm:ss'), else when the campaign was created. */
  at: string;
}

/** A refusal explained for the seller: code (stable), message (Chinese: what it means, what to do). */
export interface OrdersProblem {
  code: 'trade-api-restricted' | 'not-configured' | 'network' | 'top-error';
  message: string;
  topCode?: number;
  subCode?: string;
}

export const SYNC_STATES = ['idle', 'running', 'done', 'failed', 'cancelled'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

export interface OrdersSyncJob {
  id: number;
  state: SyncState;
  /** increment = trades.sold.increment.get by modified time; initial = trades.sold.get by created time (first import). */
  kind: 'increment' | 'initial';
  from: string;
  to: string;
  /** Walked backwards: everything between cursor and `to` is done. */
  cursor: string;
  synced: number;
  pages: number;
  calls: number;
  startedAt: string;
  finishedAt: string | null;
  error: OrdersProblem | null;
}

export interface OrdersSyncOverview {
  /** Newest order event received from MQ. */
  lastEventAt: string | null;
  /** Last completed backfill and what it covered up to. */
  lastBackfillAt: string | null;
  coveredUntil: string | null;
  /** Time not covered by the poller or a backfill (from the coverage mark to now), null when none. */
  gap: { from: string; to: string } | null;
  job: OrdersSyncJob | null;
  /** Set while the platform refuses the trade APIs (code 11): shown in 订单 and setup; no retry until asked. */
  blocked: OrdersProblem | null;
  orders: number;
}

export const OrdersListInput = z
  .object({
    ...pageInput(200),
    status: z.array(z.enum(TRADE_STATUSES)).max(TRADE_STATUSES.length).optional(),
    /** Created time range (Beijing). */
    createdFrom: BeijingDateTime.optional(),
    createdTo: BeijingDateTime.optional(),
    minPayment: Amount.optional(),
    maxPayment: Amount.optional(),
    /** Item title contains. */
    item: short(64).optional(),
    /** Order number, whole or its beginning. */
    tid: z
      .string()
      .trim()
      .regex(/^\d{0,24}$/, '订单号只能是数字')
      .optional(),
    buyerOpenUid: short(128).optional(),
  })
  .strict();
export type OrdersListQuery = z.output<typeof OrdersListInput>;

export const OrdersSyncStartInput = z
  .object({
    /** Sync from this time (Beijing) instead of the coverage mark. */
    since: BeijingDateTime.optional(),
    /** First import: days back (default from settings, at most 90). */
    days: z.number().int().min(1).max(90).optional(),
  })
  .strict();

/** The orders settings of the current shop (the seller nick is per shop; the rest applies to the profile). */
export interface OrdersSettingsView {
  sellerNick: string;
  firstImportDays: number;
  backfillOverlapMinutes: number;
  incrementSpanMinutes: number;
  oaidMaxAgeHours: number;
  oaidOrderMaxAgeDays: number;
  syncOnStart: boolean;
}

export const OrdersSettingsInput = z
  .object({
    sellerNick: short(64),
    firstImportDays: z.number().int().min(1).max(90),
    backfillOverlapMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
    incrementSpanMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60),
    oaidMaxAgeHours: z
      .number()
      .int()
      .min(1)
      .max(7 * 24),
    oaidOrderMaxAgeDays: z.number().int().min(1).max(365),
    syncOnStart: z.boolean(),
  })
  .partial()
  .strict();

export interface OrdersChangedEvent {
  tids: string[];
  cause: 'event' | 'sync' | 'detail';
}

export const ordersRequests = {
  'orders.list': request<OrdersPage>()(OrdersListInput),
  /** Detail with timeline; fetches trade.fullinfo.get when the order is opened and its details are missing or old. */
  'orders.get': request<OrderDetail>()(z.object({ tid: Tid, refresh: z.boolean().optional() }).strict()),
  /** Starts (or resumes) a backfill on the limiter's low-priority lane; progress comes as orders.sync.progress. */
  'orders.sync.start': request<OrdersSyncJob>()(OrdersSyncStartInput),
  'orders.sync.cancel': request<OrdersSyncJob | null>()(NoInput),
  'orders.sync.status': request<OrdersSyncJob | null>()(NoInput),
  /** For the status bar and 概览. */
  'orders.syncState': request<OrdersSyncOverview>()(NoInput),
  'orders.settings.get': request<OrdersSettingsView>()(NoInput),
  /** Only the given fields change; an empty seller nick is filled again by the next order event. */
  'orders.settings.save': request<OrdersSettingsView>()(OrdersSettingsInput),
} as const;

export const ordersEvents = {
  'orders.changed': z.custom<OrdersChangedEvent>(),
  'orders.sync.progress': z.custom<OrdersSyncJob>(),
} as const;

/** total is exact without filters; with filters it stops counting 2,000 past the page (totalCapped: show "n+", it grows as the list scrolls). */
export type OrdersPage = Page<OrderSummary> & { totalCapped: boolean };
