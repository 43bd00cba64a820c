import { describe, expect, it } from 'vitest';
import { call, callError, useSimulator, waitForEvent } from './helpers';

const SIGN_CREATE = 'taobao.jst.sms.signname.create';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 1)]).toString('base64');

const sim = useSimulator();

describe('signature lifecycle against the simulator', () => {
  it('draft with proof → submit → modify while pending → rejected (reason) → resubmit → approved → delete', async () => {
    const env = await sim.core();
    const draft = await call(env.core, 'signatures.save', { name: '张三男装淘宝店', source: 4, remark: '淘宝店铺“张三男装”的订单通知与会员营销' });
    await call(env.core, 'signatures.addFile', { signatureId: draft.id, fileName: '店铺后台截图.png', base64: PNG });
    const pending = await call(env.core, 'signatures.submit', { id: draft.id });
    expect(pending).toMatchObject({ status: 'pending', nameLocked: true, files: [{ fileName: '店铺后台截图.png', size: 208 }] });
    expect(sim.gw.control.signature('张三男装淘宝店')).toMatchObject({ source: 4, status: 0 });

    await call(env.core, 'signatures.save', { id: draft.id, name: '张三男装淘宝店', source: 5, remark: '已注册商标“张三”' });
    expect((await call(env.core, 'signatures.submit', { id: draft.id })).status).toBe('pending');
    expect(sim.gw.control.signature('张三男装淘宝店')).toMatchObject({ source: 5, remark: '已注册商标“张三”' });

    sim.gw.control.rejectSignature('张三男装淘宝店', '请参考下述修改建议:1. 请上传商标注册证');
    const rejected = waitForEvent(env.core, 'signatures.changed', (e) => e.cause === 'audit');
    await call(env.core, 'templates.refresh', {});
    expect((await rejected).signature).toMatchObject({ status: 'rejected', reason: '请参考下述修改建议:1. 请上传商标注册证' });

    // The platform will not modify a reviewed signature: resubmitting replaces it under the same name.
    const again = await call(env.core, 'signatures.submit', { id: draft.id });
    expect(again.status).toBe('pending');
    expect(sim.gw.counters.callsByMethod[SIGN_CREATE]).toBe(2);
    expect(sim.gw.counters.callsByMethod['taobao.jst.sms.signname.delete']).toBe(1);

    sim.gw.control.approveSignature('张三男装淘宝店');
    const approved = waitForEvent(env.core, 'signatures.changed', (e) => e.cause === 'audit' && e.signature?.status === 'approved');
    await approved; // background polling (150 ms in tests)
    expect(await call(env.core, 'signatures.delete', { id: draft.id })).toEqual({ deleted: true, remote: true });
    expect(sim.gw.control.signature('张三男装淘宝店')).toBeUndefined();
  });

  it('lintSignature gates submit in main; the simulator is never called', async () => {
    const env = await sim.core();
    const s = await call(env.core, 'signatures.save', { name: '测试店铺', source: 4, remark: 'x' });
    const error = await callError(env.core, 'signatures.submit', { id: s.id });
    expect(error).toMatchObject({ code: 'BAD_REQUEST' });
    expect(error.message).toMatch(/测试/);
    expect(sim.gw.counters.calls).toBe(0);
  });

  it('a lost create answer is reconciled by querying the name (no duplicate)', async () => {
    const env = await sim.core();
    sim.gw.control.inject(SIGN_CREATE, { kind: 'reset', when: 'after-execute' }, { times: 1 });
    const s = await call(env.core, 'signatures.save', { name: '李四女装淘宝店', source: 4, remark: '淘宝店铺订单通知' });
    expect((await call(env.core, 'signatures.submit', { id: s.id })).status).toBe('queued');
    await waitForEvent(env.core, 'signatures.changed', (e) => e.signature?.status === 'pending');
    expect(sim.gw.counters.callsByMethod[SIGN_CREATE]).toBe(1);
    expect(sim.gw.counters.errors['r_code:sign_name_duplicate']).toBeUndefined();
  });

  it('imports an existing signature by name', async () => {
    const env = await sim.core();
    sim.gw.control.seedSignature({ name: '王五旗舰店', status: 'approved' });
    expect(await call(env.core, 'signatures.import', { name: '王五旗舰店' })).toMatchObject({ status: 'approved', origin: 'imported' });
  });
});

describe('short links against the simulator', () => {
  it('creates a 淘短链 with expiry from shorturl.query, lists it, refuses other domains locally', async () => {
    const env = await sim.core();
    const before = Date.now();
    const link = await call(env.core, 'shortLinks.create', { url: 'https://item.taobao.com/item.htm?id=624536', tag: '老客户', batchNumber: '2025-03' });
    expect(link.shortUrl).toMatch(/^https:\/\/s\.tb\.cn\/\w{2}\.\w{4}$/);
    const days = (Date.parse(link.expiresAt) - before) / 86_400_000;
    expect(days).toBeGreaterThan(58);
    expect(days).toBeLessThan(63);
    expect(link).toMatchObject({ expiry: 'ok', tag: '老客户', batchNumber: '2025-03' });
    expect(await call(env.core, 'shortLinks.list', {})).toMatchObject([{ id: link.id }]);

    const calls = sim.gw.counters.calls;
    const refused = await callError(env.core, 'shortLinks.create', { url: 'https://www.jd.com/item/1.html', tag: 'a', batchNumber: '1' });
    expect(refused.message).toMatch(/淘宝\/天猫/);
    expect(sim.gw.counters.calls).toBe(calls);
  });
});
