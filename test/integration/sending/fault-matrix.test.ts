// Fault matrix: each gateway fault against the real send loop and the strict simulator, with its expected end state.
// Invariant checked every time: no number reached the platform twice (simulator's per-number counters).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDraftFromRecipients } from '../../../electron/core/sending';
import { RECONCILE_SAMPLE_SIZE } from '../../../electron/core/sending/reconcile';
import { SuppressionStore } from '../../../electron/core/suppression/store';
import { startTopGateway, type Fault, type TopGateway } from '../../../electron/sim/top-gateway';
import { phones, SIGN, sendingEnv } from './helpers';

const BATCHSEND = 'taobao.jst.sms.message.direct.batchsend';
let gw: TopGateway;
let seq = 0;
beforeAll(async () => {
  gw = await startTopGateway();
});
afterAll(async () => gw.close());
afterEach(() => {
  gw.control.clearFaults();
  gw.control.clearSends();
  gw.control.resetCounters();
  gw.control.setLatency(0);
  gw.control.setBalance(null);
  gw.control.setNumberLimit(null);
  gw.control.setBlockedKeywords([]);
});

async function campaign(count: number, opts: { vars?: (i: number) => Record<string, string>; maxInFlight?: number } = {}) {
  const env = sendingEnv(gw, { qps: 100, module: { maxInFlight: opts.maxInFlight ?? 1, env: { JST_RECONCILE_AFTER_S: '0' } } });
  const code = `SMS_FM${++seq}`;
  const tpl = env.template(code, '${name}您好，您的订单已发货');
  env.signature();
  const list = phones(count, `13${seq % 10}`);
  const id = createDraftFromRecipients(env.ctx, env.suppression, {
    name: code,
    kind: 'campaign',
    templateId: tpl,
    signName: SIGN,
    recipients: list.map((p, i) => ({ phone: p, vars: opts.vars?.(i) ?? { name: `买家${i}` } })),
  });
  env.module.startBackground();
  return { env, id, list, code };
}

function noNumberTwice() {
  const counts = Object.values(gw.counters.sendsByNumber);
  expect(counts.length === 0 ? 0 : Math.max(...counts)).toBeLessThanOrEqual(1);
}

describe('fault matrix (600 numbers = 3 chunks unless said)', () => {
  it('latency 300 ms: completed, every number accepted once', async () => {
    gw.control.setLatency(300);
    const { env, id } = await campaign(600, { maxInFlight: 4 });
    try {
      await env.module.start(id);
      expect((await env.module.engine.settled(id))?.state).toBe('completed');
      expect(env.module.store.counts(id).submitted).toBe(600);
      noNumberTwice();
    } finally {
      await env.close();
    }
  });

  it('retryable not-executed error (isp.top-remote-service-unavailable): retried by the client, completed, nothing twice', async () => {
    const { env, id } = await campaign(600);
    gw.control.inject(BATCHSEND, { kind: 'error', code: 15, msg: 'Remote service error', subCode: 'isp.top-remote-service-unavailable' }, { times: 2 });
    try {
      await env.module.start(id);
      expect((await env.module.engine.settled(id))?.state).toBe('completed');
      expect(env.module.store.counts(id).submitted).toBe(600);
      expect(env.module.store.chunks(id).every((c) => c.state === 'accepted')).toBe(true);
      expect(gw.counters.faultsFired).toBe(2);
      noNumberTwice();
    } finally {
      await env.close();
    }
  });

  it('reset before execute (the client cannot tell): unknown → not found → 未确认; the explicit resend sends each once', async () => {
    const { env, id } = await campaign(600);
    gw.control.inject(BATCHSEND, { kind: 'reset', when: 'before-execute' }, { times: 1 });
    try {
      await env.module.start(id);
      expect(await env.module.engine.settled(id)).toMatchObject({ state: 'paused', reasonCode: 'unconfirmed' });
      expect(env.module.store.counts(id)).toMatchObject({ submitted: 400, unconfirmed: 200 });
      expect(gw.counters.callsByMethod[BATCHSEND]).toBe(3);
      // No record for any of the sampled numbers: the chunk is decided after RECONCILE_SAMPLE_SIZE queries.
      expect(gw.counters.callsByMethod['alibaba.aliqin.ta.sms.num.query']).toBe(RECONCILE_SAMPLE_SIZE);
      env.module.resendUnconfirmed(id);
      expect((await env.module.engine.settled(id))?.state).toBe('completed');
      expect(Object.values(gw.counters.sendsByNumber).filter((n) => n === 1)).toHaveLength(600);
      noNumberTwice();
    } finally {
      await env.close();
    }
  });

  it.each<[string, Fault]>([
    ['reset after execute', { kind: 'reset', when: 'after-execute' }],
    ['5xx after execute', { kind: 'http-status', status: 502, execute: true }],
  ])('%s: unknown → reconciled with num.query → accepted, never resent', async (_name, fault) => {
    const { env, id, list } = await campaign(600);
    gw.control.inject(BATCHSEND, fault, { times: 1 });
    try {
      await env.module.start(id);
      const done = await env.module.engine.settled(id);
      expect(done?.state).toBe('completed');
      const chunks = env.module.store.chunks(id);
      expect(chunks.map((c) => c.state).sort()).toEqual(['accepted', 'accepted', 'reconciled']);
      expect(env.module.store.counts(id).submitted).toBe(600);
      expect(Object.keys(gw.counters.sendsByNumber)).toHaveLength(list.length);
      // Decided as one unit: the first sampled number has the record.
      expect(gw.counters.callsByMethod['alibaba.aliqin.ta.sms.num.query']).toBe(1);
      noNumberTwice();
    } finally {
      await env.close();
    }
  });

  it('5xx before execute: unknown → not found → 未确认 → paused; resend sends each once', async () => {
    const { env, id } = await campaign(600);
    gw.control.inject(BATCHSEND, { kind: 'http-status', status: 503 }, { times: 1 });
    try {
      await env.module.start(id);
      const paused = await env.module.engine.settled(id);
      expect(paused).toMatchObject({ state: 'paused', reasonCode: 'unconfirmed' });
      expect(env.module.store.counts(id)).toMatchObject({ submitted: 400, unconfirmed: 200 });
      env.module.resendUnconfirmed(id);
      expect((await env.module.engine.settled(id))?.state).toBe('completed');
      expect(env.module.store.counts(id)).toMatchObject({ submitted: 600, unconfirmed: 0 });
      const rounds = new Set(env.module.store.chunks(id).map((c) => c.round));
      expect(rounds).toEqual(new Set([0, 1]));
      expect(new Set(env.module.store.chunks(id).map((c) => c.taskSign)).size).toBe(4);
      expect(Object.values(gw.counters.sendsByNumber).every((n) => n === 1)).toBe(true);
      expect(Object.keys(gw.counters.sendsByNumber)).toHaveLength(600);
    } finally {
      await env.close();
    }
  });

  it('code 7 ban: the limiter waits it out, the campaign continues and completes', async () => {
    const { env, id } = await campaign(600);
    gw.control.inject(BATCHSEND, { kind: 'ban', seconds: 1 }, { times: 1 });
    try {
      await env.module.start(id);
      expect((await env.module.engine.settled(id))?.state).toBe('completed');
      expect(gw.counters.bans).toBe(1);
      expect(env.module.store.counts(id).submitted).toBe(600);
      noNumberTwice();
    } finally {
      await env.close();
    }
  });

  it('27 session expired: paused (session), the chunk back to prepared, resumes after the fix', async () => {
    const { env, id } = await campaign(600);
    gw.control.inject(BATCHSEND, { kind: 'invalid-session' });
    try {
      await env.module.start(id);
      const paused = await env.module.engine.settled(id);
      expect(paused).toMatchObject({ state: 'paused', reasonCode: 'session' });
      expect(paused?.reason).toMatch(/授权/);
      expect(env.module.store.chunks(id).every((c) => c.state === 'prepared')).toBe(true);
      expect(env.module.store.counts(id).queued).toBe(600);
      gw.control.clearFaults();
      env.module.resume(id);
      expect((await env.module.engine.settled(id))?.state).toBe('completed');
      expect(env.module.store.counts(id).submitted).toBe(600);
      noNumberTwice();
    } finally {
      await env.close();
    }
  });

  it('AMOUNT_NOT_ENOUGH: paused (balance) after what the balance covered; resumes after top-up', async () => {
    const { env, id } = await campaign(600);
    gw.control.setBalance(250);
    try {
      await env.module.start(id);
      const paused = await env.module.engine.settled(id);
      expect(paused).toMatchObject({ state: 'paused', reasonCode: 'balance' });
      expect(env.module.store.counts(id)).toMatchObject({ submitted: 200, queued: 400 });
      gw.control.setBalance(null);
      env.module.resume(id);
      expect((await env.module.engine.settled(id))?.state).toBe('completed');
      expect(env.module.store.counts(id).submitted).toBe(600);
      noNumberTwice();
    } finally {
      await env.close();
    }
  });

  it('11 permission: paused (permission), nothing sent', async () => {
    const { env, id } = await campaign(200);
    gw.control.inject(BATCHSEND, { kind: 'error', code: 11, msg: 'Insufficient isv permissions', subCode: 'isv.permission-api-package-limit' });
    try {
      await env.module.start(id);
      expect(await env.module.engine.settled(id)).toMatchObject({ state: 'paused', reasonCode: 'permission' });
      expect(gw.control.sends()).toHaveLength(0);
    } finally {
      await env.close();
    }
  });

  it.each([
    ['MOBILE_NUMBER_ILLEGAL rule on one number', 'isv.MOBILE_NUMBER_ILLEGAL'],
    ['BUSINESS_LIMIT_CONTROL', 'isv.BUSINESS_LIMIT_CONTROL'],
    ['BLACK_KEY_CONTROL_LIMIT', 'isv.BLACK_KEY_CONTROL_LIMIT'],
  ])('per-number refusal (%s): that chunk rejected with the sub_code and reason, the rest sent', async (_name, subCode) => {
    const { env, id, list, code } = await campaign(600, { vars: (i) => ({ name: i === 250 ? '秒杀买家' : `买家${i}` }) });
    const victim = list[250]!;
    if (subCode === 'isv.MOBILE_NUMBER_ILLEGAL') gw.control.rejectNumber(victim, subCode);
    if (subCode === 'isv.BLACK_KEY_CONTROL_LIMIT') gw.control.setBlockedKeywords(['秒杀']);
    if (subCode === 'isv.BUSINESS_LIMIT_CONTROL') {
      gw.control.setNumberLimit(1);
      // The number already got this template today.
      await env.client.batchSend({ signName: SIGN, templateCode: code, recipients: [{ phone: victim, params: { name: '之前' } }] });
      gw.control.resetCounters();
    }
    try {
      await env.module.start(id);
      expect((await env.module.engine.settled(id))?.state).toBe('completed');
      expect(env.module.store.counts(id)).toMatchObject({ submitted: 400, rejected: 200 });
      const rejected = env.module.store.recipientsPage(id, ['rejected'], victim, 1, 5).items[0]!;
      expect(rejected).toMatchObject({ subCode, phone: victim });
      expect(rejected.reason).toMatch(/[\u4e00-\u9fa5]/);
      expect(env.module.store.chunks(id).map((c) => c.state)).toEqual(['accepted', 'rejected', 'accepted']);
      noNumberTwice();
      gw.control.rejectNumber(victim, null);
    } finally {
      await env.close();
    }
  });

  it('a 拉黑 arriving mid-campaign removes the number from chunks not yet sent', async () => {
    gw.control.setLatency(150);
    const { env, id, list } = await campaign(600);
    const suppression = new SuppressionStore(env.ctx);
    let added = false;
    gw.control.onSend(() => {
      if (added) return;
      added = true;
      suppression.add([list[500]!, list[501]!], { reason: 'block', source: 'manual' });
    });
    try {
      await env.module.start(id);
      expect((await env.module.engine.settled(id))?.state).toBe('completed');
      expect(env.module.store.counts(id)).toMatchObject({ submitted: 598, skipped: 2 });
      expect(gw.counters.sendsByNumber[list[500]!]).toBeUndefined();
      expect(env.module.store.chunks(id)[2]!.size).toBe(198);
    } finally {
      await env.close();
    }
  });

  it('pause and cancel: in-flight chunks finish, the rest are cancelled', async () => {
    gw.control.setLatency(200);
    const { env, id } = await campaign(1000);
    try {
      // Pause while the platform executes the first chunk (one call in flight): that chunk finishes, nothing more.
      const firstCall = new Promise<void>((resolve) => {
        const off = gw.control.onSend(() => {
          off();
          resolve();
        });
      });
      await env.module.start(id);
      await firstCall;
      env.module.pause(id);
      const paused = await env.module.engine.settled(id);
      expect(paused?.state).toBe('paused');
      const afterPause = env.module.store.counts(id);
      expect(afterPause.inFlight).toBe(0);
      expect(afterPause.submitted).toBe(200);
      env.module.cancel(id);
      const c = env.module.store.counts(id);
      expect(c.submitted + c.cancelled).toBe(1000);
      expect(env.module.store.campaign(id)?.state).toBe('cancelled');
      noNumberTwice();
    } finally {
      await env.close();
    }
  });
});
