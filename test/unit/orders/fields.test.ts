import { describe, expect, it } from 'vitest';
import {
  buyerKey,
  maskOpenUid,
  maskOutSid,
  maskTid,
  orderFieldValues,
  orderRecipientKey,
  parseRecipientKey,
  shownRecipient,
  tidOfRecipientKey,
} from '../../../shared/orders/fields';
import { parseBeijingDateTime } from '../../../shared/time/beijing';

describe('order fields for templates (orders-oaid.md §4 masking)', () => {
  it('masks tid, waybill, nick and items, and writes times as M月d日H时 Beijing', () => {
    const values = orderFieldValues({
      tid: '4012345678901234567',
      buyerNick: '张**',
      payment: '88.00',
      created: parseBeijingDateTime('2026-12-01 09:05:00'),
      payTime: null,
      consignTime: parseBeijingDateTime('2026-12-02 23:59:59'),
      endTime: null,
      signedTime: null,
      company: ' 中通快递 ',
      outSid: '75310000123456',
      refundFee: '',
    });
    expect(values).toEqual({
      tid: '4012**',
      buyerNick: '张**',
      payment: '88.00',
      created: '12月1日9时',
      consignTime: '12月2日23时',
      company: '中通快递',
      outSid: '3456',
      item: '商品',
    });
    expect(maskTid('')).toBe('');
    expect(maskOutSid('12')).toBe('12');
  });

  it('the ledger key of an order row round-trips and is shown by its whole number', () => {
    const key = orderRecipientKey('4012345678901234567');
    expect(tidOfRecipientKey(key)).toBe('4012345678901234567');
    expect(tidOfRecipientKey('13800000000')).toBeNull();
    expect(shownRecipient(key, '张**')).toBe('订单 4012345678901234567 · 张**');
    expect(shownRecipient('13800000000')).toBe('13800000000');
  });

  it('a buyer key (do-not-send) shows as 买家 + masked nick or uid; the UI passes its own words', () => {
    const key = buyerKey('AAHbuyer0123456789');
    expect(parseRecipientKey(key)).toEqual({ kind: 'buyer', openUid: 'AAHbuyer0123456789' });
    expect(parseRecipientKey('13800000000')).toEqual({ kind: 'phone', phone: '13800000000' });
    expect(parseRecipientKey(orderRecipientKey('4012345678901234567'))).toEqual({ kind: 'order', tid: '4012345678901234567' });
    expect(shownRecipient(key)).toBe('买家 AAH***789');
    expect(shownRecipient(key, '张**')).toBe('买家 张**');
    expect(maskOpenUid('AAH12')).toBe('A***');
    const en = { order: 'Order', buyer: 'Buyer' };
    expect(shownRecipient(key, '', en)).toBe('Buyer AAH***789');
    expect(shownRecipient(orderRecipientKey('4012345678901234567'), '张**', en)).toBe('Order 4012345678901234567 · 张**');
    expect(shownRecipient('13800000000', '', en)).toBe('13800000000');
  });
});
