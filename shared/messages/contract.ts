import { z } from 'zod';
import { request, short, type Page } from '../contract-kit';

// Messages consumed from the seller's RocketMQ (issue 5): delivery reports, replies (短信上行) and the quarantine.

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

export const messagesRequests = {
  'messages.deliveries.list': request<MessagePage<DeliveryReport>>()(
    z.object({ ...MessagePageInput, bizId: short(128).optional(), phone: short(32).optional(), success: z.boolean().optional() }).strict(),
  ),
  'messages.replies.list': request<MessagePage<SmsReply>>()(z.object({ ...MessagePageInput, phone: short(32).optional() }).strict()),
  'messages.quarantine.list': request<MessagePage<QuarantinedMessage>>()(z.object(MessagePageInput).strict()),
} as const;

export const messagesEvents = {
  'delivery.updated': z.custom<DeliveryUpdatedEvent>(),
  'reply.received': z.custom<ReplyReceivedEvent>(),
} as const;
