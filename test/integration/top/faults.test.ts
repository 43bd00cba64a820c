import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../electron/core/top/limiter';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';
import { clientFor, topError } from './helpers';

const SEND = 'taobao.jst.sms.message.direct.batchsend';
const QUERY = 'taobao.jst.sms.template.query';
let gw: TopGateway;
let seq = 0;
async function until(condition: () => boolean) {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error('condition not reached');
}
const input = () => ({
  signName: '张三男装淘宝店',
  templateCode: 'SMS_F',
  recipients: [
    { phone: '13500000001', params: { name: '甲' } },
    { phone: '13500000002', params: { name: '乙' } },
  ],
  taskSign: `fault-task-${++seq}`,
});

beforeAll(async () => {
  gw = await startTopGateway();
  gw.control.seedTemplate({ code: 'SMS_F', content: '${name}您好', status: 'approved' });
  gw.control.seedSignature({ name: '张三男装淘宝店', status: 'approved' });
});
afterAll(async () => {
  await gw.close();
});
beforeEach(() => {
  gw.control.clearFaults();
  gw.control.resetCounters();
});

describe('unknown outcomes: batchsend is never resent', () => {
  it('reset after the gateway executed: sends recorded once, outcome unknown, one call', async () => {
    gw.control.inject(SEND, { kind: 'reset', when: 'after-execute' });
    const send = input();
    const e = await topError(clientFor(gw).batchSend(send));
    expect(e).toMatchObject({ kind: 'network', outcome: 'unknown', retryable: false });
    expect(e.message).toMatch(/结果未知/);
    expect(gw.counters.callsByMethod[SEND]).toBe(1);
    expect(gw.counters.sendsByTaskSign[send.taskSign]).toBe(2);
    expect(gw.counters.batchesByTaskSign[send.taskSign]).toBe(1);
  });

  it('reset before executing looks the same to the client: unknown, not resent, nothing recorded', async () => {
    gw.control.inject(SEND, { kind: 'reset', when: 'before-execute' });
    const send = input();
    expect(await topError(clientFor(gw).batchSend(send))).toMatchObject({ outcome: 'unknown' });
    expect(gw.counters.callsByMethod[SEND]).toBe(1);
    expect(gw.counters.sendsByTaskSign[send.taskSign]).toBeUndefined();
  });

  it('5xx after executing: unknown, one call', async () => {
    gw.control.inject(SEND, { kind: 'http-status', status: 502, execute: true });
    const send = input();
    expect(await topError(clientFor(gw).batchSend(send))).toMatchObject({ kind: 'http', httpStatus: 502, outcome: 'unknown' });
    expect(gw.counters.callsByMethod[SEND]).toBe(1);
    expect(gw.counters.sendsByTaskSign[send.taskSign]).toBe(2);
  });

  it('read timeout after executing: unknown, one call', async () => {
    gw.control.inject(SEND, { kind: 'hang', execute: true });
    const send = input();
    expect(await topError(clientFor(gw, { readTimeoutMs: 300 }).batchSend(send))).toMatchObject({ kind: 'timeout', outcome: 'unknown', retryable: false });
    expect(gw.counters.callsByMethod[SEND]).toBe(1);
    expect(gw.counters.batchesByTaskSign[send.taskSign]).toBe(1);
  });

  it('isp remote timeout: unknown, one call', async () => {
    gw.control.inject(SEND, { kind: 'error', code: 15, msg: 'Remote service error', subCode: 'isp.top-remote-connection-timeout', subMsg: '远程服务超时' });
    expect(await topError(clientFor(gw).batchSend(input()))).toMatchObject({ outcome: 'unknown', retryable: false });
    expect(gw.counters.callsByMethod[SEND]).toBe(1);
  });
});

describe('certainly-not-executed failures are retried', () => {
  it('isp service unavailable once → resent → one batch', async () => {
    gw.control.inject(SEND, { kind: 'error', code: 15, msg: 'Remote service error', subCode: 'isp.top-remote-service-unavailable' }, { times: 1 });
    const send = input();
    await clientFor(gw).batchSend(send);
    expect(gw.counters.callsByMethod[SEND]).toBe(2);
    expect(gw.counters.batchesByTaskSign[send.taskSign]).toBe(1);
  });

  it('a code-7 ban is waited out before the resend (the resend is not banned again)', async () => {
    gw.control.inject(SEND, { kind: 'ban', seconds: 1 }, { times: 1 });
    const send = input();
    const result = await clientFor(gw).batchSend(send);
    expect(result.bizId).toMatch(/\^/);
    expect(gw.counters.bans).toBe(1);
    expect(gw.counters.callsByMethod[SEND]).toBe(2);
    expect(gw.counters.batchesByTaskSign[send.taskSign]).toBe(1);
  });

  it('a ban pauses every client sharing the app key limiter; a client with its own limiter runs into it', async () => {
    const limiter = new RateLimiter(100);
    const a = clientFor(gw, { limiter });
    const b = clientFor(gw, { limiter, retry: { maxAttempts: 1 } });
    gw.control.inject(QUERY, { kind: 'ban', seconds: 1 }, { times: 1 });
    const first = a.queryTemplate('SMS_F');
    await until(() => limiter.pauseRemainingMs() > 0);
    // The gateway is still banning this app key; b must wait in the shared limiter instead of calling now.
    await Promise.all([first, b.queryTemplate('SMS_F'), b.queryTemplate('SMS_F')]);
    expect(gw.counters.bans).toBe(1);
    expect(gw.counters.callsByMethod[QUERY]).toBe(4);

    gw.control.resetCounters();
    const c = clientFor(gw, { limiter: new RateLimiter(100) });
    const d = clientFor(gw, { limiter: new RateLimiter(100), retry: { maxAttempts: 1 } });
    gw.control.inject(QUERY, { kind: 'ban', seconds: 1 }, { times: 1 });
    const banned = c.queryTemplate('SMS_F');
    await until(() => gw.counters.bans === 1);
    expect(await topError(d.queryTemplate('SMS_F'))).toMatchObject({ topCode: 7, banSeconds: 1 });
    await banned;
  });

  it('read-only calls are retried after 5xx and resets', async () => {
    gw.control.inject(QUERY, { kind: 'http-status', status: 503 }, { times: 1 });
    gw.control.inject(QUERY, { kind: 'reset', when: 'after-execute' }, { times: 1 });
    expect((await clientFor(gw).queryTemplate('SMS_F'))?.status).toBe('approved');
    expect(gw.counters.callsByMethod[QUERY]).toBe(3);
  });

  it('connection refused is not executed and retried, then reported as unreachable', async () => {
    const closed = await startTopGateway();
    const url = closed.url;
    await closed.close();
    const e = await topError(clientFor(gw, { gatewayUrl: url, retry: { maxAttempts: 2, baseDelayMs: 1 } }).batchSend(input()));
    expect(e).toMatchObject({ kind: 'network', networkCode: 'ECONNREFUSED', outcome: 'not-executed', retryable: true });
    expect(e.message).toMatch(/无法连接/);
  });
});

describe('other answers', () => {
  it('QPS limit on the gateway: the client at the same QPS earns no ban', async () => {
    gw.control.setQpsLimit(20, 1);
    try {
      const client = clientFor(gw, { limiter: new RateLimiter(20) });
      await Promise.all(Array.from({ length: 24 }, () => client.queryTemplate('SMS_F')));
      expect(gw.counters.bans).toBe(0);
      expect(gw.counters.callsByMethod[QUERY]).toBe(24);
    } finally {
      gw.control.setQpsLimit(null);
    }
  });

  it('the simulator really bans an app that exceeds its QPS', async () => {
    gw.control.setQpsLimit(3, 1);
    try {
      const unlimited = clientFor(gw, { limiter: new RateLimiter(1000), retry: { maxAttempts: 1 } });
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => unlimited.queryTemplate('SMS_F')));
      expect(results.filter((r) => r.status === 'rejected').length).toBeGreaterThan(0);
      expect(gw.counters.bans).toBeGreaterThan(0);
    } finally {
      gw.control.setQpsLimit(null);
      gw.control.ban(0);
    }
  });

  it('invalid session fault → 27 with re-authorize advice', async () => {
    gw.control.inject(QUERY, { kind: 'invalid-session' }, { times: 1 });
    const e = await topError(clientFor(gw).queryTemplate('SMS_F'));
    expect(e).toMatchObject({ topCode: 27, category: 'session' });
    expect(e.message).toContain('店铺授权 sessionKey 已失效，请重新授权');
  });

  it('big integers in an answer survive parsing exactly', async () => {
    gw.control.inject(QUERY, {
      kind: 'raw',
      body: '{"jst_sms_template_query_response":{"r_success":true,"module":{"template_code":"SMS_F","id":1590159531380428537},"request_id":"abc"}}',
    });
    const body = await clientFor(gw).call(QUERY, { query_sms_template_request: { template_code: 'SMS_F' } });
    expect(body.module).toEqual({ template_code: 'SMS_F', id: '1590159531380428537' });
  });

  it('gzip answers are decoded', async () => {
    const res = await fetch(gw.url, {
      method: 'POST',
      headers: { 'Accept-Encoding': 'gzip', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'format=json',
    });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect((await clientFor(gw).queryTemplate('SMS_F'))?.code).toBe('SMS_F');
  });
});
