// TOP trade statuses, TMC order topics and the rank that keeps an order's state from going backwards
// (WAIT_BUYER_PAY < paid < shipped < signed < finished/closed). Shared: the renderer labels the same values.

export const TRADE_STATUSES = [
  'TRADE_NO_CREATE_PAY',
  'WAIT_BUYER_PAY',
  'PAY_PENDING',
  'WAIT_PRE_AUTH_CONFIRM',
  'WAIT_SELLER_SEND_GOODS',
  'PAID_FORBID_CONSIGN',
  'SELLER_CONSIGNED_PART',
  'WAIT_BUYER_CONFIRM_GOODS',
  'TRADE_BUYER_SIGNED',
  'TRADE_FINISHED',
  'TRADE_CLOSED',
  'TRADE_CLOSED_BY_TAOBAO',
] as const;
export type TradeStatus = (typeof TRADE_STATUSES)[number];

/** Higher = later in an order's life. Final statuses share the top rank: between them the newer fact wins. */
export const STATUS_RANK: Readonly<Record<TradeStatus, number>> = {
  TRADE_NO_CREATE_PAY: 1,
  WAIT_BUYER_PAY: 1,
  PAY_PENDING: 1,
  WAIT_PRE_AUTH_CONFIRM: 1,
  WAIT_SELLER_SEND_GOODS: 2,
  PAID_FORBID_CONSIGN: 2,
  SELLER_CONSIGNED_PART: 3,
  WAIT_BUYER_CONFIRM_GOODS: 4,
  TRADE_BUYER_SIGNED: 5,
  TRADE_FINISHED: 6,
  TRADE_CLOSED: 6,
  TRADE_CLOSED_BY_TAOBAO: 6,
};
export const FINAL_RANK = 6;

export function isTradeStatus(value: unknown): value is TradeStatus {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(STATUS_RANK, value);
}

export const STATUS_LABELS_ZH: Readonly<Record<TradeStatus, string>> = {
  TRADE_NO_CREATE_PAY: '没有创建支付宝交易',
  WAIT_BUYER_PAY: '等待买家付款',
  PAY_PENDING: '付款确认中',
  WAIT_PRE_AUTH_CONFIRM: '0元购合约中',
  WAIT_SELLER_SEND_GOODS: '买家已付款',
  PAID_FORBID_CONSIGN: '已付款（禁止发货）',
  SELLER_CONSIGNED_PART: '部分发货',
  WAIT_BUYER_CONFIRM_GOODS: '卖家已发货',
  TRADE_BUYER_SIGNED: '买家已签收（货到付款）',
  TRADE_FINISHED: '交易成功',
  TRADE_CLOSED: '交易关闭（付款后退款）',
  TRADE_CLOSED_BY_TAOBAO: '交易关闭（付款前关闭）',
};

/**
 * TMC topics the app understands (orders-oaid.md §2). `status` = what the event says about the trade status;
 * null = the event is kept in the timeline but does not move the status (rating, refunds, logistics, edits).
 */
export const ORDER_TOPICS = {
  taobao_trade_TradeCreate: { group: 'trade', status: 'WAIT_BUYER_PAY' },
  taobao_trade_TradeBuyerPay: { group: 'trade', status: 'WAIT_SELLER_SEND_GOODS' },
  taobao_trade_TradePartlySellerShip: { group: 'trade', status: 'SELLER_CONSIGNED_PART' },
  taobao_trade_TradeSellerShip: { group: 'trade', status: 'WAIT_BUYER_CONFIRM_GOODS' },
  taobao_trade_TradeSuccess: { group: 'trade', status: 'TRADE_FINISHED' },
  // Closed before or after payment: decided against what is known of the order (see orders/state.ts).
  taobao_trade_TradeClose: { group: 'trade', status: 'TRADE_CLOSED_BY_TAOBAO' },
  taobao_trade_TradeRated: { group: 'trade', status: null },
  taobao_trade_TradeChanged: { group: 'trade', status: null },
  taobao_trade_TradeModifyFee: { group: 'trade', status: null },
  taobao_trade_TradeMemoModified: { group: 'trade', status: null },
  taobao_trade_TradeLogisticsAddressChanged: { group: 'trade', status: null },
  taobao_trade_TradeDelayConfirmPay: { group: 'trade', status: null },
  taobao_trade_TradeTimeoutRemind: { group: 'trade', status: null },
  taobao_refund_RefundCreated: { group: 'refund', status: null },
  taobao_refund_RefundSellerAgreeAgreement: { group: 'refund', status: null },
  taobao_refund_RefundSellerRefuseAgreement: { group: 'refund', status: null },
  taobao_refund_RefundBuyerModifyAgreement: { group: 'refund', status: null },
  taobao_refund_RefundBuyerReturnGoods: { group: 'refund', status: null },
  taobao_refund_RefundClosed: { group: 'refund', status: null },
  taobao_refund_RefundSuccess: { group: 'refund', status: null },
  taobao_logistics_LogsticDetailTrace: { group: 'logistics', status: null },
} as const satisfies Record<string, { group: 'trade' | 'refund' | 'logistics'; status: TradeStatus | null }>;
export type OrderTopic = keyof typeof ORDER_TOPICS;
export type OrderTopicGroup = (typeof ORDER_TOPICS)[OrderTopic]['group'];

/** Lifecycle position of a topic: events of the same second are shown in this order (create before pay …). */
export const TOPIC_ORDER: Readonly<Record<string, number>> = Object.fromEntries(Object.keys(ORDER_TOPICS).map((topic, i) => [topic, i]));

export function isOrderTopic(name: string): name is OrderTopic {
  return Object.prototype.hasOwnProperty.call(ORDER_TOPICS, name);
}

/** A TMC topic of the order families that this app does not handle (quarantined with its own reason). */
export function looksLikeOrderTopic(name: string): boolean {
  return /^taobao_(trade|refund|logistics)_/.test(name);
}

/** Refund status after each refund topic (what the seller sees; TOP's own refund_status values). */
export const REFUND_STATUS_BY_TOPIC: Readonly<Partial<Record<OrderTopic, string>>> = {
  taobao_refund_RefundCreated: 'WAIT_SELLER_AGREE',
  taobao_refund_RefundBuyerModifyAgreement: 'WAIT_SELLER_AGREE',
  taobao_refund_RefundSellerAgreeAgreement: 'WAIT_BUYER_RETURN_GOODS',
  taobao_refund_RefundBuyerReturnGoods: 'WAIT_SELLER_CONFIRM_GOODS',
  taobao_refund_RefundSellerRefuseAgreement: 'SELLER_REFUSE_BUYER',
  taobao_refund_RefundClosed: 'CLOSED',
  taobao_refund_RefundSuccess: 'SUCCESS',
};

/** Masks a buyer nick the way the platform's own samples and template rules do: first character + "**". */
export function maskNick(nick: string): string {
  const trimmed = nick.trim();
  if (!trimmed) return '';
  const first = Array.from(trimmed)[0]!;
  return `${first}**`;
}
