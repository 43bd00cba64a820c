// Trade events reach the seller's RocketMQ as TMC messages (orders-oaid.md §0, §2), read here with the official SDK.
import MQ from '@aliyunmq/mq-http-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { linkTrades, type LinkTradesOptions } from '../../../electron/sim/link-trades';
import { startMqSimulator, TMC_FORMATS, type MqSimulator } from '../../../electron/sim/mq-http';
import { startTopGateway, type TradeEvent } from '../../../electron/sim/top-gateway';
import { orderStory } from '../../helpers/order-story';

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function world(link: LinkTradesOptions = {}) {
  const [top, mq] = await Promise.all([startTopGateway(), startMqSimulator()]);
  const unlink = linkTrades(top.trades, mq, link);
  cleanups.push(
    () => top.close(),
    () => mq.close(),
    unlink,
  );
  return { top, mq };
}

interface Consumed {
  tag: string;
  body: string;
}

/** Every visible message, consumed and acked with the official SDK. */
async function drain(mq: MqSimulator): Promise<Consumed[]> {
  const consumer = new MQ.MQClient(mq.endpoint, mq.accessKeyId, mq.accessKeySecret).getConsumer(mq.instanceId, mq.topics[0]!, mq.groups[0]!);
  const out: Consumed[] = [];
  for (;;) {
    let res: { body: Array<{ MessageTag?: string; MessageBody: string; ReceiptHandle: string }> };
    try {
      res = await consumer.consumeMessage(16, 0);
    } catch (error) {
      if ((error as { Code?: string }).Code === 'MessageNotExist') return out;
      throw error;
    }
    for (const m of res.body) out.push({ tag: m.MessageTag ?? '', body: m.MessageBody });
    await consumer.ackMessage(res.body.map((m) => m.ReceiptHandle));
  }
}

const TOPICS = [
  'taobao_trade_TradeCreate',
  'taobao_trade_TradeBuyerPay',
  'taobao_trade_TradeSellerShip',
  'taobao_logistics_LogsticDetailTrace',
  'taobao_logistics_LogsticDetailTrace',
  'taobao_trade_TradeSuccess',
  'taobao_trade_TradeRated',
  'taobao_trade_TradeCreate',
  'taobao_trade_TradeBuyerPay',
  'taobao_refund_RefundCreated',
  'taobao_refund_RefundSellerAgreeAgreement',
  'taobao_refund_RefundSuccess',
  'taobao_trade_TradeCreate',
  'taobao_trade_TradeClose',
];

describe('TMC messages of trade transitions', () => {
  it('raw (default): tag = topic, body = content with the tid as an exact bare 19-digit number', async () => {
    const { top, mq } = await world();
    orderStory(top);
    const messages = await drain(mq);
    expect(messages.map((m) => m.tag)).toEqual(TOPICS);
    const create = messages[0]!;
    expect(create.body).toContain('"tid":4123456789012345678');
    expect(create.body).not.toContain('碎花小裙子');
    const content = JSON.parse(create.body.replace(/"(tid|oid)":(\d+)/g, '"$1":"$2"')) as Record<string, string>;
    expect(content).toMatchObject({ tid: '4123456789012345678', buyer_nick: '碎**', seller_nick: '张三男装淘宝店', status: 'WAIT_BUYER_PAY', type: 'fixed' });
    expect(content.buyer_open_uid).toMatch(/^AAH/);
    const traces = messages.filter((m) => m.tag === 'taobao_logistics_LogsticDetailTrace').map((m) => JSON.parse(m.body) as Record<string, unknown>);
    expect(traces.map((t) => t.action)).toEqual(['CONSIGN', 'SIGNED']);
    expect(traces[0]).toMatchObject({ company_name: '中通快递', out_sid: '75123456789' });
    expect(JSON.parse(messages[6]!.body)).toMatchObject({ rater: 'buyer' });
    const refund = JSON.parse(messages[11]!.body.replace(/"(\w+_id|tid|oid)":(\d+)/g, '"$1":"$2"')) as Record<string, string>;
    expect(refund).toMatchObject({ refund_fee: '10.00', tid: '4123456789012345679' });
    expect(refund.refund_id).toMatch(/^\d+$/);
    expect(JSON.parse(messages[13]!.body)).toMatchObject({ status: 'TRADE_CLOSED_BY_TAOBAO' });
  });

  it.each(TMC_FORMATS)('format %s decodes to the same content', async (format) => {
    const { top, mq } = await world({ format });
    const seen: TradeEvent[] = [];
    top.trades.onEvent((e) => seen.push(e));
    const t = top.trades.create({ tid: '4123456789012345678' });
    top.trades.pay(t.tid);
    const messages = await drain(mq);
    expect(messages).toHaveLength(2);
    for (const [i, m] of messages.entries()) {
      const text = format.startsWith('base64-') ? Buffer.from(m.body, 'base64').toString('utf8') : m.body;
      let contentText = text;
      if (format.endsWith('envelope')) {
        const envelope = JSON.parse(text) as { topic: string; content: string; user_nick: string; pub_time: string; user_id: number };
        expect(envelope.topic).toBe(seen[i]!.topic);
        expect(envelope.user_nick).toBe('张三男装淘宝店');
        expect(envelope.pub_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
        contentText = envelope.content;
      }
      expect(contentText).toContain('"tid":4123456789012345678');
      expect(m.tag).toBe(seen[i]!.topic);
    }
  });

  it('ids as strings, and no tag (the topic then rides in the body)', async () => {
    const { top, mq } = await world({ ids: 'string', tag: null });
    top.trades.create({ tid: '4123456789012345678' });
    const [m] = await drain(mq);
    expect(m!.tag).toBe('');
    expect(JSON.parse(m!.body)).toMatchObject({ topic: 'taobao_trade_TradeCreate', tid: '4123456789012345678' });
  });
});

describe('publishTmc over the control API', () => {
  it('POST /__sim/tmc publishes one message with the topic as tag', async () => {
    const mq = await startMqSimulator();
    cleanups.push(() => mq.close());
    const res = await fetch(`${mq.endpoint}/__sim/tmc`, {
      method: 'POST',
      body: JSON.stringify({
        topic: 'taobao_refund_RefundClosed',
        content: { tid: '4123456789012345678', refund_fee: '1.00' },
        options: { format: 'envelope' },
      }),
    });
    expect(res.status).toBe(201);
    const [m] = await drain(mq);
    expect(m!.tag).toBe('taobao_refund_RefundClosed');
    expect(JSON.parse(JSON.parse(m!.body).content as string)).toEqual({ tid: '4123456789012345678', refund_fee: '1.00' });
    const bad = await fetch(`${mq.endpoint}/__sim/tmc`, { method: 'POST', body: JSON.stringify({ topic: 'no spaces allowed', content: {} }) });
    expect(bad.status).toBe(400);
  });
});

describe('trade world transitions', () => {
  it('refuses what the platform would not do, with a clear message', async () => {
    const top = await startTopGateway();
    cleanups.push(() => top.close());
    const t = top.trades;
    const unpaid = t.create();
    expect(() => t.ship(unpaid.tid)).toThrow(/WAIT_BUYER_PAY.*不能发货/);
    expect(() => t.refund(unpaid.tid, 'created')).toThrow(/不能申请退款/);
    t.close(unpaid.tid);
    expect(t.get(unpaid.tid)!.status).toBe('TRADE_CLOSED_BY_TAOBAO');
    expect(() => t.pay(unpaid.tid)).toThrow(/TRADE_CLOSED_BY_TAOBAO.*不能付款/);
    const paid = t.create();
    t.pay(paid.tid);
    expect(() => t.sign(paid.tid)).toThrow(/不能签收/);
    expect(() => t.rate(paid.tid)).toThrow(/不能评价/);
    t.close(paid.tid);
    expect(t.get(paid.tid)!.status).toBe('TRADE_CLOSED');
    expect(() => t.create({ tid: paid.tid })).toThrow(/已存在/);
    expect(() => t.pay('4999999999999999999')).toThrow(/不存在/);
    const multi = t.create({
      items: [
        { title: 'A', price: '1.00', num: 1 },
        { title: 'B', price: '2.50', num: 2 },
      ],
      postFee: '8.00',
    });
    expect(multi).toMatchObject({ totalFee: '6.00', payment: '14.00' });
    t.pay(multi.tid);
    t.ship(multi.tid, { partial: true });
    expect(t.get(multi.tid)!.status).toBe('SELLER_CONSIGNED_PART');
    t.ship(multi.tid);
    expect(t.get(multi.tid)!.status).toBe('WAIT_BUYER_CONFIRM_GOODS');
  });
});

describe('delivery reports of OAID sends', () => {
  it('carry the biz_id and the order id, and no receiver', async () => {
    const mq = await startMqSimulator({ bodyFormat: 'raw' });
    cleanups.push(() => mq.close());
    const [published] = mq.reportForSend({
      bizId: '104471625001^1106086025583',
      phone: '',
      oaid: 'OAIDxyz',
      orderId: '4123456789012345678',
      delivery: { delivered: true, resultCode: 'DELIVRD' },
    });
    const body = JSON.parse(published!.body) as Record<string, string>;
    expect(body).toMatchObject({ biz_id: '104471625001^1106086025583', out_id: '4123456789012345678', state: '1', err_code: 'DELIVRD' });
    expect('receiver' in body).toBe(false);
  });
});
