// Trade APIs (orders-oaid.md §1a, §6): trades.sold.increment.get, trades.sold.get, trade.fullinfo.get. Receiver fields
// come out encrypted, nicks masked, tids as bare 19-digit JSON numbers; the OAID only under the documented conditions.
import { JsonNumber } from '../raw-json';
import type { ApiContext, ApiSpec } from './api-spec';
import { errors, formatGmt8, parseGmt8, type SuccessBody } from './protocol';
import { encryptField, maskNick, type SimTrade } from './trades';

const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 40;
const MAX_INCREMENT_SPAN_MS = 86_400_000;
const SOLD_GET_MONTHS = 3;
/** "（收货人+手机号+座机+收货地址+create）5个字段组合成oaid" — with all five in `fields`, the OAID comes along. */
const OAID_FIELDS = ['receiver_name', 'receiver_mobile', 'receiver_phone', 'receiver_address', 'created'];
export const TRADE_METHODS = ['taobao.trades.sold.increment.get', 'taobao.trades.sold.get', 'taobao.trade.fullinfo.get'];

function param(ctx: ApiContext, name: string): string | undefined {
  const v = ctx.params.get(name);
  return v === undefined || v === '' ? undefined : v;
}

function required(ctx: ApiContext, name: string): string {
  const v = param(ctx, name);
  if (v === undefined) throw errors.missingArgument(name);
  return v;
}

function dateParam(ctx: ApiContext, name: string, isRequired: boolean): number | undefined {
  const text = isRequired ? required(ctx, name) : param(ctx, name);
  if (text === undefined) return undefined;
  const ms = parseGmt8(text);
  if (ms === null) throw errors.invalidArgument(name, `${name} 格式应为 yyyy-MM-dd HH:mm:ss`);
  return ms;
}

function booleanParam(ctx: ApiContext, name: string): boolean {
  const text = param(ctx, name);
  if (text === undefined) return false;
  if (text !== 'true' && text !== 'false') throw errors.invalidArgument(name, `${name} 只能是 true 或 false`);
  return text === 'true';
}

function paging(ctx: ApiContext): { pageNo: number; pageSize: number } {
  const pageNoText = param(ctx, 'page_no') ?? '1';
  const pageSizeText = param(ctx, 'page_size') ?? String(DEFAULT_PAGE_SIZE);
  if (!/^[1-9]\d{0,8}$/.test(pageNoText)) throw errors.invalidArgument('page_no', 'page_no 必须是正整数');
  if (!/^[1-9]\d{0,8}$/.test(pageSizeText)) throw errors.invalidArgument('page_size', 'page_size 必须是正整数');
  const pageSize = Number(pageSizeText);
  if (pageSize > MAX_PAGE_SIZE) throw errors.invalidArgument('page_size', `page_size 最大为 ${MAX_PAGE_SIZE}`);
  return { pageNo: Number(pageNoText), pageSize };
}

interface FieldSet {
  trade: Set<string>;
  /** null = every order field ("orders" requested whole); empty = orders not requested. */
  order: Set<string> | null;
}

function fieldSet(ctx: ApiContext): FieldSet {
  const names = required(ctx, 'fields')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (names.length === 0) throw errors.missingArgument('fields');
  const trade = new Set<string>();
  let order: Set<string> | null = new Set();
  for (const name of names) {
    if (name === 'orders') order = null;
    else if (name.startsWith('orders.')) order?.add(name.slice(7));
    else trade.add(name);
  }
  if (order === null || order.size > 0) trade.add('orders');
  return { trade, order };
}

/** The restriction of orders-oaid.md §0: trade APIs only from inside Jushita (code 11). */
function assertAllowed(ctx: ApiContext) {
  if (ctx.trades.restricted) throw errors.ipNotAllowed(ctx.clientIp);
}

function orderFields(t: SimTrade, i: number): Record<string, unknown> {
  const item = t.items[i]!;
  const shipped = t.consignTime !== undefined && (t.status !== 'SELLER_CONSIGNED_PART' || i === 0);
  return {
    oid: new JsonNumber(item.oid),
    title: item.title,
    price: item.price,
    num: item.num,
    num_iid: new JsonNumber(item.numIid),
    sku_id: item.skuId,
    total_fee: ((Math.round(Number(item.price) * 100) * item.num) / 100).toFixed(2),
    refund_status: item.refundStatus ?? 'NO_REFUND',
    refund_id: t.refund ? new JsonNumber(t.refund.refundId) : undefined,
    status: t.status === 'SELLER_CONSIGNED_PART' ? (shipped ? 'WAIT_BUYER_CONFIRM_GOODS' : 'WAIT_SELLER_SEND_GOODS') : t.status,
    logistics_company: shipped ? t.companyName : undefined,
    invoice_no: shipped ? t.outSid : undefined,
    consign_time: shipped && t.consignTime !== undefined ? formatGmt8(t.consignTime) : undefined,
    end_time: t.endTime !== undefined ? formatGmt8(t.endTime) : undefined,
    buyer_rate: t.buyerRate,
    seller_rate: false,
  };
}

function tradeFields(ctx: ApiContext, t: SimTrade, fields: FieldSet, withOaid: boolean): Record<string, unknown> {
  const encrypt = (kind: string, value: string) => encryptField(kind, value, t.sellerNick);
  const all: Record<string, unknown> = {
    tid: new JsonNumber(t.tid),
    status: t.status,
    type: 'fixed',
    title: t.sellerNick,
    seller_nick: t.sellerNick,
    buyer_nick: maskNick(t.buyerNick),
    buyer_open_uid: t.buyerOpenUid,
    created: formatGmt8(t.created),
    modified: formatGmt8(t.modified),
    pay_time: t.payTime !== undefined ? formatGmt8(t.payTime) : undefined,
    consign_time: t.consignTime !== undefined ? formatGmt8(t.consignTime) : undefined,
    end_time: t.endTime !== undefined ? formatGmt8(t.endTime) : undefined,
    payment: t.payment,
    post_fee: t.postFee,
    total_fee: t.totalFee,
    num: t.items.reduce((sum, item) => sum + item.num, 0),
    num_iid: new JsonNumber(t.items[0]!.numIid),
    buyer_rate: t.buyerRate,
    seller_rate: false,
    sid: t.outSid,
    receiver_name: encrypt('name', t.receiver.name),
    receiver_mobile: encrypt('mobile', t.receiver.mobile),
    receiver_phone: encrypt('phone', t.receiver.phone),
    receiver_address: encrypt('address', t.receiver.address),
    receiver_state: t.receiver.state,
    receiver_city: t.receiver.city,
    receiver_district: t.receiver.district,
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(all)) if (fields.trade.has(k) && v !== undefined && v !== '') out[k] = v;
  if (fields.trade.has('orders')) {
    const orders = t.items.map((_, i) => {
      const full = orderFields(t, i);
      if (fields.order === null) return full;
      return Object.fromEntries(Object.entries(full).filter(([k]) => fields.order!.has(k)));
    });
    // simplify=false JSON wraps sub-lists ("orders":{"order":[…]}); XML lists go through the renderer's list map.
    out.orders = ctx.format === 'json' && !ctx.simplify ? { order: orders } : orders;
  }
  if (withOaid) out.oaid = ctx.trades.oaidFor(t.tid, ctx.appKey);
  return out;
}

const LISTS = { trades: 'trade', orders: 'order' };

function hasOaidFields(fields: FieldSet): boolean {
  return OAID_FIELDS.every((f) => fields.trade.has(f));
}

function listAnswer(ctx: ApiContext, trades: SimTrade[], fields: FieldSet): SuccessBody {
  const { pageNo, pageSize } = paging(ctx);
  const useHasNext = booleanParam(ctx, 'use_has_next');
  const page = trades.slice((pageNo - 1) * pageSize, pageNo * pageSize);
  const oaid = hasOaidFields(fields);
  const rendered = page.map((t) => tradeFields(ctx, t, fields, oaid && ctx.trades.canHaveOaid(t.tid)));
  const fieldsOut: Record<string, unknown> = { trades: rendered };
  if (useHasNext) fieldsOut.has_next = pageNo * pageSize < trades.length;
  else fieldsOut.total_results = trades.length;
  return { fields: fieldsOut, lists: LISTS };
}

function statusFilter(ctx: ApiContext): (t: SimTrade) => boolean {
  const status = param(ctx, 'status');
  const type = param(ctx, 'type');
  return (t) => (status === undefined || t.status === status) && (type === undefined || type.split(',').includes('fixed'));
}

const soldIncrementGet: ApiSpec = {
  sessionRequired: true,
  handle(ctx) {
    assertAllowed(ctx);
    const fields = fieldSet(ctx);
    const start = dateParam(ctx, 'start_modified', true)!;
    const end = dateParam(ctx, 'end_modified', true)!;
    if (end < start) throw errors.invalidArgument('end_modified', 'end_modified 不能早于 start_modified');
    // "修改时间跨度不能大于一天" (orders-oaid.md §1a / §6).
    if (end - start > MAX_INCREMENT_SPAN_MS)
      throw errors.remote('isv.invalid-parameter', '查询修改时间跨度不能大于一天（start_modified 与 end_modified 相差须 ≤ 24 小时）');
    const filter = statusFilter(ctx);
    const trades = ctx.trades
      .list()
      .filter((t) => t.modified >= start && t.modified <= end && filter(t))
      .sort((a, b) => a.modified - b.modified || a.tid.localeCompare(b.tid));
    return listAnswer(ctx, trades, fields);
  },
};

const soldGet: ApiSpec = {
  sessionRequired: true,
  handle(ctx) {
    assertAllowed(ctx);
    const fields = fieldSet(ctx);
    const now = ctx.now();
    const earliest = new Date(now);
    earliest.setUTCMonth(earliest.getUTCMonth() - SOLD_GET_MONTHS);
    const start = dateParam(ctx, 'start_created', false) ?? earliest.getTime();
    const end = dateParam(ctx, 'end_created', false) ?? now;
    if (start < earliest.getTime() - 1000) throw errors.invalidArgument('start_created', `只能查询最近 ${SOLD_GET_MONTHS} 个月内创建的订单`);
    if (end < start) throw errors.invalidArgument('end_created', 'end_created 不能早于 start_created');
    const filter = statusFilter(ctx);
    const trades = ctx.trades
      .list()
      .filter((t) => t.created >= Math.max(start, earliest.getTime()) && t.created <= end && filter(t))
      .sort((a, b) => b.created - a.created || b.tid.localeCompare(a.tid));
    return listAnswer(ctx, trades, fields);
  },
};

const fullInfoGet: ApiSpec = {
  sessionRequired: true,
  handle(ctx) {
    assertAllowed(ctx);
    const fields = fieldSet(ctx);
    const tid = required(ctx, 'tid');
    if (!/^\d{1,20}$/.test(tid)) throw errors.invalidArgument('tid', 'tid 必须是数字');
    const includeOaid = booleanParam(ctx, 'include_oaid');
    const trade = ctx.trades.get(tid);
    if (!trade) throw errors.remote('isv.trade-not-exist', `交易不存在：${tid}`);
    const possible = ctx.trades.canHaveOaid(tid);
    if (includeOaid && !possible) throw errors.remote('isv.oaid-field-miss', '订单收货人信息不完整（姓名、手机或地址缺失），无法生成 OAID');
    const withOaid = possible && (includeOaid || hasOaidFields(fields));
    return { fields: { trade: tradeFields(ctx, trade, fields, withOaid) }, lists: LISTS };
  },
};

export const TRADE_APIS: Readonly<Record<string, ApiSpec>> = {
  'taobao.trades.sold.increment.get': soldIncrementGet,
  'taobao.trades.sold.get': soldGet,
  'taobao.trade.fullinfo.get': fullInfoGet,
};
