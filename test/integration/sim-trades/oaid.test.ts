import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTopGateway, naturalWeekKey, type SendEvent, type TopGateway } from '../../../electron/sim/top-gateway';
import { beijingDayStart } from '../../../shared/time/beijing';
import { callTop, errorOf } from './helpers';

// OAID (orders-oaid.md §1a, §1c): per app key, per receiver and per natural week of creation; batchsend by OAID takes
// ≤ 50 OAIDs with their order ids one to one and a sign_name array of the same length.
const SECOND_APP = { appKey: '23456789', appSecret: 'second-app-secret-7a1c', sessions: ['second-app-session'] };
let gw: TopGateway;
const sent: SendEvent[] = [];
const HOUR = 3_600_000;

beforeAll(async () => {
  gw = await startTopGateway({
    apps: [{ appKey: '12345678', appSecret: 'sim-app-secret-0f6c2d9a41b7', sessions: ['sim-session-61029d8e7c5a4b3f'] }, SECOND_APP],
    onSend: (e) => sent.push(e),
  });
  gw.control.seedTemplate({ code: 'SMS_SHIP', content: '亲，您的订单${order}已发货', status: 'approved' });
  gw.control.seedSignature({ name: '张三男装淘宝店', status: 'approved' });
});
afterAll(async () => {
  await gw.close();
});

const SAME_BUYER = { name: '李雷', mobile: '13700001111', phone: '', address: '南山区科技园 1 号' };

describe('OAID identity', () => {
  // 2026-12-07 is a Monday (Beijing).
  const monday = beijingDayStart('2026-12-07');

  it('natural weeks start on Monday 00:00 Beijing time', () => {
    expect(naturalWeekKey(monday)).toBe('2026-12-07');
    expect(naturalWeekKey(monday - 1)).toBe('2026-11-30');
    expect(naturalWeekKey(monday + 7 * 24 * HOUR - 1)).toBe('2026-12-07');
  });

  it('is stable within a week for the same receiver, and changes across weeks, app keys and receivers', () => {
    const early = gw.trades.create({ createdAt: monday + 9 * HOUR, receiver: SAME_BUYER });
    const sunday = gw.trades.create({ createdAt: monday + 6 * 24 * HOUR + 23 * HOUR, receiver: SAME_BUYER });
    const nextWeek = gw.trades.create({ createdAt: monday + 7 * 24 * HOUR + HOUR, receiver: SAME_BUYER });
    const other = gw.trades.create({ createdAt: monday + 10 * HOUR, receiver: { ...SAME_BUYER, mobile: '13700002222' } });
    const key = gw.credentials.appKey;
    expect(gw.trades.oaidFor(early.tid, key)).toBe(gw.trades.oaidFor(sunday.tid, key));
    expect(gw.trades.oaidFor(early.tid, key)).toBe(gw.trades.oaidFor(early.tid, key));
    expect(gw.trades.oaidFor(early.tid, key)).not.toBe(gw.trades.oaidFor(nextWeek.tid, key));
    expect(gw.trades.oaidFor(early.tid, key)).not.toBe(gw.trades.oaidFor(early.tid, SECOND_APP.appKey));
    expect(gw.trades.oaidFor(early.tid, key)).not.toBe(gw.trades.oaidFor(other.tid, key));
    expect(gw.trades.oaidFor(early.tid, key)).toMatch(/^[0-9A-Za-z]{70}$/);
    const noLandline = gw.trades.create({ receiver: { ...SAME_BUYER, phone: '' } });
    expect(gw.trades.canHaveOaid(noLandline.tid)).toBe(true);
    const noMobile = gw.trades.create({ receiver: { mobile: '' } });
    expect(() => gw.trades.oaidFor(noMobile.tid, key)).toThrow(/无法生成 OAID/);
  });

  it('fullinfo gives each app its own OAID', async () => {
    const t = gw.trades.create({ createdAt: Date.now() - HOUR });
    const mine = await callTop(gw, 'taobao.trade.fullinfo.get', { fields: 'tid', tid: t.tid, include_oaid: 'true' });
    const theirs = await callTop(
      gw,
      'taobao.trade.fullinfo.get',
      { fields: 'tid', tid: t.tid, include_oaid: 'true' },
      { appKey: SECOND_APP.appKey, secret: SECOND_APP.appSecret, session: SECOND_APP.sessions[0] },
    );
    expect(mine.json!.trade.oaid).toBe(gw.trades.oaidFor(t.tid, gw.credentials.appKey));
    expect(theirs.json!.trade.oaid).toBe(gw.trades.oaidFor(t.tid, SECOND_APP.appKey));
    expect(mine.json!.trade.oaid).not.toBe(theirs.json!.trade.oaid);
  });
});

describe('direct.batchsend by OAID', () => {
  const orders = (n: number) => Array.from({ length: n }, () => gw.trades.create({ createdAt: Date.now() - HOUR }));
  const body = (tids: string[], over: Record<string, string> = {}) => ({
    sms_template_code: 'SMS_SHIP',
    sign_name: JSON.stringify(tids.map(() => '张三男装淘宝店')),
    oaids: JSON.stringify(tids.map((tid) => gw.trades.oaidFor(tid, gw.credentials.appKey))),
    order_ids: JSON.stringify(tids),
    sms_content: JSON.stringify(tids.map((tid) => ({ order: tid.slice(0, 4) + '**' }))),
    ...over,
  });
  const send = (business: Record<string, string>) => callTop(gw, 'taobao.jst.sms.message.direct.batchsend', business);

  it('sends one record per OAID under one biz_id, with the OAID and order id in the send event', async () => {
    const tids = orders(3).map((t) => t.tid);
    sent.length = 0;
    const r = await send(body(tids, { extend_num: '["11","12","13"]' }));
    expect(errorOf(r)).toBeUndefined();
    const bizId = r.json!.module as string;
    expect(bizId).toMatch(/^\d+\^\d+$/);
    expect(sent.map((e) => [e.bizId, e.orderId, e.oaid, e.phone, e.position, e.extendNum])).toEqual(
      tids.map((tid, i) => [bizId, tid, gw.trades.oaidFor(tid, gw.credentials.appKey), '', i, `1${i + 1}`]),
    );
    expect(sent[0]!.content).toBe(`【张三男装淘宝店】亲，您的订单${tids[0]!.slice(0, 4)}**已发货`);
    expect(gw.control.sends({ bizId })).toHaveLength(3);
  });

  it('refuses more than 50 OAIDs, an OAID of another order or week, misaligned lists, a scalar sign_name and rec_num alongside', async () => {
    const fifty = orders(51).map((t) => t.tid);
    expect(errorOf(await send(body(fifty)))).toMatchObject({ code: 15, sub_code: 'isv.MOBILE_COUNT_OVER_LIMIT' });
    expect(errorOf(await send(body(fifty.slice(0, 50))))).toBeUndefined();

    const [a, b] = orders(2).map((t) => t.tid) as [string, string];
    const swapped = body([a, b], { oaids: JSON.stringify([gw.trades.oaidFor(b, gw.credentials.appKey), gw.trades.oaidFor(a, gw.credentials.appKey)]) });
    const mismatch = errorOf(await send(swapped));
    expect(mismatch).toMatchObject({ code: 15, sub_code: 'isv.OAID_ILLEGAL' });
    expect(mismatch?.sub_msg).toContain(a);
    const otherApp = body([a], { oaids: JSON.stringify([gw.trades.oaidFor(a, SECOND_APP.appKey)]) });
    expect(errorOf(await send(otherApp))?.sub_code).toBe('isv.OAID_ILLEGAL');
    const lastWeek = gw.trades.create({ createdAt: Date.now() - 8 * 24 * HOUR, receiver: gw.trades.get(a)!.receiver });
    expect(errorOf(await send(body([a], { oaids: JSON.stringify([gw.trades.oaidFor(lastWeek.tid, gw.credentials.appKey)]) })))?.sub_code).toBe(
      'isv.OAID_ILLEGAL',
    );
    expect(errorOf(await send(body([a], { order_ids: '["4999999999999999999"]' })))?.sub_code).toBe('isv.OAID_ILLEGAL');

    expect(errorOf(await send(body([a, b], { order_ids: JSON.stringify([a]) })))).toMatchObject({ code: 41, sub_code: 'isv.invalid-parameter:order_ids' });
    expect(errorOf(await send(body([a, b], { sign_name: '["张三男装淘宝店"]' })))).toMatchObject({ code: 41, sub_code: 'isv.invalid-parameter:sign_name' });
    expect(errorOf(await send(body([a], { sign_name: '张三男装淘宝店' })))).toMatchObject({ code: 41, sub_code: 'isv.invalid-parameter:sign_name' });
    expect(errorOf(await send(body([a], { rec_num: '["13800000000"]' })))).toMatchObject({ code: 41, sub_code: 'isv.invalid-parameter:oaids' });
    const { order_ids: _omitted, ...noOrders } = body([a]);
    expect(errorOf(await send(noOrders))).toMatchObject({ code: 40, sub_code: 'isv.missing-parameter:order_ids' });
    expect(errorOf(await send(body([a], { oaids: `${gw.trades.oaidFor(a, gw.credentials.appKey)}` })))?.code).toBe(41);
  });

  it('reads comma-separated lists when set to', async () => {
    const [a, b] = orders(2).map((t) => t.tid) as [string, string];
    gw.control.setOaidListEncoding('comma');
    try {
      const oaids = [a, b].map((tid) => gw.trades.oaidFor(tid, gw.credentials.appKey));
      const r = await send(body([a, b], { oaids: oaids.join(','), order_ids: `${a},${b}`, sign_name: '张三男装淘宝店,张三男装淘宝店' }));
      expect(errorOf(r)).toBeUndefined();
      expect(errorOf(await send(body([a, b])))?.code).toBe(41);
    } finally {
      gw.control.setOaidListEncoding('json');
    }
  });
});
