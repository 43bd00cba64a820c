import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../../shared/time/beijing';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';
import { clientFor, topError } from './helpers';

// Every typed method, end to end, in both simplify modes with all three sign methods.
const MODES = [true, false].flatMap((simplify) => (['md5', 'hmac', 'hmac-sha256'] as const).map((signMethod) => ({ simplify, signMethod })));

describe.each(MODES)('typed client against the simulator (simplify=$simplify, $signMethod)', ({ simplify, signMethod }) => {
  let gw: TopGateway;
  beforeAll(async () => {
    gw = await startTopGateway({ reviewDelayMs: null });
  });
  afterAll(async () => {
    await gw.close();
  });
  const client = () => clientFor(gw, { simplify, signMethod });

  it('signatures: create → query pending → modify → approve → query approved → report → delete', async () => {
    const c = client();
    await c.createSignName({ name: '李四女装淘宝店', remark: '店铺订单通知', source: 4 });
    expect(await c.querySignName('李四女装淘宝店')).toMatchObject({ name: '李四女装淘宝店', status: 'pending', statusCode: 0, reason: '无审批备注' });
    await c.modifySignName({ name: '李四女装淘宝店', remark: '店铺订单与物流通知', source: 4 });
    expect(gw.control.signature('李四女装淘宝店')?.remark).toBe('店铺订单与物流通知');
    gw.control.approveSignature('李四女装淘宝店');
    expect((await c.querySignName('李四女装淘宝店'))?.status).toBe('approved');
    const dup = await topError(c.createSignName({ name: '李四女装淘宝店', remark: 'x', source: 4 }));
    expect(dup).toMatchObject({ kind: 'business', sub_code: 'sign_name_duplicate', outcome: 'failed' });
    const late = await topError(c.modifySignName({ name: '李四女装淘宝店', remark: 'y', source: 4 }));
    expect(late.sub_code).toBe('isv.ERROR_SIGN_NOT_MODIFY');
    await c.reportSignName({ name: '王五数码专营店', description: '存量签名' });
    expect((await c.querySignName('王五数码专营店'))?.status).toBe('approved');
    await c.deleteSignName('王五数码专营店');
    expect(await c.querySignName('王五数码专营店')).toBeNull();
    const gone = await topError(c.deleteSignName('王五数码专营店'));
    expect(gone.category).toBe('not-found');
  });

  it('templates: create → query → modify → delete refused while pending → reject reason → approve → delete; report', async () => {
    const c = client();
    const { code } = await c.createTemplate({ type: 1, name: '发货提醒', content: '亲，您的订单${order}已发货', remark: '订单发货后通知买家' });
    expect(code).toMatch(/^SMS_\d+$/);
    expect(await c.queryTemplate(code)).toMatchObject({ code, name: '发货提醒', content: '亲，您的订单${order}已发货', type: 1, status: 'pending' });
    await c.modifyTemplate({ code, type: 1, name: '发货提醒2', content: '亲，订单${order}已发货', remark: '订单发货后通知买家' });
    expect((await c.queryTemplate(code))?.name).toBe('发货提醒2');
    const typeChange = await topError(c.modifyTemplate({ code, type: 2, name: 'n', content: 'c', remark: 'r' }));
    expect(typeChange.sub_code).toBe('params_error');
    const pendingDelete = await topError(c.deleteTemplate(code));
    expect(pendingDelete).toMatchObject({ sub_code: 'isv.ERROR_TEMPLATE_NOT_DELETE' });
    expect(pendingDelete.message).toMatch(/审核中的模板/);
    gw.control.rejectTemplate(code, '请参考下述修改建议:1. 变量需说明');
    expect(await c.queryTemplate(code)).toMatchObject({ status: 'rejected', statusCode: 2, reason: '请参考下述修改建议:1. 变量需说明' });
    gw.control.approveTemplate(code);
    expect((await c.queryTemplate(code))?.status).toBe('approved');
    await c.deleteTemplate(code);
    expect(await c.queryTemplate(code)).toBeNull();
    await c.reportTemplate({ code: 'SMS_777000111', type: 1, name: '存量模板', content: '您好${name}', desc: '阿里通信已审核' });
    expect(await c.queryTemplate('SMS_777000111')).toMatchObject({ status: 'approved', type: 1, content: '您好${name}' });
  });

  it('batchSend → num.query (records, paging, biz_id filter) and the onSend hook', async () => {
    const c = client();
    const template = gw.control.seedTemplate({ content: '${name}您好，订单${order}已发货', status: 'approved' });
    gw.control.seedSignature({ name: '张三男装淘宝店', status: 'approved' });
    gw.control.setDelivery('13700000003', { delivered: false, resultCode: 'MK:0001' });
    const events: string[] = [];
    const off = gw.control.onSend((e) => events.push(`${e.bizId}|${e.phone}|${e.content}|${e.extendNum}|${e.taskSign}`));
    const phones = ['13700000001', '13700000002', '13700000003'];
    const taskSign = `task-${simplify}-${signMethod}`;
    const first = await c.batchSend({
      signName: '张三男装淘宝店',
      templateCode: template,
      recipients: phones.map((phone, i) => ({ phone, params: { name: `买家${i}`, order: `O${i}` }, extendNum: String(10 + i) })),
      taskSign,
    });
    expect(first.bizId).toMatch(/^\d+\^\d+$/);
    const second = await c.batchSend({
      signName: '张三男装淘宝店',
      templateCode: template,
      recipients: [{ phone: '13700000001', params: { name: '买家0', order: 'O9' } }],
    });
    off();
    expect(events).toHaveLength(4);
    expect(events[0]).toBe(`${first.bizId}|13700000001|【张三男装淘宝店】买家0您好，订单O0已发货|10|${taskSign}`);
    expect(gw.counters.sendsByTaskSign[taskSign]).toBe(3);
    expect(gw.counters.batchesByTaskSign[taskSign]).toBe(1);

    const today = beijingDate(Date.now());
    const page = await c.querySmsNum({ phone: '13700000001', date: today });
    expect(page).toMatchObject({ page: 1, totalCount: 2, totalPages: 1 });
    expect(page.records.map((r) => r.content)).toEqual(['【张三男装淘宝店】买家0您好，订单O0已发货', '【张三男装淘宝店】买家0您好，订单O9已发货']);
    expect(page.records[0]).toMatchObject({ phone: '13700000001', status: 'delivered', statusCode: 3, resultCode: 'DELIVRD', templateCode: template });
    const paged = [];
    for await (const r of c.iterateSmsNum({ phone: '13700000001', date: today, pageSize: 1 })) paged.push(r.content);
    expect(paged).toHaveLength(2);
    expect((await c.querySmsNum({ phone: '13700000001', date: today, bizId: second.bizId })).records.map((r) => r.content)).toEqual([
      '【张三男装淘宝店】买家0您好，订单O9已发货',
    ]);
    expect((await c.querySmsNum({ phone: '13700000003', date: today })).records[0]).toMatchObject({ status: 'failed', resultCode: 'MK:0001' });
    const empty = await c.querySmsNum({ phone: '13700000009', date: today });
    expect(empty).toMatchObject({ totalCount: 0, records: [] });
  });

  it('short links: create (with and without https) → query', async () => {
    const c = client();
    const { shortUrl } = await c.createShortUrl({ url: 'https://item.taobao.com/item.htm?id=1', tag: '老客', batchNumber: '1', httpsPrefix: true });
    expect(shortUrl).toMatch(/^https:\/\/s\.tb\.cn\/\w{2}\.\w{4}$/);
    const bare = await c.createShortUrl({ url: 'https://shop.tmall.com/', tag: '老客', batchNumber: '1', httpsPrefix: false });
    expect(bare.shortUrl).toMatch(/^s\.tb\.cn\//);
    const info = await c.queryShortUrl(shortUrl);
    expect(info.shortName).toBe(shortUrl.split('/').pop());
    expect(info.lifeStart).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(info.lifeEnd! > info.lifeStart!).toBe(true);
    const refused = await topError(c.createShortUrl({ url: 'https://example.com/', tag: 't', batchNumber: '1' }));
    expect(refused).toMatchObject({ kind: 'business', sub_code: 'params_error' });
  });

  it('every call was signed with the chosen method and answered without errors of the gateway layer', () => {
    const platformErrors = Object.keys(gw.counters.errors).filter((k) => !k.startsWith('r_code:'));
    expect(platformErrors).toEqual([]);
    expect(gw.counters.calls).toBeGreaterThan(20);
  });
});
