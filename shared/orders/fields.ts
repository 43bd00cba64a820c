import { formatBeijingMonthDayHour } from '../time/beijing';
import { maskNick } from './status';

// Order facts an order SMS may carry, each rendered as the platform's template rules allow (orders-oaid.md §4):
// tid → first 4 digits + "**", outSid (waybill) → last 4, buyer nick → first character + "**", items → "商品";
// times as "M月d日H时" (Beijing). A closed list: nothing else of an order can reach a message.

export const ORDER_FIELDS = [
  'tid',
  'buyerNick',
  'payment',
  'created',
  'payTime',
  'consignTime',
  'endTime',
  'signedTime',
  'company',
  'outSid',
  'item',
  'refundFee',
] as const;
export type OrderField = (typeof ORDER_FIELDS)[number];

export function isOrderField(name: string): name is OrderField {
  return (ORDER_FIELDS as readonly string[]).includes(name);
}

/** What the fields are rendered from (times epoch ms; the nick may already be masked, masking it again is a no-op). */
export interface OrderFieldSource {
  tid: string;
  buyerNick: string;
  payment: string;
  created: number | null;
  payTime: number | null;
  consignTime: number | null;
  endTime: number | null;
  signedTime: number | null;
  company: string;
  outSid: string;
  refundFee: string;
}

export function maskTid(tid: string): string {
  return tid ? `${tid.slice(0, 4)}**` : '';
}

export function maskOutSid(outSid: string): string {
  const chars = Array.from(outSid.trim());
  return chars.slice(-4).join('');
}

const time = (ms: number | null) => (ms === null ? '' : formatBeijingMonthDayHour(ms));

/** Every field with a value, masked; a field the order does not have is absent (never an empty string). */
export function orderFieldValues(o: OrderFieldSource): Partial<Record<OrderField, string>> {
  const all: Record<OrderField, string> = {
    tid: maskTid(o.tid),
    buyerNick: maskNick(o.buyerNick.replace(/\*+$/, '')),
    payment: o.payment,
    created: time(o.created),
    payTime: time(o.payTime),
    consignTime: time(o.consignTime),
    endTime: time(o.endTime),
    signedTime: time(o.signedTime),
    company: o.company.trim(),
    outSid: maskOutSid(o.outSid),
    // Every order has goods, and the rules allow no more than the word (an order known only from events has no titles yet).
    item: '商品',
    refundFee: o.refundFee,
  };
  const out: Partial<Record<OrderField, string>> = {};
  for (const field of ORDER_FIELDS) if (all[field]) out[field] = all[field];
  return out;
}

export const ORDER_FIELD_LABEL: Record<OrderField, string> = {
  tid: '订单号',
  buyerNick: '买家昵称',
  payment: '实付金额',
  created: '下单时间',
  payTime: '付款时间',
  consignTime: '发货时间',
  endTime: '成交时间',
  signedTime: '签收时间',
  company: '快递公司',
  outSid: '运单号',
  item: '商品',
  refundFee: '退款金额',
};

/**
 * The ledger's recipient key of an order row (campaign_recipients.phone, delivery_reports.phone): an OAID send has no
 * number, its delivery report names the order (out_id). One key for both sides, so reports match like any other.
 */
const ORDER_KEY_PREFIX = 'tid:';
export function orderRecipientKey(tid: string): string {
  return `${ORDER_KEY_PREFIX}${tid}`;
}
export function tidOfRecipientKey(key: string): string | null {
  return key.startsWith(ORDER_KEY_PREFIX) ? key.slice(ORDER_KEY_PREFIX.length) : null;
}

/** A do-not-send entry of a buyer (suppression.phone): `buyer:<buyer_open_uid>`, beside the numbers. */
export const BUYER_KEY_PREFIX = 'buyer:';
export function buyerKey(openUid: string): string {
  return `${BUYER_KEY_PREFIX}${openUid}`;
}

export type RecipientKey = { kind: 'phone'; phone: string } | { kind: 'order'; tid: string } | { kind: 'buyer'; openUid: string };

/** What a ledger / do-not-send / inbox key stands for. */
export function parseRecipientKey(key: string): RecipientKey {
  const tid = tidOfRecipientKey(key);
  if (tid !== null) return { kind: 'order', tid };
  if (key.startsWith(BUYER_KEY_PREFIX)) return { kind: 'buyer', openUid: key.slice(BUYER_KEY_PREFIX.length) };
  return { kind: 'phone', phone: key };
}

/** A buyer_open_uid as shown: its first and last 3 characters (enough to tell entries apart, not to copy the id). */
export function maskOpenUid(uid: string): string {
  const chars = Array.from(uid);
  return chars.length <= 6 ? `${chars.slice(0, 1).join('')}***` : `${chars.slice(0, 3).join('')}***${chars.slice(-3).join('')}`;
}

/** The words around a shown key; the renderer passes its language's, main and the CLI use Chinese. */
export interface RecipientWords {
  order: string;
  buyer: string;
}
export const RECIPIENT_WORDS_ZH: RecipientWords = { order: '订单', buyer: '买家' };

/**
 * How a key is shown to the seller where a number would be: an order row as its whole order number (the seller's own,
 * as on the 订单 page, and searchable) and the masked buyer nick; a buyer as 买家 + masked nick, else the masked uid.
 * Masking the order number is a rule for SMS text only. A receiver's number never reaches here (OAID).
 */
export function shownRecipient(key: string, buyerNick = '', words: RecipientWords = RECIPIENT_WORDS_ZH): string {
  const parsed = parseRecipientKey(key);
  if (parsed.kind === 'phone') return key;
  if (parsed.kind === 'buyer') return `${words.buyer} ${buyerNick || maskOpenUid(parsed.openUid)}`;
  return buyerNick ? `${words.order} ${parsed.tid} · ${buyerNick}` : `${words.order} ${parsed.tid}`;
}
