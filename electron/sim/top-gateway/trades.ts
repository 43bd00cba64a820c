// The simulated seller's trades (orders-oaid.md §6): statuses and times, validated transitions, the TMC message each
// transition publishes (§2), encrypted receiver fields and the OAID (§1a). Receiver plaintext lives only in here;
// every API answer and every message carries it encrypted or not at all.
import { createHash } from 'node:crypto';
import { beijingDayKey, beijingDayStart, DAY_MS } from '../../../shared/time/beijing';
import { JsonNumber } from '../raw-json';
import { formatGmt8 } from './protocol';

export interface SimTradeItem {
  oid: string;
  title: string;
  price: string;
  num: number;
  numIid: string;
  skuId?: string;
  refundStatus?: string;
}

export interface SimTradeReceiver {
  name: string;
  mobile: string;
  phone: string;
  address: string;
  state: string;
  city: string;
  district: string;
}

export interface SimTrade {
  /** 19 digits. */
  tid: string;
  sellerNick: string;
  buyerOpenUid: string;
  /** Plaintext in the sim; TMC and APIs give it masked like "碎**". */
  buyerNick: string;
  /** TOP trade status (§6). */
  status: string;
  created: number;
  payTime?: number;
  consignTime?: number;
  /** When the logistics trace said SIGNED. */
  signTime?: number;
  endTime?: number;
  modified: number;
  payment: string;
  postFee: string;
  totalFee: string;
  items: SimTradeItem[];
  outSid?: string;
  companyName?: string;
  buyerRate: boolean;
  refund?: { refundId: string; status: string; refundFee: string };
  /** Plaintext only inside the sim; every API returns them encrypted. An empty name/mobile/address = missing. */
  receiver: SimTradeReceiver;
}

export interface TradeEvent {
  /** TMC topic, e.g. taobao_trade_TradeCreate. */
  topic: string;
  /** The TMC content (§2); 19-digit ids are JsonNumber (bare digits in JSON text). */
  content: Record<string, unknown>;
  sellerNick: string;
  pubTime: number;
}

export interface CreateTradeInput {
  tid?: string;
  buyerOpenUid?: string;
  buyerNick?: string;
  sellerNick?: string;
  payment?: string;
  postFee?: string;
  items?: Array<{ title: string; price: string; num: number; numIid?: string; skuId?: string }>;
  createdAt?: number;
  receiver?: Partial<SimTradeReceiver>;
}

export type RefundStage = 'created' | 'agreed' | 'success' | 'closed';

export interface TradeWorld {
  create(o?: CreateTradeInput): SimTrade;
  pay(tid: string, at?: number): SimTrade;
  ship(tid: string, o?: { companyName?: string; outSid?: string; partial?: boolean; at?: number }): SimTrade;
  /** Logistics action SIGNED (the trade status stays WAIT_BUYER_CONFIRM_GOODS). */
  sign(tid: string, at?: number): SimTrade;
  /** TradeSuccess (TRADE_FINISHED). */
  succeed(tid: string, at?: number): SimTrade;
  refund(tid: string, stage: RefundStage, o?: { refundFee?: string; at?: number }): SimTrade;
  /** TradeClose: unpaid → TRADE_CLOSED_BY_TAOBAO, after payment → TRADE_CLOSED. */
  close(tid: string, at?: number): SimTrade;
  /** TradeRated by the buyer. */
  rate(tid: string, at?: number): SimTrade;
  get(tid: string): SimTrade | undefined;
  list(): SimTrade[];
  /** Deterministic from app key + receiver identity + natural week of creation + seller; throws when it cannot exist. */
  oaidFor(tid: string, appKey: string): string;
  /** False when the order lacks receiver name, mobile or address (the platform then cannot build an OAID). */
  canHaveOaid(tid: string): boolean;
  onEvent(listener: (e: TradeEvent) => void): () => void;
  /** The gateway clock the world reads. */
  now(): number;
}

export const DEFAULT_SELLER_NICK = '张三男装淘宝店';

const PAID = ['WAIT_SELLER_SEND_GOODS', 'SELLER_CONSIGNED_PART', 'WAIT_BUYER_CONFIRM_GOODS', 'TRADE_BUYER_SIGNED', 'TRADE_FINISHED'];
const CLOSED = ['TRADE_CLOSED', 'TRADE_CLOSED_BY_TAOBAO'];

/** "碎**": first character + two stars, what TMC and the trade APIs show of a nick (§2 sample). */
export function maskNick(nick: string): string {
  const first = [...nick][0] ?? '';
  return `${first}**`;
}

/**
 * An opaque stand-in for the platform's encrypted receiver fields ("~AgAAAA…~"): a keyed digest, so equal inputs give
 * equal ciphertexts (as the platform's search-friendly encryption does) and the plaintext never appears in it.
 */
export function encryptField(kind: string, plaintext: string, sellerNick: string): string {
  if (!plaintext) return '';
  const digest = createHash('sha256').update(`jst-sim-encrypt\u0000${sellerNick}\u0000${kind}\u0000${plaintext}`).digest('base64').replace(/=+$/, '');
  return `~AgAAAA${digest}~${kind.length % 10}~`;
}

/** Monday 00:00 Beijing time of the natural week containing `ms`, as a day key. */
export function naturalWeekKey(ms: number): string {
  const day = beijingDayKey(ms);
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return beijingDayKey(beijingDayStart(day) - ((weekday + 6) % 7) * DAY_MS);
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** 70 base-62 characters, the shape of the doc's example OAID. */
function oaidText(seed: string): string {
  let out = '';
  for (let round = 0; out.length < 70; round++) {
    const bytes = createHash('sha256').update(`${round}\u0000${seed}`).digest();
    for (const b of bytes) if (out.length < 70) out += BASE62[b % 62];
  }
  return out;
}

/** FNV-1a: small stable numbers for deterministic defaults. */
function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军'];
const REGIONS: Array<[string, string, string]> = [
  ['浙江省', '杭州市', '西湖区'],
  ['广东省', '深圳市', '南山区'],
  ['上海', '上海市', '浦东新区'],
  ['北京', '北京市', '朝阳区'],
  ['江苏省', '南京市', '鼓楼区'],
  ['四川省', '成都市', '武侯区'],
];

function defaultReceiver(buyerOpenUid: string): SimTradeReceiver {
  const h = fnv(buyerOpenUid);
  const [state, city, district] = REGIONS[h % REGIONS.length]!;
  return {
    name: SURNAMES[h % SURNAMES.length]! + GIVEN[(h >>> 4) % GIVEN.length]!,
    mobile: `13${String(h % 1_000_000_000).padStart(9, '0')}`,
    phone: '',
    address: `${district}文三路${(h >>> 8) % 500}号${(h >>> 16) % 30}幢`,
    state,
    city,
    district,
  };
}

function money(cents: number): string {
  return (cents / 100).toFixed(2);
}

function cents(text: string, what: string): number {
  if (!/^\d+(\.\d{1,2})?$/.test(text)) throw new Error(`${what} 必须是金额（元，最多两位小数）：${text}`);
  return Math.round(Number(text) * 100);
}

export class SimTradeWorld implements TradeWorld {
  private readonly trades = new Map<string, SimTrade>();
  private readonly listeners = new Set<(e: TradeEvent) => void>();
  private tidSeq: bigint;
  private refundSeq = 0;
  /** Sends 11 when on: trade APIs are callable only from inside Jushita (orders-oaid.md §0). */
  restricted = false;
  /**
   * OAID batchsend refuses orders created more than this many days ago with isv.OAID_EXPIRED (an assumption: the
   * sources only say the OAID changes per natural week of creation; no code is documented). null = never.
   */
  oaidMaxOrderAgeDays: number | null = null;

  constructor(
    readonly now: () => number,
    private readonly defaultSellerNick = DEFAULT_SELLER_NICK,
    seed = 0,
  ) {
    // Real tids are 19 digits starting with the buyer-side shard; a seeded start keeps demo runs reproducible.
    this.tidSeq = 3_968_104_221_000_000_000n + BigInt(seed % 1_000_000) * 1_000n;
  }

  create(o: CreateTradeInput = {}): SimTrade {
    const at = o.createdAt ?? this.now();
    const tid = o.tid ?? this.nextTid();
    if (!/^\d{19}$/.test(tid)) throw new Error(`tid 必须是 19 位数字：${tid}`);
    if (this.trades.has(tid)) throw new Error(`订单 ${tid} 已存在`);
    const buyerOpenUid = o.buyerOpenUid ?? `AAH${createHash('sha256').update(tid).digest('base64url').slice(0, 21)}`;
    const items = (o.items ?? [{ title: '纯棉修身衬衫', price: '129.00', num: 1 }]).map((item, i) => {
      if (!Number.isInteger(item.num) || item.num < 1) throw new Error(`商品数量必须是正整数：${item.num}`);
      cents(item.price, '商品单价');
      return {
        oid: i === 0 ? tid : (BigInt(tid) + BigInt(i) * 10_000n).toString(),
        title: item.title,
        price: item.price,
        num: item.num,
        numIid: item.numIid ?? String(600_000_000_000 + (fnv(item.title) % 99_999_999)),
        skuId: item.skuId,
      } satisfies SimTradeItem;
    });
    const postFee = o.postFee ?? '0.00';
    const itemsTotal = items.reduce((sum, item) => sum + cents(item.price, '商品单价') * item.num, 0);
    const payment = o.payment ?? money(itemsTotal + cents(postFee, '邮费'));
    cents(payment, '实付金额');
    const receiver = { ...defaultReceiver(buyerOpenUid), ...o.receiver };
    const trade: SimTrade = {
      tid,
      sellerNick: o.sellerNick ?? this.defaultSellerNick,
      buyerOpenUid,
      buyerNick: o.buyerNick ?? `tb${fnv(buyerOpenUid) % 100_000_000}`,
      status: 'WAIT_BUYER_PAY',
      created: at,
      modified: at,
      payment,
      postFee,
      totalFee: money(itemsTotal),
      items,
      buyerRate: false,
      receiver,
    };
    this.trades.set(tid, trade);
    this.emit(trade, 'taobao_trade_TradeCreate', at, { payment, status: trade.status });
    return trade;
  }

  pay(tid: string, at = this.now()): SimTrade {
    const t = this.must(tid);
    if (t.status !== 'WAIT_BUYER_PAY') throw this.refused(t, '付款', '只有等待买家付款（WAIT_BUYER_PAY）的订单可以付款');
    this.touch(t, at, 'WAIT_SELLER_SEND_GOODS');
    t.payTime = at;
    this.emit(t, 'taobao_trade_TradeBuyerPay', at, { payment: t.payment, post_fee: t.postFee });
    return t;
  }

  ship(tid: string, o: { companyName?: string; outSid?: string; partial?: boolean; at?: number } = {}): SimTrade {
    const t = this.must(tid);
    const at = o.at ?? this.now();
    if (t.status !== 'WAIT_SELLER_SEND_GOODS' && t.status !== 'SELLER_CONSIGNED_PART')
      throw this.refused(t, '发货', '只有已付款待发货（WAIT_SELLER_SEND_GOODS / SELLER_CONSIGNED_PART）的订单可以发货');
    if (t.refund?.status === 'SUCCESS') throw this.refused(t, '发货', '订单已退款成功');
    const partial = o.partial === true && t.items.length > 1 && t.status === 'WAIT_SELLER_SEND_GOODS';
    if (o.partial === true && !partial) throw this.refused(t, '部分发货', '部分发货需要多个子订单且尚未发过货');
    this.touch(t, at, partial ? 'SELLER_CONSIGNED_PART' : 'WAIT_BUYER_CONFIRM_GOODS');
    t.consignTime ??= at;
    t.companyName = o.companyName ?? t.companyName ?? '中通快递';
    t.outSid = o.outSid ?? t.outSid ?? `7${String(fnv(`${tid}:sid`) % 1_000_000_000).padStart(9, '0')}${tid.slice(-4)}`;
    this.emit(t, partial ? 'taobao_trade_TradePartlySellerShip' : 'taobao_trade_TradeSellerShip', at, { payment: t.payment, status: t.status });
    this.emitLogistics(t, 'CONSIGN', at, '卖家已发货');
    return t;
  }

  sign(tid: string, at = this.now()): SimTrade {
    const t = this.must(tid);
    if (t.status !== 'WAIT_BUYER_CONFIRM_GOODS') throw this.refused(t, '签收', '只有已发货（WAIT_BUYER_CONFIRM_GOODS）的订单可以签收');
    if (t.signTime !== undefined) throw this.refused(t, '签收', '包裹已签收过');
    t.signTime = at;
    t.modified = Math.max(t.modified, at);
    this.emitLogistics(t, 'SIGNED', at, '已签收，签收人：本人');
    return t;
  }

  succeed(tid: string, at = this.now()): SimTrade {
    const t = this.must(tid);
    if (t.status !== 'WAIT_BUYER_CONFIRM_GOODS' && t.status !== 'TRADE_BUYER_SIGNED')
      throw this.refused(t, '确认收货', '只有已发货（WAIT_BUYER_CONFIRM_GOODS）的订单可以交易成功');
    this.touch(t, at, 'TRADE_FINISHED');
    t.endTime = at;
    this.emit(t, 'taobao_trade_TradeSuccess', at, { payment: t.payment, status: t.status });
    return t;
  }

  refund(tid: string, stage: RefundStage, o: { refundFee?: string; at?: number } = {}): SimTrade {
    const t = this.must(tid);
    const at = o.at ?? this.now();
    const open = t.refund && (t.refund.status === 'WAIT_SELLER_AGREE' || t.refund.status === 'WAIT_BUYER_RETURN_GOODS');
    if (stage === 'created') {
      if (!PAID.includes(t.status)) throw this.refused(t, '申请退款', '只有已付款且未关闭的订单可以退款');
      if (open) throw this.refused(t, '申请退款', '已有进行中的退款');
      if (t.refund?.status === 'SUCCESS') throw this.refused(t, '申请退款', '订单已退款成功');
      const refundFee = o.refundFee ?? t.payment;
      if (cents(refundFee, '退款金额') > cents(t.payment, '实付金额') || cents(refundFee, '退款金额') === 0)
        throw this.refused(t, '申请退款', `退款金额须大于 0 且不超过实付 ${t.payment}`);
      t.refund = { refundId: this.nextRefundId(tid), status: 'WAIT_SELLER_AGREE', refundFee };
      this.setRefundStatus(t, 'WAIT_SELLER_AGREE', at);
      this.emitRefund(t, 'taobao_refund_RefundCreated', at);
      return t;
    }
    if (!open) throw this.refused(t, '处理退款', '没有进行中的退款（先 refund(tid, "created")）');
    if (stage === 'agreed') {
      if (t.refund!.status !== 'WAIT_SELLER_AGREE') throw this.refused(t, '同意退款', '卖家已同意过');
      this.setRefundStatus(t, 'WAIT_BUYER_RETURN_GOODS', at);
      this.emitRefund(t, 'taobao_refund_RefundSellerAgreeAgreement', at);
    } else if (stage === 'success') {
      this.setRefundStatus(t, 'SUCCESS', at);
      this.emitRefund(t, 'taobao_refund_RefundSuccess', at);
      // A full refund closes the trade (TRADE_CLOSED: "refunded after payment").
      if (t.refund!.refundFee === t.payment && t.status !== 'TRADE_FINISHED') {
        this.touch(t, at, 'TRADE_CLOSED');
        t.endTime = at;
        this.emit(t, 'taobao_trade_TradeClose', at, { payment: t.payment, status: t.status, num_iid: new JsonNumber(t.items[0]!.numIid) });
      }
    } else {
      this.setRefundStatus(t, 'CLOSED', at);
      this.emitRefund(t, 'taobao_refund_RefundClosed', at);
    }
    return t;
  }

  close(tid: string, at = this.now()): SimTrade {
    const t = this.must(tid);
    if (CLOSED.includes(t.status)) throw this.refused(t, '关闭', '订单已关闭');
    if (t.status === 'TRADE_FINISHED') throw this.refused(t, '关闭', '交易已成功的订单不能关闭');
    this.touch(t, at, t.status === 'WAIT_BUYER_PAY' ? 'TRADE_CLOSED_BY_TAOBAO' : 'TRADE_CLOSED');
    t.endTime = at;
    this.emit(t, 'taobao_trade_TradeClose', at, { payment: t.payment, status: t.status, num_iid: new JsonNumber(t.items[0]!.numIid) });
    return t;
  }

  rate(tid: string, at = this.now()): SimTrade {
    const t = this.must(tid);
    if (t.status !== 'TRADE_FINISHED') throw this.refused(t, '评价', '只有交易成功（TRADE_FINISHED）的订单可以评价');
    if (t.buyerRate) throw this.refused(t, '评价', '买家已评价过');
    t.buyerRate = true;
    t.modified = Math.max(t.modified, at);
    this.emit(t, 'taobao_trade_TradeRated', at, { rater: 'buyer' });
    return t;
  }

  get(tid: string): SimTrade | undefined {
    return this.trades.get(tid);
  }

  list(): SimTrade[] {
    return [...this.trades.values()];
  }

  canHaveOaid(tid: string): boolean {
    const r = this.must(tid).receiver;
    // "原始订单上座机为空也满足条件": the landline may be empty, the other three may not.
    return Boolean(r.name && r.mobile && r.address);
  }

  oaidFor(tid: string, appKey: string): string {
    const t = this.must(tid);
    if (!this.canHaveOaid(tid)) throw new Error(`订单 ${tid} 缺少收货人姓名、手机或地址，无法生成 OAID`);
    const r = t.receiver;
    return oaidText([appKey, t.sellerNick, r.name, r.mobile, r.phone, r.address, naturalWeekKey(t.created)].join('\u0000'));
  }

  onEvent(listener: (e: TradeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private nextTid(): string {
    let tid: string;
    do tid = (this.tidSeq += 1_000_003n).toString();
    while (this.trades.has(tid));
    return tid;
  }

  private nextRefundId(tid: string): string {
    return `2${String(++this.refundSeq).padStart(6, '0')}${tid.slice(-12)}`;
  }

  private must(tid: string): SimTrade {
    const t = this.trades.get(tid);
    if (!t) throw new Error(`订单 ${tid} 不存在`);
    return t;
  }

  private refused(t: SimTrade, action: string, why: string): Error {
    return new Error(`订单 ${t.tid} 当前状态 ${t.status}${t.refund ? `（退款 ${t.refund.status}）` : ''}，不能${action}：${why}`);
  }

  /** Status never goes back in time: a transition dated before the last change still moves `modified` forward only. */
  private touch(t: SimTrade, at: number, status: string) {
    t.status = status;
    t.modified = Math.max(t.modified, at);
  }

  private setRefundStatus(t: SimTrade, status: string, at: number) {
    t.refund!.status = status;
    for (const item of t.items) item.refundStatus = status;
    t.modified = Math.max(t.modified, at);
  }

  private base(t: SimTrade): Record<string, unknown> {
    return {
      buyer_nick: maskNick(t.buyerNick),
      buyer_open_uid: t.buyerOpenUid,
      oid: new JsonNumber(t.items[0]!.oid),
      seller_nick: t.sellerNick,
      tid: new JsonNumber(t.tid),
      type: 'fixed',
    };
  }

  private emit(t: SimTrade, topic: string, at: number, extra: Record<string, unknown>) {
    this.publish({ topic, content: { ...this.base(t), ...extra }, sellerNick: t.sellerNick, pubTime: at });
  }

  private emitRefund(t: SimTrade, topic: string, at: number) {
    const r = t.refund!;
    this.publish({
      topic,
      content: {
        bill_type: 'refund_bill',
        buyer_nick: maskNick(t.buyerNick),
        buyer_open_uid: t.buyerOpenUid,
        modified: formatGmt8(at),
        oid: new JsonNumber(t.items[0]!.oid),
        refund_fee: r.refundFee,
        refund_id: new JsonNumber(r.refundId),
        refund_phase: t.status === 'TRADE_FINISHED' ? 'aftersale' : 'onsale',
        seller_nick: t.sellerNick,
        tid: new JsonNumber(t.tid),
      },
      sellerNick: t.sellerNick,
      pubTime: at,
    });
  }

  private emitLogistics(t: SimTrade, action: string, at: number, desc: string) {
    this.publish({
      topic: 'taobao_logistics_LogsticDetailTrace',
      content: { action, company_name: t.companyName, desc, out_sid: t.outSid, tid: new JsonNumber(t.tid), time: formatGmt8(at) },
      sellerNick: t.sellerNick,
      pubTime: at,
    });
  }

  private publish(event: TradeEvent) {
    for (const listener of [...this.listeners]) listener(event);
  }
}
