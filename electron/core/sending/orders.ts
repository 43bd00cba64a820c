import { AppError } from '../../../shared/errors';
import { isOrderField, ORDER_FIELD_LABEL, orderFieldValues, orderRecipientKey, type OrderField } from '../../../shared/orders/fields';
import type { NoOaidCode, OrderFilter, RecipientStatus } from '../../../shared/sending/contract';
import { MAX_ORDERS_PER_CAMPAIGN } from '../../../shared/sending/contract';
import { ownValue, userKeyedMap } from '../../../shared/records';
import type { OaidResult } from '../orders';
import { OrderTooOldError, ordersProblem } from '../orders/problems';
import type { OrderStore } from '../orders/store';
import { suppressionReason, type SuppressionStore } from '../suppression/store';
import type { SendScope } from '../../../shared/suppression/contract';
import { TopError } from '../top/errors';
import type { CampaignRow, ChunkRecipient, OrderRecipientInsert } from './store';

/** What order sends need of the orders feature (createOrdersModule). */
export interface OrderSource {
  store: OrderStore;
  oaidFor(tid: string): Promise<OaidResult>;
  /** Drops cached OAIDs the platform refused, so the next send fetches them again. */
  forgetOaids(tids: readonly string[]): void;
}

export interface OrderPick {
  tid: string;
  /** Values for template variables of this order, beside its own fields (an automation's computed text …). */
  vars?: Record<string, string>;
}

export const SAME_BUYER_REASON = '同一买家的另一笔订单（每位买家只发一条，保留最近的订单）';
export const UNKNOWN_ORDER_REASON = '本地没有这个订单（请先同步订单）';
export const REPEATED_ORDER_REASON = '重复的订单号';

/** The orders a filter picks, newest first, at most MAX_ORDERS_PER_CAMPAIGN (more is refused with the number). */
export function ordersMatching(store: OrderStore, filter: OrderFilter): string[] {
  const page = store.list({ ...filter, page: 1, pageSize: MAX_ORDERS_PER_CAMPAIGN + 1 });
  if (page.items.length > MAX_ORDERS_PER_CAMPAIGN)
    throw new AppError('BAD_REQUEST', `筛选出的订单超过 ${MAX_ORDERS_PER_CAMPAIGN} 笔，请缩小时间范围或增加条件。`);
  return page.items.map((o) => o.tid);
}

/**
 * Recipient rows of an order campaign, one per chosen order: unknown orders invalid, a repeated order number
 * duplicate, and unless perOrder each buyer's orders but the most recent duplicate (one SMS per buyer); buyers on the
 * do-not-send list suppressed. The row's key is `tid:<tid>`; its masked order facts are kept for the template.
 */
export function orderRecipientRows(
  orders: OrderStore,
  suppression: SuppressionStore,
  picks: readonly OrderPick[],
  perOrder: boolean,
  scope: SendScope,
): OrderRecipientInsert[] {
  const seen = new Set<string>();
  const rows: OrderRecipientInsert[] = [];
  const latestOfBuyer = new Map<string, { index: number; at: number; tid: string }>();
  for (const [i, pick] of picks.entries()) {
    const base = { rowNo: i + 1, tid: pick.tid, phone: orderRecipientKey(pick.tid), raw: pick.tid, vars: pick.vars ?? {} };
    const empty = { buyerOpenUid: null, buyerNick: '', orderFields: {} };
    if (seen.has(pick.tid)) {
      rows.push({ ...base, ...empty, status: 'duplicate', reason: REPEATED_ORDER_REASON });
      continue;
    }
    seen.add(pick.tid);
    const o = orders.get(pick.tid);
    if (!o) {
      rows.push({ ...base, ...empty, status: 'invalid', reason: UNKNOWN_ORDER_REASON });
      continue;
    }
    const fields = orderFieldValues({
      tid: o.tid,
      buyerNick: o.buyer_nick,
      payment: o.payment,
      created: o.created_at,
      payTime: o.pay_at,
      consignTime: o.consign_at,
      endTime: o.end_at,
      signedTime: o.signed_at,
      company: o.logistics_company,
      outSid: o.logistics_out_sid,
      refundFee: o.refund_fee,
    });
    rows.push({ ...base, status: 'valid', reason: '', buyerOpenUid: o.buyer_open_uid || null, buyerNick: fields.buyerNick ?? '', orderFields: fields });
    if (!perOrder && o.buyer_open_uid) {
      const at = o.created_at ?? o.sort_at;
      const best = latestOfBuyer.get(o.buyer_open_uid);
      const index = rows.length - 1;
      if (!best || at > best.at || (at === best.at && o.tid > best.tid)) {
        if (best) Object.assign(rows[best.index]!, { status: 'duplicate' satisfies RecipientStatus, reason: SAME_BUYER_REASON });
        latestOfBuyer.set(o.buyer_open_uid, { index, at, tid: o.tid });
      } else Object.assign(rows[index]!, { status: 'duplicate' satisfies RecipientStatus, reason: SAME_BUYER_REASON });
    }
  }
  const blocked = suppression.filterSuppressedBuyers(
    rows.flatMap((r) => (r.status === 'valid' && r.buyerOpenUid ? [r.buyerOpenUid] : [])),
    scope,
  );
  for (const r of rows) {
    const entry = r.status === 'valid' && r.buyerOpenUid ? blocked.get(r.buyerOpenUid) : undefined;
    if (entry) Object.assign(r, { status: 'suppressed' satisfies RecipientStatus, reason: `买家${suppressionReason(entry)}` });
  }
  return rows;
}

/** The field a template variable takes its value from: the campaign's map, else a field of the same name. */
export function fieldOfVariable(c: Pick<CampaignRow, 'orderOptions'>, name: string): OrderField | null {
  const mapped = c.orderOptions?.varMap ? ownValue(c.orderOptions.varMap, name) : undefined;
  return mapped ?? (isOrderField(name) ? name : null);
}

/** The values sent for one order row: its own vars, then its order's fields, then constants, then the 淘短链. */
export function orderParams(
  c: Pick<CampaignRow, 'constants' | 'shortUrl' | 'orderOptions'>,
  r: Pick<ChunkRecipient, 'vars' | 'orderFields'>,
  names: readonly string[],
): Record<string, string> {
  const out = userKeyedMap<string>();
  for (const name of names) {
    const field = fieldOfVariable(c, name);
    const value =
      name === 'url' && c.shortUrl
        ? c.shortUrl
        : (ownValue(r.vars, name) ?? (field ? ownValue(r.orderFields, field) : undefined) ?? ownValue(c.constants, name));
    if (value !== undefined && value !== '') out[name] = value;
  }
  return out;
}

/** The first template variable this order has no value for, with the field it would come from. */
export function missingOrderVariable(
  c: Pick<CampaignRow, 'constants' | 'shortUrl' | 'orderOptions'>,
  r: Pick<ChunkRecipient, 'vars' | 'orderFields'>,
  names: readonly string[],
): { variable: string; field: string } | null {
  const params = orderParams(c, r, names);
  for (const name of names) {
    if (name === 'url' && c.shortUrl) continue;
    if (ownValue(params, name) === undefined) return { variable: name, field: fieldOfVariable(c, name) ?? '' };
  }
  return null;
}

export function missingVariableReason(m: { variable: string; field: string }): string {
  return m.field && isOrderField(m.field)
    ? `缺少变量 \${${m.variable}}：这笔订单没有${ORDER_FIELD_LABEL[m.field]}，已跳过`
    : `缺少变量 \${${m.variable}}：没有对应的订单字段或常量，已跳过`;
}

export interface NoOaid {
  code: NoOaidCode;
  message: string;
  /** The whole send is affected (trade APIs refused here, not configured, offline): not a fact about this order. */
  campaignLevel: boolean;
}

/** Why oaidFor failed, for the seller. */
export function noOaidOf(error: unknown): NoOaid {
  if (error instanceof OrderTooOldError) return { code: 'order-too-old', message: error.message, campaignLevel: false };
  if (error instanceof AppError && error.code === 'NOT_FOUND' && !(error instanceof TopError))
    return { code: 'oaid-field-miss', message: `没有 OAID：${error.message}`, campaignLevel: false };
  const problem = ordersProblem(error);
  if (problem.code === 'trade-api-restricted')
    return { code: 'trade-api-restricted', message: '交易接口只允许在聚石塔内调用（错误码 11），这台电脑取不到 OAID。', campaignLevel: true };
  if (problem.code === 'not-configured' || problem.code === 'network') return { code: problem.code, message: problem.message, campaignLevel: true };
  if (problem.subCode === 'isv.oaid-field-miss')
    return { code: 'oaid-field-miss', message: '没有 OAID：订单收货人信息不完整（isv.oaid-field-miss）', campaignLevel: false };
  if (problem.subCode && /trade-not-exist/.test(problem.subCode)) return { code: 'not-found', message: '平台上没有这个订单', campaignLevel: false };
  return { code: 'top-error', message: `取 OAID 失败：${problem.message}`, campaignLevel: false };
}
