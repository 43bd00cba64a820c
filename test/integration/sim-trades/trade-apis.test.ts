import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTopGateway, type SimTrade, type TopGateway } from '../../../electron/sim/top-gateway';
import { callTop, errorOf, topDate } from './helpers';

// The trade APIs answer as strictly as the platform documents (orders-oaid.md §1a, §6): spans, pages, fields,
// encrypted receivers, masked nicks, exact 19-digit tids, the OAID rules and the code-11 restriction.
let gw: TopGateway;
let paid: SimTrade;
let noReceiver: SimTrade;
const HOUR = 3_600_000;
const RECEIVER = { name: '王小明', mobile: '13912345678', phone: '0571-88886666', address: '文三路 478 号华星时代广场' };

beforeAll(async () => {
  gw = await startTopGateway();
  const now = Date.now();
  paid = gw.trades.create({
    tid: '4012345678901234567',
    buyerNick: '碎花小裙子',
    items: [
      { title: '纯棉衬衫', price: '129.00', num: 1 },
      { title: '棉袜', price: '10.00', num: 2 },
    ],
    createdAt: now - 3 * HOUR,
    receiver: RECEIVER,
  });
  gw.trades.pay(paid.tid, now - 2 * HOUR);
  noReceiver = gw.trades.create({ createdAt: now - 2 * HOUR, receiver: { name: '', mobile: '', address: '' } });
  for (let i = 0; i < 7; i++) gw.trades.create({ createdAt: now - HOUR + i * 60_000 });
});
afterAll(async () => {
  await gw.close();
});
beforeEach(() => gw.control.restrictTrades(false));

const increment = (business: Record<string, string>, opts = {}) => callTop(gw, 'taobao.trades.sold.increment.get', business, opts);
const fullinfo = (business: Record<string, string>, opts = {}) => callTop(gw, 'taobao.trade.fullinfo.get', business, opts);

describe('taobao.trades.sold.increment.get', () => {
  const window = () => ({ start_modified: topDate(Date.now() - 4 * HOUR), end_modified: topDate(Date.now()) });

  it('requires fields, start_modified and end_modified', async () => {
    expect(errorOf(await increment({ ...window() }))).toMatchObject({ code: 40, sub_code: 'isv.missing-parameter:fields' });
    expect(errorOf(await increment({ fields: 'tid', end_modified: topDate(Date.now()) }))).toMatchObject({
      code: 40,
      sub_code: 'isv.missing-parameter:start_modified',
    });
    expect(errorOf(await increment({ fields: 'tid', start_modified: '2026/12/01 10:00', end_modified: topDate(Date.now()) }))).toMatchObject({
      code: 41,
      sub_code: 'isv.invalid-parameter:start_modified',
    });
  });

  it('refuses a span over one day and a page_size over 100', async () => {
    const span = await increment({ fields: 'tid', start_modified: topDate(Date.now() - 25 * HOUR), end_modified: topDate(Date.now()) });
    expect(errorOf(span)).toMatchObject({ code: 15, sub_code: 'isv.invalid-parameter' });
    expect(errorOf(span)?.sub_msg).toContain('一天');
    const oneDay = await increment({ fields: 'tid', start_modified: topDate(Date.now() - 24 * HOUR), end_modified: topDate(Date.now()) });
    expect(errorOf(oneDay)).toBeUndefined();
    expect(errorOf(await increment({ fields: 'tid', ...window(), page_size: '101' }))).toMatchObject({ code: 41, sub_code: 'isv.invalid-parameter:page_size' });
  });

  it('pages in modified order with total_results, or has_next with use_has_next', async () => {
    const first = await increment({ fields: 'tid,modified', ...window(), page_size: '4' });
    expect(first.json!.total_results).toBe(9);
    const tids = first.json!.trades.map((t: { modified: string }) => t.modified);
    expect([...tids].sort()).toEqual(tids);
    const last = await increment({ fields: 'tid', ...window(), page_size: '4', page_no: '3', use_has_next: 'true' });
    expect(last.json!.has_next).toBe(false);
    expect(last.json!.total_results).toBeUndefined();
    expect(last.json!.trades).toHaveLength(1);
    const middle = await increment({ fields: 'tid', ...window(), page_size: '4', page_no: '2', use_has_next: 'true' });
    expect(middle.json!.has_next).toBe(true);
    const waiting = await increment({ fields: 'tid,status', ...window(), status: 'WAIT_SELLER_SEND_GOODS' });
    expect(waiting.json!.trades.map((t: { status: string }) => t.status)).toEqual(['WAIT_SELLER_SEND_GOODS']);
  });

  it('answers only the asked fields, receivers encrypted, nick masked, tid as an exact bare number', async () => {
    const r = await increment({
      fields: 'tid,buyer_nick,receiver_name,receiver_mobile,receiver_address,receiver_city,payment',
      ...window(),
      status: 'WAIT_SELLER_SEND_GOODS',
    });
    const trade = r.json!.trades[0];
    expect(Object.keys(trade).sort()).toEqual(['buyer_nick', 'payment', 'receiver_address', 'receiver_city', 'receiver_mobile', 'receiver_name', 'tid']);
    expect(trade.buyer_nick).toBe('碎**');
    expect(trade.receiver_name).toMatch(/^~AgAAAA[A-Za-z0-9+/]+~\d~$/);
    for (const plain of [RECEIVER.name, RECEIVER.mobile, RECEIVER.address, '碎花小裙子', '1391234']) expect(r.text).not.toContain(plain);
    expect(r.text).toContain('"tid":4012345678901234567');
    expect(r.json!.trades[0].oaid).toBeUndefined();
  });

  it('wraps lists for simplify=false and in XML', async () => {
    const r = await increment({ fields: 'tid,orders', ...window(), status: 'WAIT_SELLER_SEND_GOODS' }, { simplify: false });
    const trade = r.json!.trades_sold_increment_get_response.trades.trade[0];
    expect(trade.orders.order).toHaveLength(2);
    const xml = await increment({ fields: 'tid,orders.title', ...window(), status: 'WAIT_SELLER_SEND_GOODS' }, { format: 'xml' });
    expect(xml.text).toContain('<trades list="true"><trade><tid>4012345678901234567</tid><orders list="true"><order><title>纯棉衬衫</title></order>');
  });
});

describe('taobao.trades.sold.get', () => {
  it('lists by creation, newest first, within three months', async () => {
    const r = await callTop(gw, 'taobao.trades.sold.get', { fields: 'tid,created', page_size: '3' });
    expect(r.json!.total_results).toBe(9);
    const created = r.json!.trades.map((t: { created: string }) => t.created);
    expect([...created].sort().reverse()).toEqual(created);
    const old = await callTop(gw, 'taobao.trades.sold.get', { fields: 'tid', start_created: topDate(Date.now() - 100 * 24 * HOUR) });
    expect(errorOf(old)).toMatchObject({ code: 41, sub_code: 'isv.invalid-parameter:start_created' });
    expect(errorOf(await callTop(gw, 'taobao.trades.sold.get', { fields: 'tid', page_size: '200' }))?.code).toBe(41);
  });
});

describe('taobao.trade.fullinfo.get', () => {
  it('needs fields and a numeric tid; an unknown tid is 15 isv.trade-not-exist', async () => {
    expect(errorOf(await fullinfo({ tid: paid.tid }))).toMatchObject({ code: 40, sub_code: 'isv.missing-parameter:fields' });
    expect(errorOf(await fullinfo({ fields: 'tid', tid: '40123abc' }))).toMatchObject({ code: 41, sub_code: 'isv.invalid-parameter:tid' });
    expect(errorOf(await fullinfo({ fields: 'tid', tid: '4999999999999999999' }))).toMatchObject({ code: 15, sub_code: 'isv.trade-not-exist' });
  });

  it('gives the OAID only with include_oaid=true or all five receiver fields', async () => {
    const oaid = gw.trades.oaidFor(paid.tid, gw.credentials.appKey);
    expect((await fullinfo({ fields: 'tid,status', tid: paid.tid })).json!.trade.oaid).toBeUndefined();
    expect((await fullinfo({ fields: 'tid,receiver_name,receiver_mobile,receiver_phone,receiver_address', tid: paid.tid })).json!.trade.oaid).toBeUndefined();
    expect((await fullinfo({ fields: 'tid,receiver_name,receiver_mobile,receiver_phone,receiver_address,created', tid: paid.tid })).json!.trade.oaid).toBe(
      oaid,
    );
    expect((await fullinfo({ fields: 'tid', tid: paid.tid, include_oaid: 'true' })).json!.trade.oaid).toBe(oaid);
    expect((await fullinfo({ fields: 'tid', tid: paid.tid, include_oaid: 'false' })).json!.trade.oaid).toBeUndefined();
  });

  it('include_oaid=true on an order without receiver fields is isv.oaid-field-miss; without it the OAID is just absent', async () => {
    expect(errorOf(await fullinfo({ fields: 'tid', tid: noReceiver.tid, include_oaid: 'true' }))).toMatchObject({ code: 15, sub_code: 'isv.oaid-field-miss' });
    const quiet = await fullinfo({ fields: 'tid,receiver_name,receiver_mobile,receiver_phone,receiver_address,created', tid: noReceiver.tid });
    expect(quiet.json!.trade.tid).toBeDefined();
    expect(quiet.json!.trade.oaid).toBeUndefined();
  });

  it('answers sub-orders under orders.order (simplify=false) or orders (simplify=true), ids exact', async () => {
    const wrapped = await fullinfo({ fields: 'tid,status,pay_time,orders', tid: paid.tid }, { simplify: false });
    const trade = wrapped.json!.trade_fullinfo_get_response.trade;
    expect(trade.status).toBe('WAIT_SELLER_SEND_GOODS');
    expect(trade.orders.order.map((o: { title: string }) => o.title)).toEqual(['纯棉衬衫', '棉袜']);
    expect(wrapped.text).toContain(`"oid":${paid.items[1]!.oid}`);
    const flat = await fullinfo({ fields: 'tid,orders', tid: paid.tid });
    expect(flat.json!.trade.orders).toHaveLength(2);
    expect(flat.text).toMatch(/^\{"trade":\{"tid":4012345678901234567,/);
  });

  it('the restriction answers code 11 on every trade API and nothing else', async () => {
    gw.control.restrictTrades(true);
    for (const [method, business] of [
      ['taobao.trade.fullinfo.get', { fields: 'tid', tid: paid.tid }],
      ['taobao.trades.sold.get', { fields: 'tid' }],
      ['taobao.trades.sold.increment.get', { fields: 'tid', start_modified: topDate(Date.now() - HOUR), end_modified: topDate(Date.now()) }],
    ] as const) {
      const e = errorOf(await callTop(gw, method, business));
      expect(e).toMatchObject({ code: 11, sub_code: 'isv.permission-ip-whitelist-limit' });
      expect(e?.sub_msg).toContain('only allowed to call from');
    }
    const smsCall = await callTop(gw, 'taobao.jst.sms.template.query', { query_sms_template_request: '{"template_code":"SMS_X"}' });
    expect(errorOf(smsCall)).toBeUndefined();
    gw.control.restrictTrades(false);
    expect(errorOf(await fullinfo({ fields: 'tid', tid: paid.tid }))).toBeUndefined();
  });

  it('trade APIs need a session (26)', async () => {
    expect(errorOf(await fullinfo({ fields: 'tid', tid: paid.tid }, { session: null }))?.code).toBe(26);
  });
});

describe('control API for trades', () => {
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${gw.controlUrl}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };

  it('creates, pays, ships, signs, finishes, rates and refuses an impossible transition', async () => {
    const created = await control('POST', '/trades', { payment: '59.00', items: [{ title: '帽子', price: '59.00', num: 1 }] });
    expect(created.status).toBe(200);
    const tid = created.json.tid as string;
    expect(tid).toMatch(/^\d{19}$/);
    expect((await control('POST', `/trades/${tid}/pay`)).json.status).toBe('WAIT_SELLER_SEND_GOODS');
    expect((await control('POST', `/trades/${tid}/ship`, { companyName: '顺丰速运', outSid: 'SF1234567890' })).json).toMatchObject({
      status: 'WAIT_BUYER_CONFIRM_GOODS',
      outSid: 'SF1234567890',
    });
    expect((await control('POST', `/trades/${tid}/sign`)).status).toBe(200);
    expect((await control('POST', `/trades/${tid}/succeed`)).json.status).toBe('TRADE_FINISHED');
    expect((await control('POST', `/trades/${tid}/rate`)).json.buyerRate).toBe(true);
    const refused = await control('POST', `/trades/${tid}/pay`);
    expect(refused.status).toBe(409);
    expect(refused.json.error).toContain('TRADE_FINISHED');
    expect((await control('GET', `/trades/${tid}/oaid?appKey=${gw.credentials.appKey}`)).json.oaid).toBe(gw.trades.oaidFor(tid, gw.credentials.appKey));
    expect((await control('GET', '/trades')).json).toEqual(expect.arrayContaining([expect.objectContaining({ tid })]));
    expect((await control('POST', '/trades/4999999999999999999/pay')).status).toBe(404);
    expect((await control('POST', `/trades/${tid}/refund`, { stage: 'bogus' })).status).toBe(400);
    expect((await control('POST', '/trades/restrict', { on: true })).status).toBe(200);
    expect(errorOf(await fullinfo({ fields: 'tid', tid }))?.code).toBe(11);
  });
});
