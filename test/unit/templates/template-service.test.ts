import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { TopError } from '../../../electron/core/top/errors';
import { errors } from './fake-platform';
import { fakeModule, GOOD_MARKETING, GOOD_NOTICE } from './helpers';

let env: ReturnType<typeof fakeModule>;
afterEach(async () => {
  await env?.close();
});

function draft(fields: Partial<{ name: string; type: 0 | 1 | 2 | 3; content: string; remark: string }> = {}) {
  return env.module.templates.save({ ...GOOD_NOTICE, ...fields, typeClass: 'NORMAL', sampleValues: {}, previewSignName: '' });
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('drafts are local and work offline', () => {
  it('create, autosave, duplicate and delete never touch the platform', async () => {
    env = fakeModule();
    const created = draft({ content: '亲，您的订单${tid}已发货' });
    expect(created).toMatchObject({ status: 'draft', platformCode: null, editable: true, typeLocked: false });
    const saved = env.module.templates.save({
      ...GOOD_NOTICE,
      id: created.id,
      typeClass: 'NORMAL',
      sampleValues: { tid: '1234567890123456' },
      previewSignName: '张三男装淘宝店',
    });
    expect(saved.content).toBe(GOOD_NOTICE.content);
    expect(saved.sampleValues).toEqual({ tid: '1234567890123456' });
    const copy = env.module.templates.duplicate(created.id);
    expect(copy).toMatchObject({ name: '发货通知（副本）', content: GOOD_NOTICE.content, status: 'draft' });
    expect(await env.module.templates.delete(created.id)).toEqual({ deleted: true, remote: false });
    expect(env.module.templates.list().map((t) => t.id)).toEqual([copy.id]);
    expect(env.platform.calls).toEqual([]);
    expect(env.seen.filter((e) => e.name === 'templates.changed').map((e) => e.payload.cause)).toEqual(['edited', 'edited', 'edited', 'deleted']);
  });

  it('filters by status', () => {
    env = fakeModule();
    draft();
    expect(env.module.templates.list(['draft'])).toHaveLength(1);
    expect(env.module.templates.list(['pending', 'approved'])).toHaveLength(0);
  });
});

describe('submit', () => {
  it('is refused in main while lint has errors — nothing is queued or sent', async () => {
    env = fakeModule();
    const t = draft({ content: '【张三店】您的验证码是${code}，访问 http://example.com 查看' });
    const error = await rejection(env.module.templates.submit(t.id));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/模板还有 \d+ 个问题/);
    expect(error.issues?.map((i) => i.message).join(' ')).toMatch(/【】|链接/);
    expect(env.module.outbox.list()).toEqual([]);
    expect(env.platform.calls).toEqual([]);
    expect(env.module.templates.get(t.id).status).toBe('draft');
  });

  it('is refused when the client rules fail (name over 30 characters) even if lint only warns', async () => {
    env = fakeModule();
    const t = draft({ name: '这是一个特别特别特别特别特别特别特别特别特别特别特别长的模板名称' });
    const error = await rejection(env.module.templates.submit(t.id));
    expect(error.code).toBe('BAD_REQUEST');
    expect(env.platform.calls).toEqual([]);
  });

  it('goes out at once when online: code stored, version recorded, type locked', async () => {
    env = fakeModule();
    const t = draft();
    const submitted = await env.module.templates.submit(t.id);
    expect(submitted).toMatchObject({ status: 'pending', editable: false, typeLocked: true, lastError: '' });
    expect(submitted.platformCode).toMatch(/^SMS_\d+$/);
    expect(submitted.lastSubmitted).toMatchObject({ version: 1, action: 'create', content: GOOD_NOTICE.content });
    expect(env.platform.templates.get(submitted.platformCode!)).toMatchObject({ content: GOOD_NOTICE.content, type: 1 });
    const changes = env.seen.filter((e) => e.name === 'templates.changed');
    expect(changes.slice(-2).map((e) => e.payload.cause)).toEqual(['queued', 'sent']);
    // Announced only once the outbox op is done: listeners never see a "sent" template still sending.
    expect(changes.at(-1)!.payload.template.pendingOp).toBeNull();
  });

  it('a platform refusal is thrown back and the draft keeps the message', async () => {
    env = fakeModule();
    env.platform.fail('createTemplate', errors.business('params_error'));
    const t = draft();
    const error = await rejection(env.module.templates.submit(t.id));
    expect(error).toBeInstanceOf(TopError);
    const after = env.module.templates.get(t.id);
    expect(after).toMatchObject({ status: 'draft', editable: true });
    expect(after.lastError).toBe(error.message);
    expect(env.module.outbox.list()).toEqual([]);
  });

  it('cannot be submitted twice or changed while pending', async () => {
    env = fakeModule();
    const t = await env.module.templates.submit(draft().id);
    expect((await rejection(env.module.templates.submit(t.id))).message).toMatch(/审核中/);
    expect(() => env.module.templates.save({ ...GOOD_NOTICE, id: t.id, content: '改了', typeClass: 'NORMAL', sampleValues: {}, previewSignName: '' })).toThrow(
      /审核/,
    );
    // Preview-only fields may still change.
    expect(env.module.templates.save({ ...GOOD_NOTICE, id: t.id, typeClass: 'NORMAL', sampleValues: { tid: '1' }, previewSignName: 'x' }).sampleValues).toEqual(
      { tid: '1' },
    );
  });
});

describe('offline queue (待联网提交)', () => {
  it('queues on a not-executed network failure, retries on demand and sends exactly once', async () => {
    env = fakeModule();
    env.platform.fail('createTemplate', errors.offline(), { times: 2 });
    const t = draft();
    const queued = await env.module.templates.submit(t.id);
    expect(queued.status).toBe('queued');
    expect(queued.lastError).toMatch(/无法连接/);
    expect(queued.pendingOp).toMatchObject({ kind: 'template.create', state: 'queued', attempts: 1 });
    // Backoff: the next attempt is scheduled in the future (initial 1 h in this test).
    expect(Date.parse(queued.pendingOp!.nextAttemptAt)).toBeGreaterThan(env.clock.now);

    void env.module.outbox.retryNow();
    await until(() => env.module.templates.get(t.id).pendingOp?.attempts === 2);
    expect(env.module.templates.get(t.id).status).toBe('queued');

    void env.module.outbox.retryNow();
    await until(() => env.module.templates.get(t.id).status === 'pending');
    expect(env.module.outbox.list()).toEqual([]);
    expect(env.platform.count('createTemplate')).toBe(3);
    expect(env.platform.templates.size).toBe(1);
  });

  it('a network coming back online (status.changed) sends the queue without waiting for the backoff', async () => {
    env = fakeModule();
    env.platform.fail('createTemplate', errors.offline());
    env.module.start();
    const t = draft();
    await env.module.templates.submit(t.id);
    env.ctx.status.setNetwork('offline');
    env.ctx.status.setNetwork('online');
    await until(() => env.module.templates.get(t.id).status === 'pending');
  });

  it('a queued submit can be cancelled: the draft is editable again and nothing is sent', async () => {
    env = fakeModule();
    env.platform.fail('createTemplate', errors.offline());
    const t = draft();
    const queued = await env.module.templates.submit(t.id);
    const cancelled = env.module.outbox.cancel(queued.pendingOp!.id);
    expect(cancelled).toMatchObject({ state: 'cancelled', label: GOOD_NOTICE.name });
    expect(env.module.templates.get(t.id)).toMatchObject({ status: 'draft', editable: true, pendingOp: null });
    void env.module.outbox.retryNow();
    await settle();
    expect(env.platform.count('createTemplate')).toBe(1);
    expect(() => env.module.outbox.cancel(queued.pendingOp!.id)).toThrow(/无法取消/);
  });

  it('settings incomplete (client cannot be built) also waits in the queue', async () => {
    env = fakeModule({
      platform: () => {
        throw new AppError('NOT_CONFIGURED', '尚未填写 App Key');
      },
    });
    const t = draft();
    const queued = await env.module.templates.submit(t.id);
    expect(queued).toMatchObject({ status: 'queued', lastError: '尚未填写 App Key' });
  });
});

describe('unknown outcome of a create is reconciled, never re-sent blindly', () => {
  it('stops as "unknown"; retries do not create a second template; the seller links the code', async () => {
    env = fakeModule();
    env.platform.fail('createTemplate', errors.lostAnswer(), { afterExecute: true });
    const t = draft();
    const unknown = await env.module.templates.submit(t.id);
    expect(unknown).toMatchObject({ status: 'unknown', platformCode: null, editable: false, pendingOp: null });
    expect(unknown.lastError).toMatch(/不会自动重发/);
    void env.module.outbox.retryNow();
    await settle();
    expect(env.platform.count('createTemplate')).toBe(1);
    expect((await rejection(env.module.templates.submit(t.id))).message).toMatch(/核对/);

    const [code] = [...env.platform.templates.keys()];
    await expect(env.module.templates.reconcile(t.id, { code: 'SMS_NOPE' })).rejects.toThrow(/找不到模板/);
    const linked = await env.module.templates.reconcile(t.id, { code });
    expect(linked).toMatchObject({ status: 'pending', platformCode: code, lastSubmitted: { version: 1 } });
    expect(env.platform.count('createTemplate')).toBe(1);
  });

  it('on the seller’s word that nothing was created, it is submitted again', async () => {
    env = fakeModule();
    env.platform.fail('createTemplate', errors.lostAnswer());
    const t = draft();
    expect((await env.module.templates.submit(t.id)).status).toBe('unknown');
    const again = await env.module.templates.reconcile(t.id, { resubmit: true });
    expect(again.status).toBe('pending');
    expect(env.platform.count('createTemplate')).toBe(2);
    expect(env.platform.templates.size).toBe(1);
  });

  it('a modify with a lost answer is checked with template.query before sending again', async () => {
    env = fakeModule();
    const t = await env.module.templates.submit(draft().id);
    env.platform.decideTemplate(t.platformCode!, 'rejected', '请补充场景');
    await env.module.pollOnce();
    env.module.templates.save({
      ...GOOD_NOTICE,
      id: t.id,
      content: '亲，订单${tid}已发出，请留意物流。',
      typeClass: 'NORMAL',
      sampleValues: {},
      previewSignName: '',
    });
    env.platform.fail('modifyTemplate', errors.lostAnswer(), { afterExecute: true });
    const waiting = await env.module.templates.submit(t.id);
    expect(waiting.status).toBe('queued');
    void env.module.outbox.retryNow();
    await until(() => env.module.templates.get(t.id).status === 'pending');
    expect(env.platform.count('modifyTemplate')).toBe(1);
    expect(env.platform.count('queryTemplate')).toBeGreaterThanOrEqual(2);
    expect(env.module.templates.get(t.id).lastSubmitted).toMatchObject({ version: 2, action: 'modify' });
  });

  it('an op left "sending" by a crash becomes unknown at start', async () => {
    env = fakeModule();
    const t = draft();
    env.ctx.db
      .prepare(
        "INSERT INTO outbox (shop_id, kind, entity_type, entity_id, payload, state, attempts, next_attempt_at, created_at, updated_at) VALUES (1, 'template.create', 'template', ?, ?, 'sending', 1, 'x', 'x', 'x')",
      )
      .run(t.id, JSON.stringify({ request: {}, previousStatus: 'draft' }));
    env.ctx.db.prepare("UPDATE sms_templates SET status = 'queued' WHERE id = ?").run(t.id);
    env.module.start();
    expect(env.module.templates.get(t.id).status).toBe('unknown');
    expect(env.platform.calls).toEqual([]);
  });

  it('a crash after the success was recorded is not mistaken for an unknown outcome', async () => {
    env = fakeModule();
    const t = draft();
    env.ctx.db
      .prepare(
        "INSERT INTO outbox (shop_id, kind, entity_type, entity_id, payload, state, attempts, next_attempt_at, created_at, updated_at) VALUES (1, 'template.create', 'template', ?, ?, 'sending', 1, 'x', 'x', 'x')",
      )
      .run(t.id, JSON.stringify({ request: {}, previousStatus: 'draft' }));
    env.ctx.db.prepare("UPDATE sms_templates SET status = 'pending', platform_code = 'SMS_1' WHERE id = ?").run(t.id);
    env.module.start();
    expect(env.module.templates.get(t.id)).toMatchObject({ status: 'pending', platformCode: 'SMS_1', pendingOp: null });
  });
});

describe('audit tracking', () => {
  it('pending → approved / rejected with the reason verbatim, as events', async () => {
    env = fakeModule();
    const a = await env.module.templates.submit(draft().id);
    const b = await env.module.templates.submit(draft({ name: '退款提醒', content: '亲，您的退款${tid}已处理' }).id);
    expect(await env.module.pollOnce()).toEqual({ checked: 2, changed: 0, error: undefined });
    env.platform.decideTemplate(a.platformCode!, 'approved');
    env.platform.decideTemplate(b.platformCode!, 'rejected', '请参考下述修改建议:1. 请补充退款场景说明');
    expect(await env.module.pollOnce()).toMatchObject({ checked: 2, changed: 2 });
    expect(env.module.templates.get(a.id).status).toBe('approved');
    expect(env.module.templates.get(b.id)).toMatchObject({ status: 'rejected', reason: '请参考下述修改建议:1. 请补充退款场景说明', editable: true });
    const audits = env.seen.filter((e) => e.name === 'templates.changed' && e.payload.cause === 'audit');
    expect(audits.map((e) => [e.payload.template.id, e.payload.template.status, e.payload.previousStatus]).sort()).toEqual([
      [a.id, 'approved', 'pending'],
      [b.id, 'rejected', 'pending'],
    ]);
  });

  it('rejected → edit → resubmit uses template.modify and keeps the type locked', async () => {
    env = fakeModule();
    const t = await env.module.templates.submit(draft().id);
    env.platform.decideTemplate(t.platformCode!, 'rejected', '内容不清晰');
    await env.module.pollOnce();
    expect(() => env.module.templates.save({ ...GOOD_NOTICE, id: t.id, type: 2, typeClass: 'NORMAL', sampleValues: {}, previewSignName: '' })).toThrow(
      /类型不能修改/,
    );
    env.module.templates.save({
      ...GOOD_NOTICE,
      id: t.id,
      content: '亲，您购买的宝贝已发货，订单${tid}。',
      typeClass: 'NORMAL',
      sampleValues: {},
      previewSignName: '',
    });
    const again = await env.module.templates.submit(t.id);
    expect(again).toMatchObject({ status: 'pending', platformCode: t.platformCode, reason: '' });
    expect(env.platform.count('createTemplate')).toBe(1);
    expect(env.platform.count('modifyTemplate')).toBe(1);
    expect(env.platform.templates.get(t.platformCode!)!.content).toBe('亲，您购买的宝贝已发货，订单${tid}。');
  });

  it('an offline poll stops the round and reports why', async () => {
    env = fakeModule();
    await env.module.templates.submit(draft().id);
    await env.module.templates.submit(draft({ name: 'b' }).id);
    env.platform.fail('queryTemplate', errors.offline());
    const round = await env.module.pollOnce();
    expect(round).toMatchObject({ checked: 0, changed: 0 });
    expect(round.error).toMatch(/无法连接/);
    expect(env.platform.count('queryTemplate')).toBe(1);
  });

  it('an audit answer that raced with a resubmit does not overwrite it', async () => {
    env = fakeModule();
    const t = await env.module.templates.submit(draft().id);
    const store = (env.module.templates as unknown as { deps: { store: { updateIfUnchanged: (...args: unknown[]) => boolean } } }).deps.store;
    const stale = { status: 'pending' as const, submittedAt: '2000-01-01T00:00:00.000Z' };
    expect(store.updateIfUnchanged(t.id, stale, { status: 'rejected' })).toBe(false);
    expect(store.updateIfUnchanged(t.id, { status: 'pending', submittedAt: t.submittedAt }, { status: 'approved' })).toBe(true);
  });
});

describe('delete and import', () => {
  it('the platform refuses to delete while under review; the template stays, with the reason', async () => {
    env = fakeModule();
    const t = await env.module.templates.submit(draft().id);
    const error = await rejection(env.module.templates.delete(t.id));
    expect(error.message).toContain('审核中的模板暂时无法删除');
    expect(env.module.templates.get(t.id).status).toBe('pending');
    env.platform.decideTemplate(t.platformCode!, 'approved');
    expect(await env.module.templates.delete(t.id)).toEqual({ deleted: true, remote: true });
    expect(env.platform.templates.size).toBe(0);
  });

  it('imports by code (pending items are then tracked) and refuses an unknown code', async () => {
    env = fakeModule();
    env.platform.templates.set('SMS_42', {
      code: 'SMS_42',
      name: '老模板',
      content: '亲，${name}您好',
      type: 1,
      status: 'approved',
      statusCode: 1,
      reason: '',
      remark: '',
    });
    const imported = await env.module.templates.import('SMS_42');
    expect(imported).toMatchObject({ origin: 'imported', status: 'approved', platformCode: 'SMS_42', typeLocked: true, editable: false });
    expect((await env.module.templates.import('SMS_42')).id).toBe(imported.id);
    const missing = await rejection(env.module.templates.import('SMS_404'));
    expect(missing).toMatchObject({ code: 'NOT_FOUND', detail: { notFound: true } });
  });

  it('reports a stock template, then imports it as approved', async () => {
    env = fakeModule();
    const t = await env.module.templates.reportStock({ code: 'SMS_7', name: '存量', type: 1, content: '您的验证码${code}' });
    expect(t).toMatchObject({ origin: 'reported', status: 'approved', platformCode: 'SMS_7' });
    expect(env.platform.calls).toEqual(['reportTemplate', 'queryTemplate']);
  });

  it('a marketing template with the opt-out text submits', async () => {
    env = fakeModule();
    const t = draft(GOOD_MARKETING);
    expect((await env.module.templates.submit(t.id)).status).toBe('pending');
  });
});

async function settle() {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 5));
}

async function until(check: () => boolean, timeoutMs = 2_000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
