import { hash } from 'node:crypto';
import { parseBeijingDateTime } from '../../../shared/time/beijing';
import { isTradeStatus, maskNick, ORDER_TOPICS, type OrderTopic, type TradeStatus } from '../../../shared/orders/status';

/**
 * One TMC trade / refund / logistics message body (orders-oaid.md §2) reduced to what the app keeps. This is the
 * privacy boundary: the parsed type has no receiver field at all and the buyer nick leaves here masked. Ids arrive as
 * JSON numbers or strings; the MQ decoder has already turned 16+ digit integers into exact text.
 */
export interface ParsedOrderEvent {
  topic: OrderTopic;
  tid: string;
  /** seller_nick of the body, else the envelope's user_nick; '' when neither says. */
  sellerNick: string;
  buyerOpenUid: string;
  /** First character + "**". */
  buyerNick: string;
  /** Trade status this event states or implies, null when it says nothing about it. */
  status: TradeStatus | null;
  /** When the fact happened (body modified / time, else the envelope's pub_time), epoch ms. */
  at: number | null;
  /** Non-buyer facts, all text. */
  detail: Record<string, string>;
  /** topic + tid + content: the same event in another wrapping or under another MessageId has the same key. */
  eventKey: string;
}

/** What the envelope around the body told (absent for a raw body). */
export interface EnvelopeMeta {
  userNick?: string;
  pubTime?: string;
}

/**
 * The fields read from a body. Checked by hand, not with a zod schema: this runs for every consumed message and a zod
 * object parse costs ~20 µs here, as much as the rest of the ingest path (the SMS parser in mq/parse.ts does the same).
 * Strings are trimmed, numbers (small ids) become their exact text, null is absent; any other type is refused.
 */
const BODY_FIELDS = ['tid', 'seller_nick', 'buyer_nick', 'buyer_open_uid', 'status', 'modified', 'time'] as const;
type BodyField = (typeof BODY_FIELDS)[number];
const TID_PATTERN = /^\d{1,24}$/;
const MAX_FIELD_LENGTH = 256;

function readFields(body: Record<string, unknown>): Partial<Record<BodyField, string>> | OrderParseFailure {
  const out: Partial<Record<BodyField, string>> = {};
  for (const field of BODY_FIELDS) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') return { field, problem: 'field-type' };
    const text = String(value).trim();
    if (text.length > MAX_FIELD_LENGTH) return { field, problem: 'field-type' };
    out[field] = text;
  }
  if (out.tid === undefined) return { field: 'tid', problem: 'field-missing' };
  if (out.tid === '') return { field: 'tid', problem: 'field-empty' };
  if (!TID_PATTERN.test(out.tid)) return { field: 'tid', problem: 'field-type' };
  return out;
}

/** Facts copied into the timeline. Deliberately a whitelist: anything else in a body (e.g. a logistics `desc`, which
 * can name whoever signed) is never stored. */
const DETAIL_FIELDS = [
  'oid',
  'type',
  'payment',
  'post_fee',
  'num_iid',
  'sub_order_id',
  'refund_id',
  'refund_fee',
  'refund_phase',
  'bill_type',
  'action',
  'company_name',
  'out_sid',
  'rater',
] as const;

export type OrderParseFailure = { field: string; problem: 'field-missing' | 'field-empty' | 'field-type' };

export function parseOrderBody(topic: OrderTopic, body: Record<string, unknown>, envelope: EnvelopeMeta = {}): ParsedOrderEvent | OrderParseFailure {
  const b = readFields(body);
  if ('problem' in b) return b;
  const tid = b.tid!;
  const detail: Record<string, string> = {};
  for (const key of DETAIL_FIELDS) {
    const value = body[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
      const s = String(value).trim();
      if (s) detail[key] = s.slice(0, 200);
    }
  }
  const group = ORDER_TOPICS[topic].group;
  const implied = ORDER_TOPICS[topic].status;
  // A trade message's own status (e.g. TradeClose says TRADE_CLOSED vs TRADE_CLOSED_BY_TAOBAO) is the better fact.
  const status = group === 'trade' && isTradeStatus(b.status) ? b.status : implied;
  const at = timeOf(b.modified) ?? timeOf(b.time) ?? timeOf(envelope.pubTime);
  return {
    topic,
    tid,
    sellerNick: b.seller_nick || envelope.userNick?.trim() || '',
    buyerOpenUid: (b.buyer_open_uid ?? '').slice(0, 128),
    buyerNick: maskNick(b.buyer_nick ?? ''),
    status,
    at,
    detail,
    eventKey: eventKey(topic, tid, body),
  };
}

function timeOf(value: string | null | undefined): number | null {
  return value ? parseBeijingDateTime(value) : null;
}

/**
 * Hash of the decoded body. Raw, envelope and Base64 forms carry the same content JSON, and 16+ digit ids are text by
 * now whether they came as numbers or strings, so a repeat in another wrapping or under another MessageId has the same
 * key. (Key order is the publisher's and stays the same for one event; sorting it cost more than the rest of the key.)
 */
export function eventKey(topic: string, tid: string, body: Record<string, unknown>): string {
  return `${topic}:${tid}:${hash('sha256', JSON.stringify(body), 'base64url').slice(0, 22)}`;
}

/**
 * A body that is quarantined after it was recognised as an order message is kept for audit minus buyer data:
 * receiver_* and buyer_nick values are blanked (TMC does not send receiver fields, but a hostile body might).
 */
export function scrubOrderBody(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (/^receiver_|^buyer_nick$|mobile|phone|address/i.test(key)) out[key] = '***';
    else if (value && typeof value === 'object' && !Array.isArray(value)) out[key] = scrubOrderBody(value as Record<string, unknown>);
    else out[key] = value;
  }
  return out;
}

/** An order event as stored in order_events (the ingest hook derives the order's state from these). */
export interface StoredOrderEvent extends ParsedOrderEvent {
  id: number;
  messageId: string;
  /** The fact time, else the MQ publish time, else when it was received (epoch ms). */
  at: number;
  receivedAt: number;
}
