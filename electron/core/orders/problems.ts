import type { OrdersProblem } from '../../../shared/orders/contract';
import { AppError } from '../../../shared/errors';
import { TopError } from '../top/errors';
import { isTradeApiRestricted } from '../top/trade-apis';

/** What code 11 on a trade API means for the seller, and what to do (orders-oaid.md §0, crm-practice.md). */
export const TRADE_API_RESTRICTED_MESSAGE =
  '交易接口只允许在聚石塔内调用：淘宝开放平台拒绝了从这台电脑读取订单（错误码 11，IP 不在白名单）。' +
  '这不是网络故障，重试也不会成功，所以已停止同步。' +
  '影响：无法补齐离线期间的订单、无法打开订单详情和获取 OAID；通过消息同步推送到的订单事件照常接收，短信发送和回执不受影响。' +
  '处理办法：在聚石塔内部署本应用的中继服务代为调用交易接口，或在开放平台控制台把本机出口 IP 加入应用的 IP 白名单（若该接口允许）。处理好后点“同步订单”再试。';

/**
 * The order was created more than `orders.oaidOrderMaxAgeDays` ago: its OAID may be refused (an assumption, see the
 * setting), so none is fetched or sent. NOT_FOUND, like any order without a usable OAID.
 */
export class OrderTooOldError extends AppError {
  constructor(
    readonly tid: string,
    readonly maxDays: number,
  ) {
    super('NOT_FOUND', `没有可用的 OAID：订单过旧（下单超过 ${maxDays} 天，平台可能拒绝这类 OAID）`);
  }
}

/** Any failure of an orders call as a plain Chinese problem with a stable code. */
export function ordersProblem(error: unknown): OrdersProblem {
  if (isTradeApiRestricted(error)) {
    return { code: 'trade-api-restricted', message: TRADE_API_RESTRICTED_MESSAGE, topCode: 11, subCode: error.sub_code };
  }
  if (error instanceof TopError) {
    const code = error.kind === 'network' || error.kind === 'timeout' ? 'network' : 'top-error';
    return {
      code,
      message: error.message,
      ...(error.topCode !== null ? { topCode: error.topCode } : {}),
      ...(error.sub_code ? { subCode: error.sub_code } : {}),
    };
  }
  if (error instanceof AppError && (error.code === 'NOT_CONFIGURED' || error.code.startsWith('VAULT')))
    return { code: 'not-configured', message: error.message };
  return { code: 'top-error', message: error instanceof Error ? error.message : String(error) };
}
