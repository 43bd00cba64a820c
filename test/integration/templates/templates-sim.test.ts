import { describe, expect, it } from 'vitest';
import { startTopGateway } from '../../../electron/sim/top-gateway';
import { call, callError, closedGateway, NOTICE, useSimulator, waitForEvent } from './helpers';

// Templates through the real core, contract, TOP client and transport against the strict simulator.
const CREATE = 'taobao.jst.sms.template.create';
const MODIFY = 'taobao.jst.sms.template.modify';

const sim = useSimulator();

describe('templates against the simulator', () => {
  it('submit → pending → approved, seen by background polling without a refresh', async () => {
    const env = await sim.core();
    const draft = await call(env.core, 'templates.save', NOTICE);
    const pending = await call(env.core, 'templates.submit', { id: draft.id });
    expect(pending).toMatchObject({ status: 'pending', typeLocked: true });
    expect(sim.gw.control.template(pending.platformCode!)).toMatchObject({ content: NOTICE.content, type: 1, remark: NOTICE.remark, status: 0 });

    const approved = waitForEvent(env.core, 'templates.changed', (e) => e.cause === 'audit' && e.template?.id === draft.id);
    sim.gw.control.approveTemplate(pending.platformCode!);
    const event = await approved;
    expect(event).toMatchObject({ previousStatus: 'pending', template: { status: 'approved' } });
    expect(sim.gw.counters.callsByMethod[CREATE]).toBe(1);
  });

  it('rejected with a reason → fix → template.modify → approved', async () => {
    const env = await sim.core();
    const draft = await call(env.core, 'templates.save', NOTICE);
    const { platformCode } = await call(env.core, 'templates.submit', { id: draft.id });
    const reason = '请参考下述修改建议:1. 请说明发送场景和触发条件';
    sim.gw.control.rejectTemplate(platformCode!, reason);
    expect(await call(env.core, 'templates.refresh', {})).toMatchObject({ checked: 1, changed: 1 });
    const rejected = await call(env.core, 'templates.get', { id: draft.id });
    expect(rejected).toMatchObject({ status: 'rejected', reason, editable: true });

    // The type cannot change any more; the content can.
    expect((await callError(env.core, 'templates.save', { ...NOTICE, id: draft.id, type: 2 })).message).toMatch(/类型不能修改/);
    const fixed = '亲，您在本店购买的宝贝已发货，订单号${tid}，请留意物流。';
    await call(env.core, 'templates.save', { ...NOTICE, id: draft.id, content: fixed });
    const resubmitted = await call(env.core, 'templates.submit', { id: draft.id });
    expect(resubmitted).toMatchObject({ status: 'pending', platformCode, reason: '', lastSubmitted: { version: 2, action: 'modify', content: fixed } });
    expect(sim.gw.control.template(platformCode!)).toMatchObject({ content: fixed, status: 0 });
    expect(sim.gw.counters.callsByMethod[MODIFY]).toBe(1);

    sim.gw.control.approveTemplate(platformCode!);
    await call(env.core, 'templates.refresh', {});
    expect((await call(env.core, 'templates.get', { id: draft.id })).status).toBe('approved');
    expect(sim.gw.counters.callsByMethod[CREATE]).toBe(1);
  });

  it('delete is refused by the platform while under review, then works once decided', async () => {
    const env = await sim.core();
    const draft = await call(env.core, 'templates.save', NOTICE);
    const { platformCode } = await call(env.core, 'templates.submit', { id: draft.id });
    const refused = await callError(env.core, 'templates.delete', { id: draft.id });
    expect(refused.code).toBe('TOP_ERROR');
    expect(refused.message).toContain('审核中的模板暂时无法删除');
    expect(refused.detail).toMatchObject({ sub_code: 'isv.ERROR_TEMPLATE_NOT_DELETE' });
    expect((await call(env.core, 'templates.get', { id: draft.id })).status).toBe('pending');

    sim.gw.control.approveTemplate(platformCode!);
    expect(await call(env.core, 'templates.delete', { id: draft.id })).toEqual({ deleted: true, remote: true });
    expect(sim.gw.control.template(platformCode!)).toBeUndefined();
    expect(await call(env.core, 'templates.list', {})).toEqual([]);
  });

  it('lint errors are refused in main before any call', async () => {
    const env = await sim.core();
    const draft = await call(env.core, 'templates.save', { ...NOTICE, type: 2, content: '【张三店】全场5折 https://www.example.com 加微信领券' });
    const error = await callError(env.core, 'templates.submit', { id: draft.id });
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.issues!.length).toBeGreaterThanOrEqual(3);
    expect(sim.gw.counters.calls).toBe(0);
  });

  it('imports an approved template by code, and reports a 存量 template first when Jushita does not know it', async () => {
    const env = await sim.core();
    const code = sim.gw.control.seedTemplate({ content: '您好${name}，您的包裹已到驿站', name: '到站提醒', type: 1, status: 'approved' });
    expect(await call(env.core, 'templates.import', { code })).toMatchObject({ platformCode: code, status: 'approved', origin: 'imported', name: '到站提醒' });
    const missing = await callError(env.core, 'templates.import', { code: 'SMS_999999' });
    expect(missing).toMatchObject({ code: 'NOT_FOUND', detail: { notFound: true } });
    const reported = await call(env.core, 'templates.reportStock', { code: 'SMS_999999', name: '存量模板', type: 0, content: '您的验证码为${code}' });
    expect(reported).toMatchObject({ platformCode: 'SMS_999999', status: 'approved', origin: 'reported' });
  });

  it('unknown outcome of a create is reconciled, not duplicated', async () => {
    const env = await sim.core();
    sim.gw.control.inject(CREATE, { kind: 'http-status', status: 502, execute: true }, { times: 1 });
    const draft = await call(env.core, 'templates.save', NOTICE);
    const unknown = await call(env.core, 'templates.submit', { id: draft.id });
    expect(unknown).toMatchObject({ status: 'unknown', platformCode: null, pendingOp: null });
    expect(unknown.lastError).toMatch(/不会自动重发/);

    await call(env.core, 'templates.outbox.retryNow', {}); // answers after every due op was tried
    expect(sim.gw.counters.callsByMethod[CREATE]).toBe(1);

    // The seller finds the template in the console. Here the "console" is the simulator: codes are sequential,
    // so the one created just before a probe seed is ours — verified by its content.
    const probe = sim.gw.control.seedTemplate({ content: 'probe' });
    const created = `SMS_${Number(probe.slice(4)) - 1}`;
    expect(sim.gw.control.template(created)?.content).toBe(NOTICE.content);
    const linked = await call(env.core, 'templates.reconcile', { id: draft.id, code: created });
    expect(linked).toMatchObject({ status: 'pending', platformCode: created });
    expect(sim.gw.counters.callsByMethod[CREATE]).toBe(1);
  });
});

describe('offline queue', () => {
  it('gateway down → submit queued → gateway back → sent by itself exactly once', async () => {
    const { port, url } = await closedGateway();
    const env = await sim.core(url);
    const draft = await call(env.core, 'templates.save', NOTICE);
    const queued = await call(env.core, 'templates.submit', { id: draft.id });
    expect(queued).toMatchObject({ status: 'queued', pendingOp: { kind: 'template.create', state: 'queued' } });
    expect(queued.lastError).toMatch(/无法连接/);
    expect(await call(env.core, 'templates.outbox.list', {})).toMatchObject([{ label: NOTICE.name, state: 'queued' }]);
    expect(env.core.ctx.status.get().network).toBe('offline');

    const back = await startTopGateway({ port });
    try {
      const sent = await waitForEvent(env.core, 'templates.changed', (e) => e.cause === 'sent' && e.template?.id === draft.id, 10_000);
      expect(sent.template).toMatchObject({ status: 'pending', platformCode: expect.stringMatching(/^SMS_/) });
      await call(env.core, 'templates.outbox.retryNow', {}); // nothing is left to send
      expect(back.counters.callsByMethod[CREATE]).toBe(1);
      expect(await call(env.core, 'templates.outbox.list', {})).toEqual([]);
    } finally {
      await back.close();
    }
  });

  it('a queued submit can be cancelled and is then never sent', async () => {
    const { port, url } = await closedGateway();
    const env = await sim.core(url);
    const draft = await call(env.core, 'templates.save', NOTICE);
    const queued = await call(env.core, 'templates.submit', { id: draft.id });
    await call(env.core, 'templates.outbox.cancel', { id: queued.pendingOp!.id });
    expect(await call(env.core, 'templates.get', { id: draft.id })).toMatchObject({ status: 'draft', editable: true });
    const back = await startTopGateway({ port });
    try {
      await call(env.core, 'templates.outbox.retryNow', {});
      expect(back.counters.callsByMethod[CREATE]).toBeUndefined();
    } finally {
      await back.close();
    }
  });
});

describe('同步全部', () => {
  it('re-queries every imported template code and signature name and reports what changed and what the platform no longer has', async () => {
    const env = await sim.core();
    const kept = sim.gw.control.seedTemplate({ name: '发货通知', content: '您的订单已发货', type: 1, status: 'approved' });
    const edited = sim.gw.control.seedTemplate({ name: '催付提醒', content: '您有一笔订单待付款', type: 1, status: 'approved' });
    const gone = sim.gw.control.seedTemplate({ name: '旧活动', content: '旧活动内容', type: 1, status: 'approved' });
    sim.gw.control.seedSignature({ name: '张三男装淘宝店', status: 'approved' });
    sim.gw.control.seedSignature({ name: '张三旗舰店', status: 'pending' });
    for (const code of [kept, edited, gone]) await call(env.core, 'templates.import', { code });
    await call(env.core, 'signatures.import', { name: '张三男装淘宝店' });
    await call(env.core, 'signatures.import', { name: '张三旗舰店' });
    const before = await call(env.core, 'templates.syncAll', {});
    expect(before).toEqual({ templates: { checked: 3, changed: [], missing: [] }, signatures: { checked: 2, changed: [], missing: [] } });

    // Changed in the console: name and content of one template, one signature decided, one template deleted.
    sim.gw.control.seedTemplate({ code: edited, name: '催付提醒（新）', content: '您有一笔订单待付款，请尽快支付', type: 1, status: 'approved' });
    // (An approved one: pending ones are also followed by the background audit poll, which could get there first.)
    sim.gw.control.rejectSignature('张三男装淘宝店', '签名与店铺名不符');
    await env.core.services.top.client().deleteTemplate(gone);
    const changedEvent = waitForEvent(env.core, 'templates.changed', (e) => e.template?.platformCode === edited);
    const result = await call(env.core, 'templates.syncAll', {});
    expect(result.templates.changed).toEqual([{ key: edited, name: '催付提醒', fields: ['name', 'content'] }]);
    expect(result.signatures.changed).toEqual([{ key: '张三男装淘宝店', name: '张三男装淘宝店', fields: ['status', 'reason'] }]);
    expect((await changedEvent).template).toMatchObject({ name: '催付提醒（新）', content: '您有一笔订单待付款，请尽快支付' });
    const signatures = await call(env.core, 'signatures.list', {});
    expect(signatures.find((s) => s.name === '张三男装淘宝店')).toMatchObject({ status: 'rejected', reason: '签名与店铺名不符' });
    expect(result.templates.missing).toEqual([gone]);
    expect(result.error).toBeUndefined();
  });
});
