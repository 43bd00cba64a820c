import { randomInt } from 'node:crypto';
import { formatGmt8 } from '../gmt8';
import { stringifyJson } from '../raw-json';

// Realistic push bodies per top-api.md §3: alibaba_aliqin_TaFcSmsDR (delivery report) and
// alibaba_aliqin_FcSmsUp (reply), all values strings, optionally wrapped in a TMC-style envelope.

export const REPORT_TOPIC = 'alibaba_aliqin_TaFcSmsDR';
export const REPLY_TOPIC = 'alibaba_aliqin_FcSmsUp';

export interface ReportFields {
  biz_id: string;
  /** '1' delivered, '2' failed */
  state: string;
  err_code: string;
  receiver: string;
  send_time: string;
  rept_time: string;
  extend: string;
  /** OAID sends only: the order id of the recipient, so a report can be matched without a number [INF]. */
  out_id?: string;
}

export interface ReplyFields {
  sender: string;
  content: string;
  dest_code: string;
  sender_time: string;
  sign_name: string;
  sms_seq: string;
}

/**
 * How the body sits in the MQ message. Jushita's 消息同步 format is undocumented (top-api.md §3.4), so all
 * three plausible forms exist: the bare TMC body, a TMC message object whose `content` is the body as a
 * JSON string (TMC's own wire form), or the same with `content` already decoded.
 */
export type BodyFormat = 'raw' | 'tmc' | 'tmc-object';
/** Tag on the MQ message: the TMC topic name, the Aliyun SMS short names, or none. */
export type TagStyle = 'tmc-topic' | 'short' | 'none';

/** TMC times: 'yyyy-MM-dd HH:mm:ss' in Beijing time. */
export function beijingTime(at: number | Date = Date.now()): string {
  return formatGmt8(typeof at === 'number' ? at : at.getTime());
}

function digits(n: number): string {
  let out = String(randomInt(1, 10));
  while (out.length < n) out += String(randomInt(0, 10));
  return out;
}

/** The send API's receipt code shape, e.g. 104471625847^1106086025583. */
export function randomBizId(): string {
  return `${digits(12)}^${digits(13)}`;
}

export function randomPhone(): string {
  return `13${digits(9)}`;
}

export function reportFields(fields: Partial<ReportFields> = {}, now = Date.now()): ReportFields {
  return {
    biz_id: fields.biz_id ?? randomBizId(),
    state: fields.state ?? '1',
    err_code: fields.err_code ?? ((fields.state ?? '1') === '1' ? 'DELIVRD' : 'MK:0001'),
    receiver: fields.receiver ?? randomPhone(),
    send_time: fields.send_time ?? beijingTime(now - 20_000),
    rept_time: fields.rept_time ?? beijingTime(now),
    extend: fields.extend ?? '',
  };
}

export function replyFields(fields: Partial<ReplyFields> = {}, now = Date.now()): ReplyFields {
  return {
    sender: fields.sender ?? randomPhone(),
    content: fields.content ?? 'TD',
    dest_code: fields.dest_code ?? '1001',
    sender_time: fields.sender_time ?? beijingTime(now),
    sign_name: fields.sign_name ?? '张三男装淘宝店',
    // sms_seq is numeric on the platform and can exceed 2^53; it is sent as a string like every TMC field.
    sms_seq: fields.sms_seq ?? digits(19),
  };
}

/** Serialises a body in the given format. The envelope id is a bare 19-digit number, as TMC's can exceed 2^53. */
export function wrapBody(topic: string, body: object, format: BodyFormat, now = Date.now()): string {
  if (format === 'raw') return JSON.stringify(body);
  const content = format === 'tmc' ? JSON.stringify(JSON.stringify(body)) : JSON.stringify(body);
  return (
    `{"id":${digits(19)},"topic":${JSON.stringify(topic)},"content":${content},` +
    `"pub_time":${JSON.stringify(beijingTime(now))},"pub_app_key":"12497914","user_id":${digits(10)},"user_nick":"张三男装淘宝店"}`
  );
}

export function tagFor(kind: 'report' | 'reply', style: TagStyle): string {
  if (style === 'none') return '';
  if (style === 'short') return kind === 'report' ? 'SmsReport' : 'SmsUp';
  return kind === 'report' ? REPORT_TOPIC : REPLY_TOPIC;
}

/**
 * How a TMC message sits in the seller's RocketMQ (orders-oaid.md §0): `raw` = the TMC content JSON itself (default),
 * `envelope` = {"topic","content":"<JSON string>","user_id","user_nick","pub_time"}, and base64 of either.
 */
export type TmcFormat = 'raw' | 'envelope' | 'base64-raw' | 'base64-envelope';
export const TMC_FORMATS: readonly TmcFormat[] = ['raw', 'envelope', 'base64-raw', 'base64-envelope'];

export interface TmcBodyOptions {
  format: TmcFormat;
  /** Raw form only: the topic name goes into the body (when the message has no tag to carry it). */
  topicInBody: boolean;
  sellerNick: string;
  userId: number;
  pubTime: number;
}

/** The MQ body of one TMC message; 19-digit ids in `content` (JsonNumber) stay bare digits. */
export function tmcBody(topic: string, content: Record<string, unknown>, o: TmcBodyOptions): string {
  const envelope = o.format === 'envelope' || o.format === 'base64-envelope';
  const text = envelope
    ? stringifyJson({ topic, content: stringifyJson(content), user_id: o.userId, user_nick: o.sellerNick, pub_time: beijingTime(o.pubTime) })
    : stringifyJson(o.topicInBody ? { topic, ...content } : content);
  return o.format.startsWith('base64-') ? Buffer.from(text, 'utf8').toString('base64') : text;
}
