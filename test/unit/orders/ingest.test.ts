import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/core/db/database';
import { systemClock } from '../../../electron/core/clock';
import { createLogger } from '../../../electron/core/log/logger';
import { MessageStore } from '../../../electron/core/mq/store';
import { registerOrderIngest } from '../../../electron/core/orders/ingest';
import { OrderStore } from '../../../electron/core/orders/store';
import type { Settings } from '../../../electron/core/settings';
import { MqParsingSchema } from '../../../shared/settings/schema';
import { FORMATS, memorySettings, message, SELLER, TID, trade } from './fixtures';

const parsing = MqParsingSchema.parse({});
let db: Db;
let settings: Settings;
let messages: MessageStore;
let orders: OrderStore;
let changed: string[][];
let unregister: () => void;

beforeEach(() => {
  db = openDatabase(':memory:');
  settings = memorySettings();
  messages = new MessageStore(db, 1);
  orders = new OrderStore(db, 1);
  changed = [];
  unregister = registerOrderIngest({ db, shopId: 1, settings, log: createLogger({ secrets: () => [], sink: () => {} }), clock: systemClock }, (tids) =>
    changed.push(tids),
  );
});
afterEach(() => {
  unregister();
  db.close();
});

/** One event through the same path as the poller: envelope with its pub_time, so the fact time is known. */
const event = (topic: string, fields: Record<string, unknown>, pubTime: string) => {
  const m = message(topic, fields, 'envelope');
  const envelope = JSON.parse(m.body) as Record<string, unknown>;
  return { ...m, body: JSON.stringify({ ...envelope, pub_time: pubTime }) };
};

describe('order events folded into orders', () => {
  it('a payment before its creation, a message twice, and an old event after a newer one never move the order back', () => {
    messages.persistBatch([event('taobao_trade_TradeBuyerPay', trade(), '2026-12-01 10:05:00')], parsing);
    expect(orders.get(TID)).toMatchObject({ status: 'WAIT_SELLER_SEND_GOODS', event_count: 1 });
    const create = event('taobao_trade_TradeCreate', trade(), '2026-12-01 10:00:00');
    messages.persistBatch([create], parsing);
    // The same MessageId again, and the same content under another MessageId: both harmless.
    const again = messages.persistBatch([create, { ...create, messageId: 'other-id' }], parsing);
    expect(again.map((p) => p.duplicate)).toEqual(['messageId', 'businessKey']);
    const row = orders.get(TID)!;
    expect(row).toMatchObject({ status: 'WAIT_SELLER_SEND_GOODS', event_count: 2, payment: '100.00', buyer_nick: '碎**', buyer_open_uid: 'AAGq5d-buyer-1' });
    expect(row.created_at).toBe(Date.UTC(2026, 11, 1, 2, 0, 0));
    expect(row.pay_at).toBe(Date.UTC(2026, 11, 1, 2, 5, 0));

    messages.persistBatch([event('taobao_trade_TradeSuccess', trade(), '2026-12-05 10:00:00')], parsing);
    messages.persistBatch([event('taobao_trade_TradeSellerShip', trade(), '2026-12-02 10:00:00')], parsing);
    expect(orders.get(TID)).toMatchObject({ status: 'TRADE_FINISHED', event_count: 4 });
    expect(orders.timeline(TID).map((e) => e.topic)).toEqual([
      'taobao_trade_TradeCreate',
      'taobao_trade_TradeBuyerPay',
      'taobao_trade_TradeSellerShip',
      'taobao_trade_TradeSuccess',
    ]);
    expect(changed.flat()).toContain(TID);
  });

  it('one batch of many orders (new, existing, one order twice) ends exactly as the same events one batch each', () => {
    const tids = ['4012345678901230001', '4012345678901230002', '4012345678901230003'];
    const script = [
      event('taobao_trade_TradeCreate', trade({ tid: tids[0] }), '2026-12-01 10:00:00'),
      event('taobao_trade_TradeCreate', trade({ tid: tids[1] }), '2026-12-01 10:01:00'),
      event('taobao_trade_TradeBuyerPay', trade({ tid: tids[0] }), '2026-12-01 10:05:00'),
      event('taobao_trade_TradeClose', trade({ tid: tids[2] }), '2026-12-01 11:00:00'),
      event('taobao_trade_TradeBuyerPay', trade({ tid: tids[1] }), '2026-12-01 10:06:00'),
      event('taobao_trade_TradeSellerShip', trade({ tid: tids[0] }), '2026-12-02 09:00:00'),
    ].map((m, i) => ({ ...m, messageId: `batch-${i}` }));
    const rowsAfter = (persist: (store: MessageStore) => void) => {
      const other = openDatabase(':memory:');
      const unhook = registerOrderIngest({
        db: other,
        shopId: 1,
        settings: memorySettings(),
        log: createLogger({ secrets: () => [], sink: () => {} }),
        clock: systemClock,
      });
      persist(new MessageStore(other, 1));
      const store = new OrderStore(other, 1);
      const rows = tids.map((tid) => {
        const { id: _id, updated_at: _updated, ...row } = store.get(tid)!;
        return row;
      });
      unhook();
      other.close();
      return rows;
    };
    // The first order already exists before the batch (created by an earlier one).
    const batched = rowsAfter((store) => {
      store.persistBatch(script.slice(0, 1), parsing);
      store.persistBatch(script.slice(1), parsing);
    });
    const oneByOne = rowsAfter((store) => script.forEach((m) => store.persistBatch([m], parsing)));
    expect(batched).toEqual(oneByOne);
    expect(batched.map((r) => [r.status, r.event_count])).toEqual([
      ['WAIT_BUYER_CONFIRM_GOODS', 3],
      ['WAIT_SELLER_SEND_GOODS', 2],
      ['TRADE_CLOSED_BY_TAOBAO', 1],
    ]);
  });

  it.each(FORMATS)('stores a %s body as one event of the order', (format) => {
    messages.persistBatch([message('taobao_trade_TradeCreate', trade(), format)], parsing);
    expect(orders.list({ page: 1, pageSize: 10 }).items).toMatchObject([{ tid: TID, status: 'WAIT_BUYER_PAY', events: 1 }]);
  });

  it('a close after payment is TRADE_CLOSED, before payment TRADE_CLOSED_BY_TAOBAO, even when the payment comes late', () => {
    const other = '4012345678901234999';
    messages.persistBatch([event('taobao_trade_TradeCreate', trade({ tid: other }), '2026-12-01 10:00:00')], parsing);
    messages.persistBatch([event('taobao_trade_TradeClose', trade({ tid: other }), '2026-12-04 10:00:00')], parsing);
    expect(orders.get(other)?.status).toBe('TRADE_CLOSED_BY_TAOBAO');
    messages.persistBatch([event('taobao_trade_TradeClose', trade(), '2026-12-04 10:00:00')], parsing);
    messages.persistBatch([event('taobao_trade_TradeBuyerPay', trade(), '2026-12-01 10:05:00')], parsing);
    expect(orders.get(TID)?.status).toBe('TRADE_CLOSED');
  });

  it('refunds and logistics keep the trade status and record what happened; SIGNED sets the signed time', () => {
    messages.persistBatch([event('taobao_trade_TradeSellerShip', trade(), '2026-12-02 10:00:00')], parsing);
    messages.persistBatch(
      [
        event('taobao_refund_RefundCreated', { tid: TID, seller_nick: SELLER, refund_id: '7001', refund_fee: '10.00', buyer_nick: 'x' }, '2026-12-02 11:00:00'),
        event(
          'taobao_logistics_LogsticDetailTrace',
          { tid: TID, action: 'SIGNED', company_name: '圆通', out_sid: 'YT1', time: '2026-12-03 09:00:00' },
          '2026-12-03 09:00:01',
        ),
        event('taobao_refund_RefundClosed', { tid: TID, seller_nick: SELLER, refund_id: '7001', refund_fee: '10.00' }, '2026-12-02 12:00:00'),
      ],
      parsing,
    );
    const detail = orders.detail(TID)!;
    expect(detail).toMatchObject({
      status: 'WAIT_BUYER_CONFIRM_GOODS',
      refundStatus: 'CLOSED',
      refundFee: '10.00',
      signedTime: '2026-12-03 09:00:00',
      events: 4,
    });
    expect(detail.logistics).toEqual({ action: 'SIGNED', company: '圆通', outSid: 'YT1' });
  });

  it("fills the seller nick from the first event and quarantines another seller's message, never mixing it in", () => {
    messages.persistBatch([message('taobao_trade_TradeCreate', trade())], parsing);
    expect(settings.get().orders.sellerNicks['1']).toBe(SELLER);
    const foreign = message('taobao_trade_TradeCreate', trade({ tid: '4099999999999999999', seller_nick: '别家店' }));
    const [result] = messages.persistBatch([foreign], parsing);
    expect(result).toMatchObject({ kind: 'quarantined', duplicate: null });
    expect(result!.kind === 'quarantined' && result!.reason).toContain('别家店');
    expect(orders.get('4099999999999999999')).toBeUndefined();
    expect(messages.listQuarantine({ page: 1, pageSize: 10 }).items[0]!.body).not.toContain('碎花裙子');
  });

  it('a backfilled trade and events agree: the platform times win, a newer fact at the same rank wins, an older one does not', () => {
    messages.persistBatch([event('taobao_trade_TradeSellerShip', trade(), '2026-12-02 10:00:00')], parsing);
    const base = {
      tid: TID,
      type: 'fixed',
      buyerOpenUid: 'AAGq5d-buyer-1',
      buyerNick: '碎**',
      payment: '100.00',
      postFee: '0.00',
      created: Date.UTC(2026, 11, 1, 1, 0, 0),
      payTime: Date.UTC(2026, 11, 1, 1, 30, 0),
      consignTime: null,
      endTime: null,
      items: [{ oid: TID, title: '碎花连衣裙', num: 2 }],
    };
    // An older page (paid) must not undo the shipment.
    expect(orders.applyTrade({ ...base, status: 'WAIT_SELLER_SEND_GOODS', modified: Date.UTC(2026, 11, 1, 1, 30, 0) }, Date.now())).toBe(false);
    const row = orders.get(TID)!;
    expect(row.status).toBe('WAIT_BUYER_CONFIRM_GOODS');
    expect(row.created_at).toBe(base.created);
    expect(orders.list({ page: 1, pageSize: 5, item: '连衣' }).items[0]!.items).toEqual([{ title: '碎花连衣裙', num: 2 }]);
    expect(orders.applyTrade({ ...base, status: 'TRADE_FINISHED', modified: Date.UTC(2026, 11, 8, 1, 0, 0) }, Date.now())).toBe(true);
    expect(orders.timeline(TID).at(-1)).toMatchObject({ topic: 'sync', source: 'sync', status: 'TRADE_FINISHED' });
  });
});
