import { z } from 'zod';
import { isTradeStatus, maskNick, type TradeStatus } from '../../../shared/orders/status';
import { formatBeijing, parseBeijingDateTime } from '../../../shared/time/beijing';
import type { CallOptions, TopClient } from './client';
import { TopError } from './errors';
import { unwrapList, type TopBody } from './response';

/**
 * Typed wrappers for the trade APIs (orders-oaid.md §1a, §6): trades.sold.increment.get, trades.sold.get,
 * trade.fullinfo.get. All are reads (safe to retry after an unknown outcome). The schemas are the privacy boundary of
 * the backfill: the parsed trade has no receiver field (zod drops unknown keys), the nick leaves masked, tids are text.
 */
export const TRADE_METHODS = {
  soldIncrementGet: 'taobao.trades.sold.increment.get',
  soldGet: 'taobao.trades.sold.get',
  fullinfoGet: 'taobao.trade.fullinfo.get',
} as const;

export const MAX_TRADE_PAGE_SIZE = 100;
export const MAX_INCREMENT_SPAN_MS = 86_400_000;

/** What list calls ask for: no receiver field, so nothing sensitive is even sent to us. */
const LIST_FIELDS =
  'tid,status,type,created,pay_time,consign_time,end_time,modified,payment,post_fee,buyer_open_uid,buyer_nick,orders.oid,orders.title,orders.num';
/** trade.oaid only comes when fields carry the five receiver fields (§1a); their encrypted values are dropped at parse. */
const OAID_FIELDS = `${LIST_FIELDS},oaid,receiver_name,receiver_mobile,receiver_phone,receiver_address`;

const text = z.union([z.string(), z.number(), z.bigint()]).transform((v) => String(v).trim());
const optionalText = text.optional().nullable();
const id = text.pipe(z.string().regex(/^\d{1,24}$/));
const listOf = <T extends z.ZodType>(item: T, wrapper: string) => z.preprocess((v) => unwrapList(v, wrapper), z.array(item));

const SubOrder = z.object({
  oid: id.optional().nullable(),
  title: optionalText,
  num: z.union([z.number(), z.string()]).optional().nullable(),
});

const Trade = z.object({
  tid: id,
  status: optionalText,
  type: optionalText,
  created: optionalText,
  pay_time: optionalText,
  consign_time: optionalText,
  end_time: optionalText,
  modified: optionalText,
  payment: optionalText,
  post_fee: optionalText,
  buyer_open_uid: optionalText,
  buyer_nick: optionalText,
  oaid: optionalText,
  orders: listOf(SubOrder, 'order').optional(),
});
type RawTrade = z.output<typeof Trade>;

export interface TradeRecord {
  tid: string;
  status: TradeStatus | '';
  type: string;
  buyerOpenUid: string;
  buyerNick: string;
  payment: string;
  postFee: string;
  created: number | null;
  payTime: number | null;
  consignTime: number | null;
  endTime: number | null;
  modified: number | null;
  items?: Array<{ oid: string; title: string; num: number }>;
}

export interface TradePage {
  trades: TradeRecord[];
  hasNext: boolean;
}

const time = (v: string | null | undefined) => (v ? parseBeijingDateTime(v) : null);

function record(t: RawTrade): TradeRecord {
  return {
    tid: t.tid,
    status: isTradeStatus(t.status) ? t.status : '',
    type: t.type ?? '',
    buyerOpenUid: t.buyer_open_uid ?? '',
    buyerNick: maskNick(t.buyer_nick ?? ''),
    payment: t.payment ?? '',
    postFee: t.post_fee ?? '',
    created: time(t.created),
    payTime: time(t.pay_time),
    consignTime: time(t.consign_time),
    endTime: time(t.end_time),
    modified: time(t.modified),
    items: t.orders?.map((o) => ({ oid: o.oid ?? '', title: (o.title ?? '').slice(0, 200), num: Math.max(0, Number(o.num) || 0) })),
  };
}

const TradeList = z.object({
  trades: listOf(Trade, 'trade').optional(),
  has_next: z.union([z.boolean(), z.string()]).optional(),
  total_results: z.union([z.number(), z.string()]).optional(),
});

function parseBody<S extends z.ZodType>(schema: S, body: TopBody, method: string): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new TopError({ method, kind: 'protocol', readOnly: true, request_id: typeof body.request_id === 'string' ? body.request_id : undefined });
}

function page(body: TopBody, method: string, pageNo: number, pageSize: number): TradePage {
  const list = parseBody(TradeList, body, method);
  const trades = (list.trades ?? []).map(record);
  const hasNext =
    list.has_next !== undefined ? list.has_next === true || list.has_next === 'true' : pageNo * pageSize < Number(list.total_results ?? 0) && trades.length > 0;
  return { trades, hasNext };
}

const topTime = (ms: number) => formatBeijing(ms, true);
const readOptions = (options: CallOptions): CallOptions => ({ ...options, readOnly: true });

export interface IncrementQuery {
  /** Modified window, epoch ms; at most one day apart. */
  start: number;
  end: number;
  pageNo: number;
  pageSize?: number;
}

/** taobao.trades.sold.increment.get: orders modified in [start, end] (≤ 1 day), use_has_next. */
export async function soldIncrementGet(client: TopClient, q: IncrementQuery, options: CallOptions = {}): Promise<TradePage> {
  if (q.end < q.start || q.end - q.start > MAX_INCREMENT_SPAN_MS) throw new RangeError('increment window must be 0–1 day');
  const pageSize = Math.min(q.pageSize ?? MAX_TRADE_PAGE_SIZE, MAX_TRADE_PAGE_SIZE);
  const body = await client.call(
    TRADE_METHODS.soldIncrementGet,
    { fields: LIST_FIELDS, start_modified: topTime(q.start), end_modified: topTime(q.end), page_no: q.pageNo, page_size: pageSize, use_has_next: true },
    readOptions(options),
  );
  return page(body, TRADE_METHODS.soldIncrementGet, q.pageNo, pageSize);
}

export interface SoldQuery {
  /** Created window, epoch ms (at most 3 months back). */
  start: number;
  end: number;
  pageNo: number;
  pageSize?: number;
}

/** taobao.trades.sold.get: orders created in [start, end] (first import), use_has_next. */
export async function soldGet(client: TopClient, q: SoldQuery, options: CallOptions = {}): Promise<TradePage> {
  const pageSize = Math.min(q.pageSize ?? MAX_TRADE_PAGE_SIZE, MAX_TRADE_PAGE_SIZE);
  const body = await client.call(
    TRADE_METHODS.soldGet,
    { fields: LIST_FIELDS, start_created: topTime(q.start), end_created: topTime(q.end), page_no: q.pageNo, page_size: pageSize, use_has_next: true },
    readOptions(options),
  );
  return page(body, TRADE_METHODS.soldGet, q.pageNo, pageSize);
}

export interface FullTrade extends TradeRecord {
  /** Only when asked with withOaid (include_oaid=true + the receiver fields); never a buyer key. */
  oaid?: string;
}

/**
 * taobao.trade.fullinfo.get. `tid` goes out as text (never a double). withOaid asks include_oaid=true with the receiver
 * fields the OAID needs; their (encrypted) values are dropped by the schema and never reach the caller.
 */
export async function tradeFullinfoGet(client: TopClient, tid: string, opts: { withOaid?: boolean } & CallOptions = {}): Promise<FullTrade> {
  const { withOaid, ...options } = opts;
  const body = await client.call(
    TRADE_METHODS.fullinfoGet,
    { fields: withOaid ? OAID_FIELDS : LIST_FIELDS, tid, include_oaid: withOaid ? 'true' : undefined },
    readOptions(options),
  );
  const parsed = parseBody(z.object({ trade: Trade }), body, TRADE_METHODS.fullinfoGet).trade;
  const out: FullTrade = record(parsed);
  if (withOaid && parsed.oaid) out.oaid = parsed.oaid.slice(0, 128);
  return out;
}

/** Code 11 with the IP allow-list sub-code: the trade APIs may only be called from inside Jushita (§0). */
export function isTradeApiRestricted(error: unknown): error is TopError {
  return (
    error instanceof TopError &&
    (error.category === 'ip-restricted' || (error.topCode === 11 && /only allowed/i.test(`${error.sub_msg ?? ''} ${error.msg ?? ''}`)))
  );
}
