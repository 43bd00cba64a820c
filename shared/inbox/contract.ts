import { z } from 'zod';
import { NoInput, RowId, request, short, type Page } from '../contract-kit';
import { DailyWindowSchema, PHONE_MASKS, type InboxSettings } from '../settings/schema';
import type { SuppressionEntry, SuppressionReason } from '../suppression/contract';

// Inbox (issue 11): one thread per phone (replies + what we sent), unread counts, opt-out flags, search.

/**
 * Per reply: none | certain (suppressed at ingest) | likely (疑似退订, waits for the seller) | confirmed (the seller
 * confirmed a likely one: suppressed) | dismissed (the seller said it is not an opt-out).
 */
export const OPT_OUT_FLAGS = ['none', 'certain', 'likely', 'confirmed', 'dismissed'] as const;
export type OptOutFlag = (typeof OPT_OUT_FLAGS)[number];

/** What became of an SMS we sent: in flight, taken by the platform, delivered / failed per report, or 未确认. */
export type SentState = 'sending' | 'submitted' | 'delivered' | 'failed' | 'unconfirmed';

export interface ThreadSummary {
  phone: string;
  unread: number;
  /** ISO UTC of the newest message (reply or sent). */
  lastAt: string;
  lastKind: 'reply' | 'sent';
  /** Preview of the newest message (raw, the UI renders it inert). */
  lastText: string;
  replies: number;
  sent: number;
  /** On the 免打扰名单 (either reason). */
  blocked: boolean;
  /** Why it is on the list: 退订 (no marketing) or 拉黑 (nothing); null when it is not. */
  listReason: SuppressionReason | null;
  /** A 疑似退订 reply waits for the seller's confirmation. */
  likelyOptOut: boolean;
}

export interface ReplyMessage {
  kind: 'reply';
  id: number;
  text: string;
  at: string;
  /** The platform's own time string (Beijing time), as sent. */
  senderTime: string;
  signName: string;
  read: boolean;
  optOut: OptOutFlag;
  /** The reply may come from a buyer reached by OAID but could not be linked to their order: why (Chinese), else ''. */
  unlinkedNote: string;
}
export interface SentMessage {
  kind: 'sent';
  /** campaign_recipients.id */
  id: number;
  /** Rendered with the recipient's own values, 【签名】 first. */
  text: string;
  at: string;
  state: SentState;
  errCode: string;
  campaignId: number;
  campaignName: string;
  bizId: string | null;
}
export type ThreadMessage = ReplyMessage | SentMessage;

export interface ThreadView {
  phone: string;
  unread: number;
  blocked: SuppressionEntry | null;
  /** The newest reply still flagged 疑似退订 (one-click confirm), or null. */
  likelyOptOutReplyId: number | null;
  /** Newest first. */
  messages: ThreadMessage[];
  /** More, older messages exist (load with a bigger limit). */
  hasMore: boolean;
}

export interface UnreadSummary {
  /** Unread replies over all threads. */
  total: number;
  threads: number;
}

export const THREAD_FILTERS = ['all', 'unread', 'likely', 'blocked'] as const;
export type ThreadFilter = (typeof THREAD_FILTERS)[number];

export const InboxSettingsInput = z
  .object({
    doNotDisturb: DailyWindowSchema.nullable(),
    notificationPhoneMask: z.enum(PHONE_MASKS),
    webNotifications: z.boolean(),
    optOutKeywords: z.array(z.string().trim().min(1).max(32)).min(1).max(100),
    likelyOptOutPhrases: z.array(z.string().trim().min(1).max(32)).max(100),
  })
  .strict();

const Phone = short(32).min(1);

// ---- events ----
export interface InboxChangedEvent {
  /** Threads that changed (new messages, read state, flags, block). */
  phones: string[];
}
export interface InboxOpenThreadEvent {
  /** null = the inbox (a grouped notification from several numbers). */
  phone: string | null;
}

export const inboxRequests = {
  /** Newest first. Search (numbers, reply and sent text): ≥ 3 characters via FTS5 trigram, shorter via a bounded scan. */
  'inbox.threads': request<Page<ThreadSummary> & { unread: UnreadSummary }>()(
    z
      .object({
        filter: z.enum(THREAD_FILTERS).default('all'),
        search: short(64).optional(),
        page: z.number().int().min(1).max(100_000).default(1),
        pageSize: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
  ),
  'inbox.thread': request<ThreadView>()(z.object({ phone: Phone, limit: z.number().int().min(1).max(1000).default(200) }).strict()),
  'inbox.unread': request<UnreadSummary>()(NoInput),
  'inbox.markRead': request<UnreadSummary>()(z.object({ phone: Phone, read: z.boolean() }).strict()),
  /** 拉黑 / 取消拉黑: the shop's suppression list (source manual). */
  'inbox.block': request<ThreadSummary | null>()(z.object({ phone: Phone, blocked: z.boolean(), confirm: z.literal(true) }).strict()),
  /** 疑似退订: confirm (→ suppression, source reply) or dismiss. */
  'inbox.decideOptOut': request<ThreadSummary | null>()(z.object({ replyId: RowId, optOut: z.boolean() }).strict()),
  'inbox.settings': request<InboxSettings>()(NoInput),
  'inbox.saveSettings': request<InboxSettings>()(InboxSettingsInput),
} as const;

export const inboxEvents = {
  'inbox.changed': z.custom<InboxChangedEvent>(),
  /** Unread total changed (nav badge, window title, tray tooltip, dock/taskbar badge). */
  'inbox.unread': z.custom<UnreadSummary>(),
  /** A desktop notification was clicked: the renderer opens the thread. */
  'inbox.openThread': z.custom<InboxOpenThreadEvent>(),
  /** The inbox section of the settings was saved (notification and opt-out rules). */
  'inbox.settingsChanged': z.custom<InboxSettings>(),
} as const;
