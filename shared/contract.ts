import { z } from 'zod';
import { settingsEvents, settingsRequests } from './settings/contract';
import type { ApiErrorData } from './errors';
import { NoInput, request, short, type Page, type RequestDef } from './contract-kit';
import { demoEvents, demoRequests } from './demo/contract';
import { historyEvents, historyRequests } from './history/contract';
import { inboxEvents, inboxRequests } from './inbox/contract';
import { ordersEvents, ordersRequests } from './orders/contract';
import { sendingEvents, sendingRequests } from './sending/contract';
import { vaultRequests, type VaultState } from './vault/contract';
import { templatesEvents, templatesRequests } from './templates/contract';

/**
 * The one contract between renderer and main. Each request: name → zod input schema → result type.
 * Main parses every input with its schema before any handler runs; the renderer is untrusted.
 * Feature contracts live in shared/<feature>/contract.ts and are spread into `requests` / `events` below.
 */
// ---- result types ----
export type HostKind = 'electron' | 'browser' | 'cli';
export interface AppInfo {
  name: string;
  version: string;
  host: HostKind;
  profileDir: string;
  platform: string;
}

/** 'rejected': the gateway answered but refused the credentials (App Key, signature, session, clock) — not usable. */
export type NetworkState = 'unknown' | 'online' | 'rejected' | 'offline';
export type PollerState = 'stopped' | 'connecting' | 'polling' | 'backoff' | 'disabled';
export interface PollerStatus {
  state: PollerState;
  /** Chinese detail for the seller. */
  reason?: string;
  /** Stable key of the reason (an MQ error category or an idle cause) so the UI can localise it. */
  reasonCode?: string;
  lastMessageAt?: string;
  received: number;
  acked: number;
  quarantined: number;
}
export interface AppStatus {
  network: NetworkState;
  poller: PollerStatus;
  vault: VaultState;
}

// ---- messages: delivery reports, replies (issue 5) types ----
/** A stored delivery report (聚石塔短消息发送结果报告). Join to a send by (bizId, phone). */
export interface DeliveryReport {
  id: number;
  bizId: string;
  /** Normalised mainland number (no +86, no spaces); '' when the report has none. */
  phone: string;
  /** '1' delivered, '2' failed (other values are kept verbatim). */
  state: string;
  success: boolean;
  errCode: string;
  sendTime: string;
  /** As sent ('yyyy-MM-dd HH:mm:ss', Beijing time); part of the business key. */
  reportTime: string;
  /** reportTime as ISO-8601 UTC when it parses. */
  reportedAt: string | null;
  extend: string;
  messageId: string;
  receivedAt: string;
}
/** A stored reply (短信上行). */
export interface SmsReply {
  id: number;
  smsSeq: string;
  phone: string;
  content: string;
  /** Extension code of the number replied to (matches the send's extend_num). */
  destCode: string;
  signName: string;
  senderTime: string;
  repliedAt: string | null;
  messageId: string;
  receivedAt: string;
}
/** A pushed message that could not be parsed or classified; it was acked and kept verbatim. */
export interface QuarantinedMessage {
  id: number;
  messageId: string;
  topic: string;
  tag: string;
  body: string;
  reason: string;
  receivedAt: string;
}
export type MessagePage<T> = Page<T>;
/** One event per consumed batch: reports arrive in bulk after a campaign and only refresh views. */
export interface DeliveryUpdatedEvent {
  reports: DeliveryReport[];
}
/** One event per reply: each one may raise a desktop notification. */
export interface ReplyReceivedEvent {
  reply: SmsReply;
  /** Alert the seller (false: the number is 拉黑, or this reply is the opt-out that just put it on the list). */
  notify: boolean;
}
const MessagePageInput = {
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
};

export const requests = {
  'app.info': request<AppInfo>()(NoInput),
  'app.status': request<AppStatus>()(NoInput),

  ...vaultRequests,
  ...settingsRequests,

  ...templatesRequests,

  // ---- messages: delivery reports, replies (issue 5) ----
  'messages.deliveries.list': request<MessagePage<DeliveryReport>>()(
    z.object({ ...MessagePageInput, bizId: short(128).optional(), phone: short(32).optional(), success: z.boolean().optional() }).strict(),
  ),
  'messages.replies.list': request<MessagePage<SmsReply>>()(z.object({ ...MessagePageInput, phone: short(32).optional() }).strict()),
  'messages.quarantine.list': request<MessagePage<QuarantinedMessage>>()(z.object(MessagePageInput).strict()),

  // ---- feature contracts ----
  ...sendingRequests,
  ...historyRequests,
  ...inboxRequests,
  ...ordersRequests,
  ...demoRequests,
} as const;

export const events = {
  'status.changed': z.custom<AppStatus>(),
  ...settingsEvents,
  ...templatesEvents,
  // ---- issue 5 events ----
  'delivery.updated': z.custom<DeliveryUpdatedEvent>(),
  'reply.received': z.custom<ReplyReceivedEvent>(),
  ...sendingEvents,
  ...historyEvents,
  ...inboxEvents,
  ...ordersEvents,
  ...demoEvents,
} as const;

export type Requests = typeof requests;
export type RequestName = keyof Requests;
export type RequestInput<M extends RequestName> = z.input<Requests[M]['input']>;
export type ParsedInput<M extends RequestName> = z.output<Requests[M]['input']>;
export type RequestResult<M extends RequestName> = Requests[M] extends RequestDef<z.ZodType, infer R> ? R : never;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const REQUEST_NAMES = Object.keys(requests) as RequestName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** Electron IPC channel names (the preload knows only these two). */
export const IPC_REQUEST_CHANNEL = 'jst:request';
export const IPC_EVENT_CHANNEL = 'jst:event';

export type { ApiErrorData, RequestDef };
