import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../electron/core/mq/parse';
import { MqParsingSchema } from '../../../shared/settings/schema';
import { body, FORMATS, message, SELLER, TID, trade } from './fixtures';

const parsing = MqParsingSchema.parse({});

describe('order events from MQ', () => {
  it.each(FORMATS)('recognises a %s body, with the 19-digit tid exact as a JSON number or a string', (format) => {
    for (const tidAsNumber of [true, false]) {
      const m = message('taobao_trade_TradeBuyerPay', trade(), format);
      const result = parseMessage({ ...m, body: body('taobao_trade_TradeBuyerPay', trade(), format, { tidAsNumber }) }, parsing);
      expect(result.kind).toBe('order');
      if (result.kind !== 'order') return;
      expect(result.event.tid).toBe(TID);
      expect(result.event.topic).toBe('taobao_trade_TradeBuyerPay');
      expect(result.event.status).toBe('WAIT_SELLER_SEND_GOODS');
      expect(result.event.sellerNick).toBe(SELLER);
      expect(result.event.buyerNick).toBe('碎**');
      expect(result.event.detail.oid).toBe(TID);
    }
  });

  it('gives the same event key whatever the wrapping or id type, and another key for other content', () => {
    const keys = FORMATS.flatMap((format) =>
      [true, false].map((tidAsNumber) => {
        const r = parseMessage(
          {
            topic: 'jst',
            tag: format.includes('envelope') ? '' : 'taobao_trade_TradeCreate',
            body: body('taobao_trade_TradeCreate', trade(), format, { tidAsNumber }),
          },
          parsing,
        );
        return r.kind === 'order' ? r.event.eventKey : r.kind;
      }),
    );
    expect(new Set(keys).size).toBe(1);
    const other = parseMessage({ topic: 'jst', tag: 'taobao_trade_TradeCreate', body: body('taobao_trade_TradeCreate', trade({ payment: '99.00' })) }, parsing);
    expect(other.kind === 'order' && other.event.eventKey).not.toBe(keys[0]);
  });

  it('reads the topic from the body when the tag is empty', () => {
    const r = parseMessage({ topic: 'jst', tag: '', body: JSON.stringify({ topic: 'taobao_trade_TradeSuccess', ...trade() }) }, parsing);
    expect(r.kind === 'order' && r.event.status).toBe('TRADE_FINISHED');
  });

  it('has no receiver field and keeps no logistics description (it may name who signed)', () => {
    const r = parseMessage(
      message('taobao_logistics_LogsticDetailTrace', {
        tid: TID,
        action: 'SIGNED',
        desc: '已签收，签收人：张三 13800001111',
        company_name: '圆通速递',
        out_sid: 'YT123',
        time: '2026-12-02 09:00:00',
        receiver_name: '张三',
        receiver_mobile: '13800001111',
      }),
      parsing,
    );
    expect(r.kind).toBe('order');
    if (r.kind !== 'order') return;
    const text = JSON.stringify(r.event);
    expect(text).not.toContain('张三');
    expect(text).not.toContain('13800001111');
    expect(Object.keys(r.event)).not.toContain('receiver_name');
    expect(r.event.detail).toEqual({ action: 'SIGNED', company_name: '圆通速递', out_sid: 'YT123' });
    expect(r.event.at).toBe(Date.UTC(2026, 11, 2, 1, 0, 0));
  });

  it('quarantines malformed bodies with a reason, keeping no buyer data in what is stored', () => {
    const noTid = parseMessage(
      { topic: 'jst', tag: 'taobao_trade_TradeCreate', body: JSON.stringify({ buyer_nick: '碎花裙子', receiver_mobile: '13800001111', payment: '1.00' }) },
      parsing,
    );
    expect(noTid).toMatchObject({ kind: 'quarantined', reasonCode: 'field-missing', reasonParams: { kind: 'order', field: 'tid' } });
    expect(noTid.kind === 'quarantined' && noTid.body).not.toMatch(/碎花裙子|13800001111/);
    const badTid = parseMessage({ topic: 'jst', tag: 'taobao_trade_TradeCreate', body: '{"tid":"12ab"}' }, parsing);
    expect(badTid).toMatchObject({ kind: 'quarantined', reasonCode: 'field-type' });
    expect(parseMessage({ topic: 'jst', tag: 'taobao_trade_TradeNew', body: '{"tid":1}' }, parsing)).toMatchObject({
      kind: 'quarantined',
      reasonCode: 'order-topic-unsupported',
    });
    const conflict = parseMessage({ topic: 'jst', tag: 'alibaba_aliqin_FcSmsUp', body: body('taobao_trade_TradeCreate', trade(), 'envelope') }, parsing);
    expect(conflict).toMatchObject({ kind: 'quarantined', reasonCode: 'classification-conflict' });
  });

  it('leaves SMS reports and replies as they were', () => {
    const r = parseMessage({ topic: 'jst', tag: '', body: '{"biz_id":"1^2","state":"1","receiver":"13800000000"}' }, parsing);
    expect(r.kind).toBe('report');
  });
});
