import { orderRecipientKey } from '../../../shared/orders/fields';
import type { DeliveryReport, SmsReply } from '../../../shared/messages/contract';
import type { MessageKind, MqParsing } from '../../../shared/settings/schema';
import { formatQuarantineReason, type QuarantineParams, type QuarantineReasonCode } from '../../../shared/messages/quarantine';
import { normalizePhone } from '../../../shared/sending/phone';
import { parseBeijingDateTime } from '../../../shared/time/beijing';
import { isOrderTopic, looksLikeOrderTopic, type OrderTopic } from '../../../shared/orders/status';
import { parseOrderBody, scrubOrderBody, type EnvelopeMeta, type ParsedOrderEvent } from '../orders/parse';

/**
 * Parsing of pushed SMS messages (top-api.md §3). What Jushita's 消息同步 puts into the seller's RocketMQ
 * topic is undocumented, so this accepts every plausible form and says in `reason` why it gave up:
 *
 * Body forms:
 *  - the raw TMC body: {"biz_id":…,"state":…} or {"sender":…,"sms_seq":…}
 *  - a TMC-style envelope {topic, content, id, pub_time, user_id, …} whose `content` is that body as a
 *    JSON string (TMC's own format) or an already decoded object
 *  - either of the above Base64-encoded (the MQ docs recommend Base64 for bodies that are not XML-safe)
 * Classification, first decisive signal wins; a later explicit signal that disagrees quarantines:
 *  1. parsing.topicKinds[MQ topic]   (one topic per kind)
 *  2. MQ message tag                  (tag = TMC topic name is the most likely convention)
 *  3. envelope `topic` field
 *  4. body shape (biz_id+state → report, sms_seq+sender → reply) when classifyByShape
 * Order events (TMC trade / refund / logistics topics, orders-oaid.md §0) are recognised first, by the tag, the
 * envelope topic or a `topic` field in the body when the tag is empty; their bodies are parsed by orders/parse.ts.
 * Big integers (TMC ids, sms_seq) are kept as text: JSON.parse would round anything above 2^53.
 */

/** What a message body yields; the stored rows (shared/contract.ts) add id, messageId and receivedAt. */
export type ParsedReport = Omit<DeliveryReport, 'id' | 'messageId' | 'receivedAt'>;
export type ParsedReply = Omit<SmsReply, 'id' | 'messageId' | 'receivedAt'>;

export type ClassifiedBy = 'topic' | 'tag' | 'envelope' | 'shape';

export type ParseResult =
  | { kind: 'report'; report: ParsedReport; classifiedBy: ClassifiedBy; envelopeTopic: string | null }
  | { kind: 'reply'; reply: ParsedReply; classifiedBy: ClassifiedBy; envelopeTopic: string | null }
  | {
      kind: 'order';
      event: ParsedOrderEvent;
      classifiedBy: ClassifiedBy;
      envelopeTopic: string | null;
      /** What to keep if the event is refused later (another seller): the body minus buyer fields. */
      quarantineBody: () => string;
    }
  | Quarantined;

/** `reason` is the Chinese text that is stored; `reasonCode` + `reasonParams` let the UI say it in another language. */
export interface Quarantined {
  kind: 'quarantined';
  reason: string;
  reasonCode: QuarantineReasonCode;
  reasonParams: QuarantineParams;
  /** What to keep instead of the body as received (an order body minus buyer fields). */
  body?: string;
}

export function quarantined(reasonCode: QuarantineReasonCode, reasonParams: QuarantineParams = {}): Quarantined {
  return { kind: 'quarantined', reason: formatQuarantineReason(reasonCode, reasonParams), reasonCode, reasonParams };
}

export interface IncomingMessage {
  /** The seller's MQ topic the message was consumed from. */
  topic: string;
  tag: string;
  body: string;
}

/** A required field that is missing or empty, or any field that is not a string or number. */
class FieldError extends Error {
  constructor(
    readonly field: string,
    readonly problem: 'field-missing' | 'field-empty' | 'field-type',
  ) {
    super(`${field} ${problem}`);
  }
}

/** TMC sends every field as a string; numbers are accepted too (as exact text). Hand-rolled: this runs per message. */
function readText(body: Record<string, unknown>, key: string, required: boolean): string {
  const value = body[key];
  if (value === undefined || value === null) {
    if (required) throw new FieldError(key, 'field-missing');
    return '';
  }
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') throw new FieldError(key, 'field-type');
  const text = String(value).trim();
  if (required && !text) throw new FieldError(key, 'field-empty');
  return text;
}

/**
 * Reports and replies are a few hundred bytes; a body over this is not one of them. It is quarantined (acked, never
 * parsed) and only its first MAX_MESSAGE_BODY_BYTES are kept, so one huge push cannot grow the database without bound.
 */
export const MAX_MESSAGE_BODY_BYTES = 64 * 1024;

/** Byte length above the cap, or 0. Cheap for the usual short body (UTF-8 is at most 3 bytes per UTF-16 unit). */
export function oversizedBodyBytes(body: string): number {
  if (body.length * 3 <= MAX_MESSAGE_BODY_BYTES) return 0;
  const bytes = Buffer.byteLength(body, 'utf8');
  return bytes > MAX_MESSAGE_BODY_BYTES ? bytes : 0;
}

/** The first MAX_MESSAGE_BODY_BYTES of a body, cut on a character boundary. */
export function capBody(body: string): string {
  if (!oversizedBodyBytes(body)) return body;
  return Buffer.from(body, 'utf8')
    .subarray(0, MAX_MESSAGE_BODY_BYTES)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
}

export function parseMessage(message: IncomingMessage, parsing: MqParsing): ParseResult {
  const oversized = oversizedBodyBytes(message.body);
  if (oversized) {
    return quarantined('too-large', { bytes: String(oversized), limit: String(MAX_MESSAGE_BODY_BYTES) });
  }
  const decoded = decodeJson(message.body, parsing.acceptBase64);
  if (!decoded.ok) return decoded.detail === null ? quarantined('body-empty') : quarantined('body-not-json', { detail: decoded.detail });
  let body = decoded.value;
  if (Array.isArray(body)) return quarantined('body-array');
  if (!isObject(body)) return quarantined('body-not-object');

  let envelopeTopic: string | null = null;
  const envelope: EnvelopeMeta = {};
  if (parsing.unwrapEnvelope && looksLikeEnvelope(body)) {
    envelopeTopic = typeof body.topic === 'string' ? body.topic : null;
    if (typeof body.user_nick === 'string') envelope.userNick = body.user_nick;
    if (typeof body.pub_time === 'string') envelope.pubTime = body.pub_time;
    const content = body.content;
    if (typeof content === 'string') {
      const inner = decodeJson(content, false);
      if (!inner.ok) return inner.detail === null ? quarantined('envelope-content-empty') : quarantined('envelope-content-not-json', { detail: inner.detail });
      body = inner.value;
    } else {
      body = content;
    }
    if (!isObject(body)) return quarantined('envelope-content-not-object');
  }

  const order = orderTopicOf(message, envelopeTopic, body);
  if (order) {
    if (typeof order !== 'string') return order;
    const event = parseOrderBody(order, body, envelope);
    const orderBody = body;
    const quarantineBody = () => JSON.stringify(scrubOrderBody(orderBody));
    if ('eventKey' in event) return { kind: 'order', event, classifiedBy: message.tag === order ? 'tag' : 'envelope', envelopeTopic, quarantineBody };
    return { ...quarantined(event.problem, { kind: 'order', field: event.field }), body: quarantineBody() };
  }

  const classified = classify(message, envelopeTopic, body, parsing);
  if ('reasonCode' in classified) return classified;
  const fields = body;
  try {
    if (classified.kind === 'report') {
      const bizId = readText(fields, 'biz_id', true);
      const state = readText(fields, 'state', true);
      const reportTime = readText(fields, 'rept_time', false);
      const receiver = readText(fields, 'receiver', false);
      const outId = readText(fields, 'out_id', false);
      const number = normalizePhone(receiver);
      const report: ParsedReport = {
        bizId,
        // An OAID send's report shows no number (or a masked one): it names the order (out_id), the ledger's key for that row.
        phone: number.ok ? number.phone : /^\d{1,24}$/.test(outId) ? orderRecipientKey(outId) : normalisePhone(receiver),
        state,
        success: state === '1',
        errCode: readText(fields, 'err_code', false),
        sendTime: readText(fields, 'send_time', false),
        reportTime,
        reportedAt: beijingTimeToIso(reportTime),
        extend: readText(fields, 'extend', false),
      };
      return { kind: 'report', report, classifiedBy: classified.by, envelopeTopic };
    }
    const senderTime = readText(fields, 'sender_time', false);
    const reply: ParsedReply = {
      smsSeq: readText(fields, 'sms_seq', true),
      phone: normalisePhone(readText(fields, 'sender', true)),
      content: readText(fields, 'content', false),
      destCode: readText(fields, 'dest_code', false),
      signName: readText(fields, 'sign_name', false),
      senderTime,
      repliedAt: beijingTimeToIso(senderTime),
    };
    return { kind: 'reply', reply, classifiedBy: classified.by, envelopeTopic };
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
    return quarantined(error.problem, { kind: classified.kind, field: error.field });
  }
}

function classify(
  message: IncomingMessage,
  envelopeTopic: string | null,
  body: Record<string, unknown>,
  parsing: MqParsing,
): { kind: MessageKind; by: ClassifiedBy } | Quarantined {
  const byName = (name: string, reports: readonly string[], replies: readonly string[]): MessageKind | undefined =>
    reports.includes(name) ? 'report' : replies.includes(name) ? 'reply' : undefined;
  const signals: Array<{ kind: MessageKind; by: Exclude<ClassifiedBy, 'shape'>; name: string }> = [];
  const topicKind = Object.prototype.hasOwnProperty.call(parsing.topicKinds, message.topic) ? parsing.topicKinds[message.topic] : undefined;
  if (topicKind) signals.push({ kind: topicKind, by: 'topic', name: message.topic });
  const tagKind = message.tag ? byName(message.tag, parsing.reportTags, parsing.replyTags) : undefined;
  if (tagKind) signals.push({ kind: tagKind, by: 'tag', name: message.tag });
  const envelopeKind = envelopeTopic ? byName(envelopeTopic, parsing.reportTopics, parsing.replyTopics) : undefined;
  if (envelopeKind && envelopeTopic) signals.push({ kind: envelopeKind, by: 'envelope', name: envelopeTopic });

  const first = signals[0];
  if (first) {
    const conflict = signals.find((s) => s.kind !== first.kind);
    if (conflict) {
      return quarantined('classification-conflict', {
        firstBy: first.by,
        first: first.name,
        firstKind: first.kind,
        secondBy: conflict.by,
        second: conflict.name,
        secondKind: conflict.kind,
      });
    }
    return { kind: first.kind, by: first.by };
  }
  // An envelope or tag naming some other TMC topic is a message we do not handle; shape must not override it.
  if (envelopeTopic) return quarantined('unknown-envelope-topic', { topic: envelopeTopic });
  if (parsing.classifyByShape) {
    if ('biz_id' in body && 'state' in body) return { kind: 'report', by: 'shape' };
    if ('sms_seq' in body && 'sender' in body) return { kind: 'reply', by: 'shape' };
  }
  return message.tag ? quarantined('unrecognised-tag', { tag: message.tag }) : quarantined('unrecognised');
}

/**
 * The order topic this message carries, a quarantine when its signals disagree or name an order topic the app does
 * not handle, or null when nothing points at an order message.
 */
function orderTopicOf(message: IncomingMessage, envelopeTopic: string | null, body: Record<string, unknown>): OrderTopic | Quarantined | null {
  const inline = !message.tag && !envelopeTopic && typeof body.topic === 'string' ? body.topic : null;
  const named = [
    { by: 'tag' as const, name: message.tag },
    { by: 'envelope' as const, name: envelopeTopic ?? inline ?? '' },
  ].filter((s) => s.name);
  const orderSignal = named.find((s) => looksLikeOrderTopic(s.name));
  if (!orderSignal) return null;
  const other = named.find((s) => s.name !== orderSignal.name);
  if (other) {
    return quarantined('classification-conflict', {
      firstBy: orderSignal.by,
      first: orderSignal.name,
      firstKind: 'order',
      secondBy: other.by,
      second: other.name,
      secondKind: looksLikeOrderTopic(other.name) ? 'order' : 'other',
    });
  }
  return isOrderTopic(orderSignal.name) ? orderSignal.name : quarantined('order-topic-unsupported', { topic: orderSignal.name });
}

/** An envelope carries `content` plus TMC metadata; a reply body also has `content` (the text) but never topic/pub_time. */
function looksLikeEnvelope(body: Record<string, unknown>): boolean {
  if (!('content' in body)) return false;
  if ('sms_seq' in body || 'sender' in body || 'biz_id' in body) return false;
  return 'topic' in body || 'pub_time' in body || 'user_id' in body || isObject(body.content);
}

/** detail: the JSON parser's complaint, or null for an empty body. */
type Decoded = { ok: true; value: unknown } | { ok: false; detail: string | null };

function decodeJson(input: string, tryBase64: boolean): Decoded {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, detail: null };
  try {
    return { ok: true, value: JSON.parse(quoteBigIntegers(trimmed)) };
  } catch (error) {
    if (tryBase64 && /^[A-Za-z0-9+/=\s_-]+$/.test(trimmed) && trimmed.length >= 8) {
      const text = Buffer.from(trimmed, 'base64').toString('utf8').trim();
      if (text.startsWith('{') || text.startsWith('[')) {
        try {
          return { ok: true, value: JSON.parse(quoteBigIntegers(text)) };
        } catch {
          // fall through to the original error
        }
      }
    }
    return { ok: false, detail: error instanceof Error ? error.message.slice(0, 120) : 'parse error' };
  }
}

/**
 * Wraps bare integer literals of 16+ digits in quotes so JSON.parse keeps them exact. A linear scan that
 * tracks string state, so digits inside string values are never touched.
 */
export function quoteBigIntegers(json: string): string {
  let out = '';
  let copiedUpTo = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const ch = json.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \\ */) i++;
      else if (ch === 34 /* " */) inString = false;
      continue;
    }
    if (ch === 34) {
      inString = true;
      continue;
    }
    const isMinus = ch === 45;
    if (!isMinus && (ch < 48 || ch > 57)) continue;
    let end = isMinus ? i + 1 : i;
    while (end < json.length && json.charCodeAt(end) >= 48 && json.charCodeAt(end) <= 57) end++;
    const digits = end - (isMinus ? i + 1 : i);
    const next = json.charCodeAt(end);
    // Only plain integers: a fraction or exponent means a real number, which is left alone.
    if (digits >= 16 && next !== 46 && next !== 101 && next !== 69) {
      out += json.slice(copiedUpTo, i) + '"' + json.slice(i, end) + '"';
      copiedUpTo = end;
    }
    i = end - 1;
  }
  return copiedUpTo === 0 ? json : out + json.slice(copiedUpTo);
}

/** Mainland mobile numbers arrive as 138…, +86138…, 86-138… or with spaces; store the bare 11 digits (shared normaliser). Others are kept as sent, minus spaces and dashes. */
export function normalisePhone(raw: string): string {
  const result = normalizePhone(raw);
  return result.ok ? result.phone : raw.replace(/[\s-]/g, '');
}

/** TMC times are 'yyyy-MM-dd HH:mm:ss' in Beijing time (UTC+8, no DST). */
export function beijingTimeToIso(value: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2})(?:\.(\d{1,3}))?$/.exec(value);
  const time = m ? parseBeijingDateTime(m[1]!) : null;
  return time === null ? null : new Date(time + Number((m![2] ?? '0').padEnd(3, '0'))).toISOString();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
