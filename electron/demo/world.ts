import { randomBytes } from 'node:crypto';
import { startMqSimulator, type MqSimulator } from '../sim/mq-http';
import { startTopGateway, type TopGateway } from '../sim/top-gateway';
import type { SendEvent } from '../sim/top-gateway/state';
import { linkTrades } from '../sim/link-trades';
import { startDemoShop, type DemoShop, type DemoShopOptions } from './shop';

/**
 * 体验演示模式: the strict TOP and RocketMQ simulators, in this process on loopback (random ports), plus
 * simulated buyers. The first SMS a number gets in a demo run is always delivered and answered within seconds (the
 * demo promises a reply to whatever number the seller types); later ones get delivery reports after a realistic
 * delay — most DELIVRD, a few failures with real carrier codes (report-codes.md §1C) — and some numbers reply a few
 * seconds later (a question, T, 退订, a thank-you), so notifications, the inbox and opt-out can be seen without a
 * Taobao account. Outcomes are a pure function of the phone number and how many SMS it got before; the gateway
 * stores each send's outcome, so num.query and the pushed reports agree.
 */
export const DEMO_SIGNATURE = '演示旗舰店';
export const DEMO_NOTICE_TEMPLATE = {
  code: 'SMS_DEMO_0001',
  name: '发货通知',
  content: '亲，您购买的${item}已发货，快递单号${waybill}，请留意查收。',
} as const;
/** The notice template's example values: a test SMS needs only the number. */
export const DEMO_NOTICE_EXAMPLE: Readonly<Record<string, string>> = { item: '羊毛大衣', waybill: 'SF1234567890' };
export const DEMO_MARKETING_TEMPLATE = {
  name: '双12会员专享',
  content: '双12会员专享：全店满199减30，戳 ${url} 抢先看。回T退订',
} as const;
/** Approved order templates for the five automations (order variables, masked by the send path as the rules require). */
export const DEMO_AUTOMATION_TEMPLATES = {
  'urge-pay': { code: 'SMS_DEMO_0101', name: '催付提醒', content: '亲，您拍下的订单${tid}还没有付款，库存有限，记得尽快付款哦。' },
  shipped: { code: 'SMS_DEMO_0102', name: '发货提醒', content: '亲，您的订单${tid}已由${company}发出，运单尾号${outSid}，请留意查收。' },
  signed: { code: 'SMS_DEMO_0103', name: '签收关怀', content: '亲，您的订单${tid}已签收，使用中有任何问题请随时联系我们。' },
  refund: { code: 'SMS_DEMO_0104', name: '退款提醒', content: '亲，订单${tid}的退款申请我们已收到，会尽快为您处理。' },
  review: { code: 'SMS_DEMO_0105', name: '好评邀请', content: '亲，订单${tid}的宝贝用得还满意吗？期待您的评价。' },
} as const;
export const DEMO_SHOP_URL = 'https://shop.taobao.com/demo-store.htm';
/** How long the simulated platform takes to approve a marketing template. */
export const DEMO_REVIEW_MS = 10_000;

/** Failures the demo shows, with codes from report-codes.md (meaning in shared/history when it lands). */
const FAILURE_CODES = ['MK:0001', 'MK:0005', 'MK:0010', 'DB:0141', 'UNDELIV'] as const;
const REPLIES = ['请问什么时候发货？', 'T', '退订', '收到了，谢谢！', '能改地址吗？'] as const;
/** Answers to a number's first SMS: never an opt-out, so the seller can go on sending to the number they tried. */
const FIRST_REPLIES = ['请问什么时候发货？', '收到了，谢谢！', '能改地址吗？'] as const;

export interface BuyerBehaviour {
  delivered: boolean;
  resultCode: string;
  /** Delay of the delivery report after the send. */
  reportDelayMs: number;
  /** A reply and its delay after the report, or null. */
  reply: { content: string; delayMs: number } | null;
}

/** Small stable hash of a phone number (FNV-1a). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * What a simulated buyer does with an SMS, given how many this number got before in this demo run: the first is
 * delivered within ~2.5 s and answered ~2–4 s later; after that ~10 % fail and ~30 % reply.
 */
export function buyerBehaviour(phone: string, sentBefore: number): BuyerBehaviour {
  const h = hash(phone);
  if (sentBefore === 0) {
    return {
      delivered: true,
      resultCode: 'DELIVRD',
      reportDelayMs: 1_000 + ((h >>> 8) % 1_500),
      reply: { content: FIRST_REPLIES[(h >>> 16) % FIRST_REPLIES.length]!, delayMs: 2_000 + ((h >>> 20) % 2_000) },
    };
  }
  const failed = h % 10 === 7;
  return {
    delivered: !failed,
    resultCode: failed ? FAILURE_CODES[(h >>> 4) % FAILURE_CODES.length]! : 'DELIVRD',
    reportDelayMs: 1_500 + ((h >>> 8) % 3_000),
    reply: !failed && (h >>> 12) % 10 < 3 ? { content: REPLIES[(h >>> 16) % REPLIES.length]!, delayMs: 2_000 + ((h >>> 20) % 4_000) } : null,
  };
}

export interface DemoWorld {
  top: TopGateway;
  mq: MqSimulator;
  /** The demo shop's simulated buyers placing orders (their TMC messages go to the MQ simulator). */
  shop: DemoShop;
  close(): Promise<void>;
}

export interface DemoWorldOptions {
  /** The shop's buyers, including how they respond to an SMS (`shop.response`). */
  shop?: DemoShopOptions;
}

export async function startDemoWorld(options: DemoWorldOptions = {}): Promise<DemoWorld> {
  // The demo drives both simulators in-process; their HTTP control APIs answer only a random per-run token, so a
  // web page open meanwhile cannot inject replies or orders.
  const controlToken = randomBytes(24).toString('hex');
  const mq = await startMqSimulator({ host: '127.0.0.1', controlToken });
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    timers.add(timer);
  };
  // SMS each buyer (a number, or an order for OAID sends) got in this run. The gateway asks for a send's outcome
  // (deliveryFor) right before it announces that send (onSend), so both see the same count.
  const received = new Map<string, number>();
  const onSend = (send: SendEvent) => {
    // An OAID send has no number: its buyer is its order, and its report carries the order id instead.
    const key = send.phone || (send.orderId ?? '');
    const sentBefore = received.get(key) ?? 0;
    received.set(key, sentBefore + 1);
    const buyer = buyerBehaviour(key, sentBefore);
    if (send.oaid !== undefined) {
      later(buyer.reportDelayMs, () => {
        // The buyer read it (or not): they may come back and order, more likely when it was delivered.
        if (send.orderId) shop.respond(send.orderId, send.outcome.delivered);
        mq.reportForSend({
          bizId: send.bizId,
          phone: '',
          oaid: send.oaid,
          orderId: send.orderId,
          sentAt: send.sentAtMs,
          extendNum: send.extendNum,
          delivery: send.outcome,
        });
        // The buyer answers from a number the seller never learns; only the extension code names the order.
        const reply = buyer.reply;
        if (reply) later(reply.delayMs, () => mq.publishReply({ content: reply.content, sign_name: send.signName, dest_code: send.extendNum ?? '' }));
      });
      return;
    }
    later(buyer.reportDelayMs, () => {
      mq.reportForSend({
        bizId: send.bizId,
        phone: send.phone,
        templateCode: send.templateCode,
        signName: send.signName,
        content: send.content,
        sentAt: send.sentAtMs,
        extendNum: send.extendNum,
        delivery: send.outcome,
      });
      if (buyer.reply) {
        const reply = buyer.reply;
        later(reply.delayMs, () => mq.publishReply({ sender: send.phone, content: reply.content, sign_name: send.signName, dest_code: send.extendNum ?? '' }));
      }
    });
  };
  const top = await startTopGateway({
    controlToken,
    reviewDelayMs: DEMO_REVIEW_MS,
    reviewOutcome: 'approved',
    deliveryDelayMs: 3_000,
    deliveryFor: (phone: string) => {
      const buyer = buyerBehaviour(phone, received.get(phone) ?? 0);
      return { delivered: buyer.delivered, resultCode: buyer.resultCode };
    },
    onSend,
    tradeSeed: options.shop?.seed ?? 1,
  });
  const unlinkTrades = linkTrades(top.trades, mq);
  // onSend above answers through it: sends only come once the demo core runs, long after this line.
  const shop = startDemoShop(top.trades, options.shop);
  top.control.seedTemplate({
    code: DEMO_NOTICE_TEMPLATE.code,
    name: DEMO_NOTICE_TEMPLATE.name,
    content: DEMO_NOTICE_TEMPLATE.content,
    type: 1,
    status: 'approved',
  });
  top.control.seedSignature({ name: DEMO_SIGNATURE, status: 'approved' });
  for (const t of Object.values(DEMO_AUTOMATION_TEMPLATES)) top.control.seedTemplate({ ...t, type: 1, status: 'approved' });

  let closed = false;
  return {
    top,
    mq,
    shop,
    async close() {
      if (closed) return;
      closed = true;
      shop.stop();
      unlinkTrades();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all([top.close(), mq.close()]);
    },
  };
}
