import { describe, expect, it } from 'vitest';
import { TopClient, type TopClientOptions } from '../../../electron/core/top/client';
import { TopError } from '../../../electron/core/top/errors';
import { RateLimiter } from '../../../electron/core/top/limiter';
import { TransportFailure } from '../../../electron/core/top/transport';
import { fakeClock, json, scriptedTransport, topError, type Scripted } from './fakes';

const SEND_INPUT = { signName: '张三男装淘宝店', templateCode: 'SMS_1', recipients: [{ phone: '13800000000', params: { name: '张三' } }], taskSign: 'task-1' };
const SEND_OK = json({ module: '1^2', request_id: 'r' });
const QUERY_OK = json({ r_success: true, module: { template_code: 'SMS_1', template_status: 1, template_type: 1 } });

function setup(script: Scripted[], options: Partial<TopClientOptions> = {}) {
  const { clock, state } = fakeClock();
  const { transport, calls } = scriptedTransport(script, clock);
  const client = new TopClient({
    appKey: 'ak',
    appSecret: 'secret',
    session: 'sess',
    gatewayUrl: 'http://gw.test/router/rest',
    clock,
    transport,
    limiter: new RateLimiter(1000, clock),
    ...options,
  });
  return { client, calls, state };
}

async function rejection(promise: Promise<unknown>): Promise<TopError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TopError) return error;
    throw error;
  }
  throw new Error('expected a TopError');
}

describe('retry policy', () => {
  it('retries a read-only call after a 5xx and succeeds', async () => {
    const { client, calls, state } = setup([{ status: 503, text: 'busy' }, QUERY_OK]);
    expect((await client.queryTemplate('SMS_1'))?.status).toBe('approved');
    expect(calls).toHaveLength(2);
    expect(state.sleeps).toContain(150); // base 300 ms, jitter factor 0.5 with random()=0
  });

  it.each([
    ['HTTP 502', { status: 502, text: '<html>' }],
    ['read timeout', new TransportFailure('timeout', 'ECONNABORTED', false)],
    ['connection reset mid-response', new TransportFailure('network', 'ECONNRESET', false)],
    ['isp remote timeout', topError(15, { sub_code: 'isp.top-remote-connection-timeout' })],
    ['garbage 200', { status: 200, text: 'not json' }],
  ] as const)('never retries batchsend after %s: outcome unknown', async (_name, failure) => {
    const { client, calls } = setup([failure, SEND_OK]);
    const error = await rejection(client.batchSend(SEND_INPUT));
    expect(error.outcome).toBe('unknown');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/结果未知/);
    expect(calls).toHaveLength(1);
  });

  it.each([
    ['connection refused', new TransportFailure('network', 'ECONNREFUSED', true)],
    ['connect timeout', new TransportFailure('timeout', 'ETOPCONNECTTIMEOUT', true)],
    ['isp service unavailable', topError(15, { sub_code: 'isp.top-remote-service-unavailable' })],
    ['code 10', topError(10)],
  ] as const)('retries batchsend after %s (certainly not executed)', async (_name, failure) => {
    const { client, calls } = setup([failure, SEND_OK]);
    expect(await client.batchSend(SEND_INPUT)).toEqual({ bizId: '1^2', requestId: 'r' });
    expect(calls).toHaveLength(2);
  });

  it('does not retry business refusals or credential errors', async () => {
    for (const failure of [
      topError(15, { sub_code: 'isv.MOBILE_NUMBER_ILLEGAL' }),
      topError(25),
      topError(27),
      topError(41, { sub_code: 'isv.invalid-parameter:rec_num' }),
    ]) {
      const { client, calls } = setup([failure, SEND_OK]);
      await rejection(client.batchSend(SEND_INPUT));
      expect(calls).toHaveLength(1);
    }
  });

  it('waits out a code-7 ban, then resends (a ban means nothing was executed)', async () => {
    const ban = topError(7, { sub_code: 'accesscontrol.limited-by-app-access-count', sub_msg: 'This ban will last for 2 more seconds' });
    const { client, calls } = setup([ban, SEND_OK]);
    expect((await client.batchSend(SEND_INPUT)).bizId).toBe('1^2');
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(2000);
    // The resend is signed afresh with the later timestamp.
    expect(calls[1]!.params.get('timestamp')).not.toBe(calls[0]!.params.get('timestamp'));
    expect(calls[1]!.params.get('sign')).not.toBe(calls[0]!.params.get('sign'));
  });

  it('a ban pauses every client of the app key, not just the banned call', async () => {
    const { clock, state } = fakeClock();
    const limiter = new RateLimiter(1000, clock);
    const banned = scriptedTransport([topError(7, { sub_msg: 'This ban will last for 3 more seconds' })], clock);
    const other = scriptedTransport([QUERY_OK], clock);
    const base = { appKey: 'ak', appSecret: 'secret', gatewayUrl: 'http://gw.test/router/rest', clock, limiter };
    const a = new TopClient({ ...base, transport: banned.transport });
    const b = new TopClient({ ...base, transport: other.transport });
    await rejection(a.call('taobao.jst.sms.message.direct.batchsend', {}, { maxAttempts: 1 }));
    const bannedAt = banned.calls[0]!.at;
    await b.queryTemplate('SMS_1');
    expect(other.calls[0]!.at - bannedAt).toBeGreaterThanOrEqual(3000);
    expect(state.sleeps.some((ms) => ms >= 2990)).toBe(true);
  });

  it('does not sit out a ban longer than maxBanWaitMs, and later calls fail fast without a request', async () => {
    const ban = topError(7, { sub_msg: 'This ban will last for 600 more seconds' });
    const { client, calls } = setup([ban, SEND_OK]);
    const first = await rejection(client.batchSend(SEND_INPUT));
    expect(first).toMatchObject({ banSeconds: 600, outcome: 'not-executed' });
    expect(calls).toHaveLength(1);
    const second = await rejection(client.queryTemplate('SMS_1'));
    expect(second.kind).toBe('throttled');
    expect(second.banSeconds).toBeGreaterThan(590);
    expect(calls).toHaveLength(1);
  });

  it('backs off exponentially with jitter, capped, for maxAttempts', async () => {
    const failure = { status: 503, text: '' };
    const { client, calls, state } = setup([failure], { retry: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 300 } });
    await rejection(client.queryTemplate('SMS_1'));
    expect(calls).toHaveLength(5);
    // random()=0 → half of min(cap, base·2^(n-1)).
    expect(state.sleeps.filter((ms) => ms !== 0)).toEqual([50, 100, 150, 150]);

    const withJitter = fakeClock(0, 0.999);
    const scripted = scriptedTransport([failure], withJitter.clock);
    const jittered = new TopClient({
      appKey: 'ak',
      appSecret: 's',
      gatewayUrl: 'http://gw.test/',
      clock: withJitter.clock,
      transport: scripted.transport,
      limiter: new RateLimiter(1000, withJitter.clock),
      retry: { maxAttempts: 3, baseDelayMs: 100 },
    });
    await rejection(jittered.queryTemplate('SMS_1'));
    expect(withJitter.state.sleeps.filter((ms) => ms !== 0)).toEqual([100, 200]);
  });

  it('maxAttempts: 1 disables retries for one call', async () => {
    const { client, calls } = setup([{ status: 503, text: '' }, QUERY_OK]);
    await rejection(client.call('taobao.jst.sms.template.query', { query_sms_template_request: { template_code: 'X' } }, { maxAttempts: 1 }));
    expect(calls).toHaveLength(1);
  });

  it('treats unknown APIs as writes unless told they are read-only', async () => {
    const a = setup([{ status: 503, text: '' }, json({ ok: true })]);
    await rejection(a.client.call('taobao.some.api', {}));
    expect(a.calls).toHaveLength(1);
    const b = setup([{ status: 503, text: '' }, json({ ok: true })]);
    expect(await b.client.call('taobao.some.api', {}, { readOnly: true })).toEqual({ ok: true });
    expect(b.calls).toHaveLength(2);
  });
});
