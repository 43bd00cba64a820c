import { z } from 'zod';
import { NoInput, pageInput, request, type Page } from '../contract-kit';

// Automations (issue 18): order-triggered SMS — 催付, 发货提醒, 签收关怀, 退款提醒, 好评邀请. Each kind is one rule per
// shop, off by default. Triggers are persisted when the order event is seen; a decision loop sends each due item at
// most once (or skips it with one reason from a closed list). Times are Beijing 'yyyy-MM-dd HH:mm:ss'.

/** Kinds by their CLI names (stable). */
export const AUTOMATION_KINDS = ['urge-pay', 'shipped', 'signed', 'refund', 'review'] as const;
export type AutomationKind = (typeof AUTOMATION_KINDS)[number];

/** Why an item was not sent (stable strings: CLI JSON and the log; the UI shows them in words). */
export const SKIP_REASONS = [
  'paid',
  'closed',
  'quiet-hours',
  'capped',
  'duplicate',
  'opted-out',
  'template-not-approved',
  'no-oaid',
  'stale',
  'refund',
  'rated',
  'disabled',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** sent → a ledger row exists (campaignId); skipped → one reason; waiting → not decided yet. */
export const DECISION_OUTCOMES = ['sent', 'skipped', 'waiting'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** Outside the send window: 次日发送 (in the first hour the window is open; missed → dropped) or 不发送. */
export const OUTSIDE_WINDOW = ['next-day', 'skip'] as const;
export type OutsideWindow = (typeof OUTSIDE_WINDOW)[number];

/** 退款提醒 fires on the refund states the seller picks. */
export const REFUND_TRIGGERS = ['created', 'seller-agree', 'success'] as const;
export type RefundTrigger = (typeof REFUND_TRIGGERS)[number];

/** Delay limits per kind, minutes (CRM practice: 催付 10–2880; 好评邀请 0–15 days, whole days). */
export const DELAY_LIMITS: Readonly<Record<AutomationKind, { min: number; max: number; step: number; default: number }>> = {
  'urge-pay': { min: 10, max: 2880, step: 1, default: 30 },
  shipped: { min: 0, max: 1440, step: 1, default: 0 },
  signed: { min: 0, max: 2880, step: 1, default: 120 },
  refund: { min: 0, max: 1440, step: 1, default: 0 },
  review: { min: 0, max: 15 * 1440, step: 1440, default: 1440 },
};
/** 预关闭催付: X minutes before the platform closes an unpaid order (72 h after creation). */
export const PRE_CLOSE_LIMITS = { min: 30, max: 1440 } as const;
export const UNPAID_CLOSE_MINUTES = 72 * 60;
/** Per-buyer cap across all kinds, per Beijing day. */
export const BUYER_CAP_LIMITS = { min: 1, max: 10, default: 1 } as const;

export interface DailyWindowView {
  /** 'HH:mm' Beijing. */
  start: string;
  end: string;
}

export interface AutomationCounts {
  /** Triggers seen in the period (by the time the order event was seen). */
  triggered: number;
  /** Decided in the period. */
  sent: number;
  skipped: number;
  skippedBy: Partial<Record<SkipReason, number>>;
}

export interface AutomationRuleView {
  kind: AutomationKind;
  enabled: boolean;
  /** Template code (SMS_…), '' when none is chosen. */
  template: string;
  sign: string;
  /** Minutes after the trigger (好评邀请: whole days × 1440). */
  delayMinutes: number;
  window: DailyWindowView;
  outsideWindow: OutsideWindow;
  /** 催付 only: also send X minutes before the 72 h close (null = off). */
  preCloseMinutes: number | null;
  /** 退款提醒 only: which refund states trigger it. */
  refundStates: RefundTrigger[];
  /** How long after its due time an item is still worth sending (stale after). */
  staleAfterMinutes: number;
  /** The chosen template as the local store knows it: approved on the platform, and whether it is 推广 (marketing). */
  templateState: { approved: boolean; marketing: boolean; name: string; content: string } | null;
  /** Open triggers (not decided, not stale) waiting for this rule. */
  waiting: number;
  counts: { today: AutomationCounts; week: AutomationCounts };
  updatedAt: string | null;
}

/** Shop-wide automation settings. */
export interface AutomationSettingsView {
  /** SMS per buyer (buyer_open_uid) per Beijing day across all kinds. */
  buyerDailyCap: number;
}

const HHmm = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式为 HH:mm');
const Code = z.string().trim().max(64);

export const AutomationRuleInput = z
  .object({
    kind: z.enum(AUTOMATION_KINDS),
    enabled: z.boolean().optional(),
    /**
     * With enabled: true on a disabled rule: true = the open triggers the enable check counted go out too; false =
     * only triggers from now on (the open ones are logged as skipped, 'disabled'). Required when enabling.
     */
    coverOpen: z.boolean().optional(),
    template: Code.optional(),
    sign: z.string().trim().max(64).optional(),
    delayMinutes: z
      .number()
      .int()
      .min(0)
      .max(15 * 1440)
      .optional(),
    window: z.object({ start: HHmm, end: HHmm }).strict().optional(),
    outsideWindow: z.enum(OUTSIDE_WINDOW).optional(),
    preCloseMinutes: z.number().int().min(PRE_CLOSE_LIMITS.min).max(PRE_CLOSE_LIMITS.max).nullable().optional(),
    refundStates: z.array(z.enum(REFUND_TRIGGERS)).min(1).max(REFUND_TRIGGERS.length).optional(),
  })
  .strict();
export type AutomationRuleInput = z.output<typeof AutomationRuleInput>;

/** Beijing 'yyyy-MM-dd HH:mm(:ss)'. */
const BeijingDateTime = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/, '时间格式为 yyyy-MM-dd HH:mm:ss');

export const AutomationPreviewInput = z
  .object({
    /** Decide as of this Beijing time (default now); nothing is sent or stored. */
    at: BeijingDateTime.optional(),
    kind: z.enum(AUTOMATION_KINDS).optional(),
    limit: z.number().int().min(1).max(5000).default(500),
  })
  .strict();

export interface AutomationPreviewItem {
  tid: string;
  kind: AutomationKind;
  dueAt: string;
  decision: 'send' | 'skip' | 'wait';
  reason?: SkipReason;
}
export interface AutomationPreview {
  at: string;
  items: AutomationPreviewItem[];
  /** All items considered (items may be cut at limit). */
  total: number;
  counts: { send: number; skip: number; wait: number };
}

/** "How many would go out now" before the seller enables a rule. */
export interface AutomationEnableCheck {
  kind: AutomationKind;
  /** Open triggers (not decided yet). */
  open: number;
  /** Of those, due now and would be sent now (window, caps, order state as known locally). */
  wouldSendNow: number;
  /** Not due yet: would go out later. */
  later: number;
  /** Would be skipped now, by reason (stale ones included). */
  wouldSkip: Partial<Record<SkipReason, number>>;
  /** Problems that block sending at all (no approved template, no signature …), Chinese. */
  blockers: string[];
}

export const AutomationLogInput = z
  .object({
    ...pageInput(500),
    kind: z.enum(AUTOMATION_KINDS).optional(),
    outcome: z.enum(DECISION_OUTCOMES).optional(),
    reason: z.enum(SKIP_REASONS).optional(),
    /** Order number, whole or its beginning. */
    tid: z
      .string()
      .trim()
      .regex(/^\d{0,24}$/, '订单号只能是数字')
      .optional(),
  })
  .strict();
export type AutomationLogQuery = z.output<typeof AutomationLogInput>;

export interface AutomationDecisionView {
  id: number;
  tid: string;
  kind: AutomationKind;
  /** What triggered it: the TMC topic, or 'pre-close' for 预关闭催付. */
  trigger: string;
  /** When the order event was seen. */
  triggeredAt: string;
  dueAt: string;
  decidedAt: string | null;
  outcome: DecisionOutcome;
  reason?: SkipReason;
  /** Ledger campaign the SMS went out in (sent). */
  campaignId?: number;
  /** The ledger's own outcome for this order once known: accepted / rejected / unconfirmed … */
  sendStatus?: string;
}

export const AutomationEffectInput = z
  .object({
    /** Look back this many days of 催付 (CRM practice: up to 29). */
    days: z.number().int().min(1).max(29).default(7),
  })
  .strict();

/** 催付 effect: orders paid within 24 h after their 催付 was sent. */
export interface UrgePayEffect {
  days: number;
  /** 催付 sent in the period (催付数). */
  urged: number;
  /** Of those, paid within 24 h after the send (响应数). */
  responded: number;
  /** responded / urged, 0..1 (响应率); 0 when none urged. */
  rate: number;
  /** Sum of those orders' payment, yuan "123.45" (响应金额). */
  amount: string;
}

export interface AutomationRunResult {
  decided: number;
  sent: number;
  skipped: Partial<Record<SkipReason, number>>;
}

export interface AutomationsChangedEvent {
  kinds: AutomationKind[];
  cause: 'rule' | 'triggered' | 'decided' | 'sent';
}

export const AutomationSettingsInput = z
  .object({ buyerDailyCap: z.number().int().min(BUYER_CAP_LIMITS.min).max(BUYER_CAP_LIMITS.max) })
  .partial()
  .strict();

export const automationsRequests = {
  /** The five rules (always five, in AUTOMATION_KINDS order) with today's and 7 days' counts. */
  'automations.list': request<AutomationRuleView[]>()(NoInput),
  /** Changes only the given fields; a decided item is never re-sent by a change. Enabling needs coverOpen. */
  'automations.save': request<AutomationRuleView>()(AutomationRuleInput),
  /** Before enabling: how many open triggers would go out now / later / be skipped. */
  'automations.enableCheck': request<AutomationEnableCheck>()(z.object({ kind: z.enum(AUTOMATION_KINDS) }).strict()),
  'automations.preview': request<AutomationPreview>()(AutomationPreviewInput),
  /** Decision log, newest first. */
  'automations.log': request<Page<AutomationDecisionView>>()(AutomationLogInput),
  'automations.effect': request<UrgePayEffect>()(AutomationEffectInput),
  'automations.settings.get': request<AutomationSettingsView>()(NoInput),
  'automations.settings.save': request<AutomationSettingsView>()(AutomationSettingsInput),
} as const;

export const automationsEvents = {
  'automations.changed': z.custom<AutomationsChangedEvent>(),
} as const;
