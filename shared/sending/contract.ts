import { z } from 'zod';
import { RowId, pageInput, request, short, type FilePayload, type Page } from '../contract-kit';
import { RecipientMapping, RecipientSource, type ImportProgress, type SourceFormat } from '../recipients/contract';
import { DELIVERY_STATES, type DeliveryCounts, type DeliveryState } from '../history/rate';
import type { TemplateType } from '../sms';
import { ORDER_FIELDS, type OrderField } from '../orders/fields';
import { Tid } from '../orders/contract';
import { TRADE_STATUSES } from '../orders/status';
import type { SendCostEstimate } from '../costs/contract';

// Sending (issue 9): campaigns and their crash-safe ledger. Recipients, uploads and suppression have their own contracts.
// Spec: ../shared/spec/top-api.md §2.4 (batchsend ≤ 200 numbers), §2.6 (num.query), §2.8, §4.

// ---- states ----
/**
 * draft → (scheduled) → sending ⇄ paused → completed | cancelled.
 * missed = its scheduled time passed while the app was not running; it waits for the seller (never fires late).
 */
export const CAMPAIGN_STATES = ['draft', 'scheduled', 'sending', 'paused', 'completed', 'cancelled', 'missed'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/**
 * One status per recipient row.
 * Import time: valid | duplicate | invalid | suppressed.
 * Preparation / send time: skipped (frequency guard, or blocked/opted out before its chunk went out) | queued (in a
 * chunk not sent yet) | in_flight | accepted (the platform took it: biz_id known) | rejected (definite failure, with
 * sub_code and reason) | unconfirmed (an unknown outcome that num.query could not confirm: 未确认, resend is the
 * seller's explicit choice) | cancelled.
 */
export const RECIPIENT_STATUSES = [
  'valid',
  'duplicate',
  'invalid',
  'suppressed',
  'skipped',
  'queued',
  'in_flight',
  'accepted',
  'rejected',
  'unconfirmed',
  'cancelled',
] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

/** prepared → in_flight (committed before the call) → accepted | rejected | unknown → (reconciled); cancelled. */
export const CHUNK_STATES = ['prepared', 'in_flight', 'accepted', 'rejected', 'unknown', 'reconciled', 'cancelled'] as const;
export type ChunkState = (typeof CHUNK_STATES)[number];

/** Why a campaign paused or waits (stable code for the UI and the CLI; message is Chinese). */
export const PAUSE_REASONS = [
  'manual',
  'session', // TOP 27: the shop's authorisation expired
  'permission', // TOP 11
  'balance', // isv.AMOUNT_NOT_ENOUGH / OUT_OF_SERVICE
  'template', // isv.SMS_TEMPLATE_ILLEGAL
  'signature', // isv.SMS_SIGNATURE_ILLEGAL
  'quiet-hours', // the marketing window closed
  'network', // the gateway stayed unreachable
  'unconfirmed', // done except 未确认 numbers awaiting the seller's decision
  'missed', // scheduled time passed while not running
  'throttled', // a long code-7 ban
  'error',
] as const;
export type PauseReasonCode = (typeof PAUSE_REASONS)[number];
export interface PauseReason {
  code: PauseReasonCode;
  message: string;
}

export interface CampaignCounts {
  rows: number;
  valid: number;
  duplicate: number;
  invalid: number;
  suppressed: number;
  skipped: number;
  queued: number;
  inFlight: number;
  /** accepted by the platform */
  submitted: number;
  rejected: number;
  unconfirmed: number;
  cancelled: number;
  /** Order campaigns: order rows, distinct buyers among them, rows without an OAID. null for phone campaigns. */
  orders: number | null;
  buyers: number | null;
  noOaid: number | null;
}

export interface SegmentStats {
  min: number;
  max: number;
  /** Billed segments over all recipients that will be / were sent. */
  total: number;
}

// ---- campaigns ----
/** automation: created by an automation (issue 18) through SendingModule.createOrderSend. */
export type CampaignKind = 'campaign' | 'single' | 'resend' | 'automation';
/** Who a campaign sends to: phone numbers, or the buyers of orders (by OAID + order id). */
export const CAMPAIGN_AUDIENCES = ['phones', 'orders'] as const;
export type CampaignAudience = (typeof CAMPAIGN_AUDIENCES)[number];

/** How an order campaign fills its template: one SMS per buyer (their most recent chosen order) or per order. */
export interface OrderSendOptions {
  perOrder: boolean;
  /** Template variable → order field; a variable named like a field maps to it without an entry. */
  varMap: Record<string, OrderField>;
}

export interface CampaignTemplateRef {
  /** Local sms_templates.id when known locally. */
  id: number | null;
  code: string;
  name: string;
  type: TemplateType;
  content: string;
}

export interface CampaignView {
  id: number;
  name: string;
  kind: CampaignKind;
  audience: CampaignAudience;
  /** Order campaigns only. */
  orderOptions: OrderSendOptions | null;
  state: CampaignState;
  reason: PauseReason | null;
  template: CampaignTemplateRef | null;
  signName: string;
  shortLink: { id: number; url: string; expiresAt: string | null } | null;
  /** ${var} → value for every recipient (columns win). */
  constants: Record<string, string>;
  mapping: RecipientMapping | null;
  source: { format: SourceFormat; fileName: string | null; sheet: string | null; encoding: string | null } | null;
  /** ISO UTC; null = send now. */
  scheduledAt: string | null;
  /** Marketing: resume by itself when the next sending window opens (次日自动续发). */
  autoResumeNextDay: boolean;
  /** Frequency guard: skip numbers this shop sent marketing to within N days (0 = off). */
  frequencyDays: number;
  counts: CampaignCounts;
  /** Delivery reports of the numbers sent: the same figures 发送记录 shows (HistoryQueries counts). */
  delivery: DeliveryCounts;
  segments: SegmentStats;
  /** Numbers accounted for (accepted + rejected + unconfirmed + skipped + cancelled) of those to send. */
  progress: { total: number; done: number; etaSeconds: number | null };
  importProgress: ImportProgress | null;
  parentId: number | null;
  createdAt: string;
  updatedAt: string;
  preparedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export type CampaignSummary = Pick<
  CampaignView,
  | 'id'
  | 'name'
  | 'kind'
  | 'audience'
  | 'state'
  | 'reason'
  | 'signName'
  | 'counts'
  | 'delivery'
  | 'segments'
  | 'progress'
  | 'scheduledAt'
  | 'createdAt'
  | 'updatedAt'
  | 'startedAt'
  | 'finishedAt'
> & { templateName: string; templateCode: string };

export interface RecipientRow {
  id: number;
  /** Row in the source (1-based, header excluded). */
  rowNo: number;
  /** '' for order rows. */
  phone: string;
  /** Order rows: the order number (exact text) and the buyer's nick, masked; null / '' for phone rows. */
  tid: string | null;
  buyerNick: string;
  /** What the number column shows: the number (or the cell as read), an order row as 发送记录 shows it (masked order · buyer). */
  shown: string;
  /** The cell as read, for invalid rows. */
  raw: string;
  status: RecipientStatus;
  /** Chinese reason for invalid/duplicate/suppressed/skipped/rejected rows. */
  reason: string;
  vars: Record<string, string>;
  chunkIndex: number | null;
  bizId: string | null;
  subCode: string | null;
  segments: number | null;
  submittedAt: string | null;
  /** Accepted rows: the number's delivery state, from the same column as 发送记录 (null before acceptance). */
  delivery: DeliveryState | null;
  /** The failure report's err_code (or num.query's), '' when none. */
  errCode: string;
  reportedAt: string | null;
}

export interface TestSends {
  /** settings.sending.testNumbers */
  numbers: string[];
  sends: Array<Pick<CampaignView, 'id' | 'state' | 'reason' | 'counts' | 'delivery' | 'createdAt'> & { phones: string[] }>;
}

export type CheckSeverity = 'error' | 'warning' | 'info';
export interface CheckItem {
  severity: CheckSeverity;
  /** Stable code, e.g. 'variable-missing', 'quiet-hours', 'short-link-expiry', 'frequency-guard'. */
  code: string;
  /** Chinese. */
  message: string;
  /** Source rows concerned (first 20). */
  rows?: number[];
  count?: number;
}
export interface PreviewMessage {
  /** The number, or for an order row the masked order number. */
  phone: string;
  text: string;
  chars: number;
  segments: number;
}
/** 检查: everything the seller confirms before the send. ready = no error items. */
export interface PreSendCheck {
  ready: boolean;
  items: CheckItem[];
  counts: CampaignCounts;
  /** Numbers the frequency guard will skip. */
  frequencySkipped: number;
  /** Numbers on the 免打扰名单 this send skips (拉黑 since the import; 退订 for marketing). */
  doNotSendSkipped: number;
  /** Final number of recipients the campaign will send to. */
  finalRecipients: number;
  segments: SegmentStats;
  /** 费用: billed segments of the numbers that will be sent, the price, and whether the balance covers it. */
  cost: SendCostEstimate;
  previews: PreviewMessage[];
  /** Marketing only: today's window in Beijing time and whether now is inside it. */
  sendingWindow: { applies: boolean; start: string; end: string; openNow: boolean; nextOpenAt: string | null };
  scheduledAt: string | null;
  /** Order campaigns only. */
  orders: OrderCheck | null;
}

/** Why an order cannot be sent by OAID (stable codes; message Chinese). */
export const NO_OAID_CODES = ['trade-api-restricted', 'oaid-field-miss', 'order-too-old', 'not-found', 'not-configured', 'network', 'top-error'] as const;
export type NoOaidCode = (typeof NO_OAID_CODES)[number];

export interface OrderCheck {
  /** Order rows that will be sent (after per-buyer dedupe, suppression and skips). */
  orders: number;
  buyers: number;
  /** Rows without an OAID, grouped by reason. */
  noOaid: number;
  noOaidReasons: Array<{ code: NoOaidCode; message: string; count: number }>;
  /** Orders past the check's OAID look-ups (CHECK_OAID_LOOKUPS): their OAIDs are fetched right before their chunk. */
  oaidLater: number;
  /** Rows skipped because a template variable has no value for the order. */
  missingVariables: number;
  missingReasons: Array<{ variable: string; field: string; count: number }>;
  /** Rows left out as another order of the same buyer (one SMS per buyer). */
  sameBuyer: number;
  /** Buyers on the do-not-send list. */
  suppressedBuyers: number;
}

export const OrderFieldSchema = z.enum(ORDER_FIELDS);
const VarMap = z.record(short(64).min(1), OrderFieldSchema);
const BeijingDateTime = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/, '时间格式为 yyyy-MM-dd HH:mm:ss');
export const OrderFilterSchema = z
  .object({
    status: z.array(z.enum(TRADE_STATUSES)).max(TRADE_STATUSES.length).optional(),
    createdFrom: BeijingDateTime.optional(),
    createdTo: BeijingDateTime.optional(),
    minPayment: z.number().min(0).max(100_000_000).optional(),
    maxPayment: z.number().min(0).max(100_000_000).optional(),
    item: short(64).optional(),
  })
  .strict();
export type OrderFilter = z.output<typeof OrderFilterSchema>;
/** At most this many orders in one order campaign (a filter matching more is refused with the number). */
export const MAX_ORDERS_PER_CAMPAIGN = 20_000;
export const ImportOrdersInput = z
  .object({
    id: RowId,
    tids: z.array(Tid).min(1).max(MAX_ORDERS_PER_CAMPAIGN).optional(),
    filter: OrderFilterSchema.optional(),
    perOrder: z.boolean().default(false),
    vars: VarMap.optional(),
  })
  .strict()
  .refine((v) => (v.tids === undefined) !== (v.filter === undefined), { message: '请给出订单号或筛选条件（二选一）', path: ['tids'] });

export const CampaignUpdateInput = z
  .object({
    id: RowId,
    name: short(100).min(1).optional(),
    /** Local approved template (sms_templates.id). */
    templateId: RowId.optional(),
    signName: short(64).optional(),
    shortLinkId: RowId.nullable().optional(),
    constants: z.record(short(64).min(1), z.string().max(500)).optional(),
    scheduledAt: z.iso.datetime().nullable().optional(),
    autoResumeNextDay: z.boolean().optional(),
    frequencyDays: z.number().int().min(0).max(90).optional(),
  })
  .strict();

export const MissedDecision = z.enum(['sendNow', 'reschedule', 'cancel']);

// ---- events ----
export interface CampaignChangedEvent {
  id: number;
  state: CampaignState;
}
export interface CampaignProgressEvent {
  id: number;
  state: CampaignState;
  counts: CampaignCounts;
  progress: CampaignView['progress'];
}
export const sendingRequests = {
  'campaigns.list': request<CampaignSummary[]>()(z.object({ states: z.array(z.enum(CAMPAIGN_STATES)).max(CAMPAIGN_STATES.length).optional() }).strict()),
  'campaigns.get': request<CampaignView>()(z.object({ id: RowId }).strict()),
  'campaigns.create': request<CampaignView>()(z.object({ name: short(100).optional() }).strict()),
  /** Drafts only; edits after the start are refused. */
  'campaigns.update': request<CampaignView>()(CampaignUpdateInput),
  /** Replaces the draft's recipients: parse (streamed, in main), normalise, dedupe, suppress. Progress: campaigns.importProgress. */
  'campaigns.importRecipients': request<CampaignView>()(z.object({ id: RowId, source: RecipientSource, mapping: RecipientMapping }).strict()),
  /**
   * Replaces the draft's recipients with the buyers of orders (pasted order numbers or a filter): one row per order,
   * the buyer's older orders marked duplicate unless perOrder, unknown orders invalid, opted-out buyers suppressed.
   */
  'campaigns.importOrders': request<CampaignView>()(ImportOrdersInput),
  'campaigns.recipients': request<Page<RecipientRow>>()(
    z
      .object({
        id: RowId,
        statuses: z.array(z.enum(RECIPIENT_STATUSES)).max(RECIPIENT_STATUSES.length).optional(),
        /** Accepted rows in these delivery states (已送达 / 失败 / 等待回执 / 未知). */
        deliveries: z.array(z.enum(DELIVERY_STATES)).max(DELIVERY_STATES.length).optional(),
        search: short(32).optional(),
        ...pageInput(500),
      })
      .strict(),
  ),
  /** Invalid / duplicate (or any) rows as CSV with a UTF-8 BOM, so Excel shows Chinese. */
  'campaigns.exportRows': request<FilePayload>()(
    z.object({ id: RowId, statuses: z.array(z.enum(RECIPIENT_STATUSES)).min(1).max(RECIPIENT_STATUSES.length) }).strict(),
  ),
  'campaigns.check': request<PreSendCheck>()(z.object({ id: RowId }).strict()),
  /** Prepares the ledger (chunks of ≤ 200, fixed) and sends now or at scheduledAt. */
  'campaigns.start': request<CampaignView>()(z.object({ id: RowId, confirm: z.literal(true) }).strict()),
  'campaigns.pause': request<CampaignView>()(z.object({ id: RowId }).strict()),
  'campaigns.resume': request<CampaignView>()(z.object({ id: RowId }).strict()),
  'campaigns.cancel': request<CampaignView>()(z.object({ id: RowId }).strict()),
  /** 未确认 numbers go out again as new chunks with new task_signs (the seller's explicit choice). */
  'campaigns.resendUnconfirmed': request<CampaignView>()(z.object({ id: RowId }).strict()),
  /** 改时间 of a scheduled campaign that has not started: re-checked for the new time, refused with the reason if it fails. */
  'campaigns.reschedule': request<CampaignView>()(z.object({ id: RowId, scheduledAt: z.iso.datetime() }).strict()),
  /** 修改 of a scheduled campaign that has not started: back to draft (it will not fire) until confirmed again. */
  'campaigns.edit': request<CampaignView>()(z.object({ id: RowId }).strict()),
  'campaigns.decideMissed': request<CampaignView>()(z.object({ id: RowId, action: MissedDecision, at: z.iso.datetime().optional() }).strict()),
  /**
   * One approved template to one number (the inbox's 发送模板), through the same ledger, suppression and frequency
   * checks as a campaign: a campaign of kind 'single' that starts at once.
   */
  'campaigns.sendSingle': request<CampaignView>()(
    z
      .object({
        phone: short(32).min(1),
        templateId: RowId,
        signName: short(64).min(1),
        vars: z.record(short(64).min(1), z.string().max(500)).default({}),
      })
      .strict(),
  ),
  /**
   * 测试发送: the campaign's message (its template, signature, values of its first number) to the seller's own
   * numbers (1–5, kept in settings.sending.testNumbers), as a separate single send: never counted in the campaign.
   */
  'campaigns.testSend': request<CampaignView>()(z.object({ id: RowId, phones: z.array(short(32).min(1)).min(1).max(5) }).strict()),
  /** The saved test numbers and this campaign's test sends (newest first), with their delivery as reports come. */
  'campaigns.testSends': request<TestSends>()(z.object({ id: RowId }).strict()),
  /** Drafts (and finished campaigns' drafts only). */
  'campaigns.delete': request<{ deleted: true }>()(z.object({ id: RowId }).strict()),
} as const;

export const sendingEvents = {
  /** State transitions, import finished, settings of a draft changed. */
  'campaigns.changed': z.custom<CampaignChangedEvent>(),
  /** While sending (throttled to a few per second). */
  'campaigns.progress': z.custom<CampaignProgressEvent>(),
  'campaigns.importProgress': z.custom<ImportProgress>(),
} as const;
