import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTopGateway, type SendEvent, type TopGateway } from '../../../electron/sim/top-gateway';
import { clientFor, topError } from './helpers';

// The simulator's HTTP control API, as a test in another process (or a person with curl) would use it.
let gw: TopGateway;
const events: SendEvent[] = [];
beforeAll(async () => {
  gw = await startTopGateway({ onSend: (e) => events.push(e) });
});
afterAll(async () => {
  await gw.close();
});

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${gw.controlUrl}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

describe('HTTP control API', () => {
  it('seeds, reviews, sends and reads counters', async () => {
    const seeded = await control('POST', '/templates', { content: '${name}您好', status: 'pending' });
    expect(seeded.status).toBe(200);
    const code = seeded.json.code as string;
    await control('POST', '/signatures', { name: '张三男装淘宝店' });
    const c = clientFor(gw);
    const send = { signName: '张三男装淘宝店', templateCode: code, recipients: [{ phone: '13200000001', params: { name: '甲' } }], taskSign: 'ctl-1' };
    expect((await topError(c.batchSend(send))).sub_code).toBe('isv.SMS_TEMPLATE_ILLEGAL');
    expect((await control('POST', `/templates/${code}/approve`)).status).toBe(200);
    expect((await control('GET', `/templates/${code}`)).json).toMatchObject({ code, status: 1 });
    await c.batchSend(send);

    const sends = await control('GET', '/sends?taskSign=ctl-1');
    expect(sends.json).toHaveLength(1);
    expect(sends.json[0]).toMatchObject({ phone: '13200000001', content: '【张三男装淘宝店】甲您好', taskSign: 'ctl-1' });
    expect(events.map((e) => e.phone)).toEqual(['13200000001']);
    expect(events[0]).toMatchObject({ templateCode: code, signName: '张三男装淘宝店', taskSign: 'ctl-1', outcome: { delivered: true, resultCode: 'DELIVRD' } });
    expect(events[0]!.sentAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    const counters = (await control('GET', '/counters')).json;
    expect(counters.sendsByTaskSign['ctl-1']).toBe(1);
    expect(counters.callsByMethod['taobao.jst.sms.message.direct.batchsend']).toBe(2);
    expect(counters.errors['15:isv.SMS_TEMPLATE_ILLEGAL']).toBe(1);

    await control('POST', `/signatures/${encodeURIComponent('张三男装淘宝店')}/reject`, { reason: '资质不符' });
    expect((await control('GET', `/signatures/${encodeURIComponent('张三男装淘宝店')}`)).json).toMatchObject({ status: 2, reason: '资质不符' });
  });

  it('injects and clears faults, expires sessions, shifts the clock', async () => {
    const c = clientFor(gw, { retry: { maxAttempts: 1 } });
    await control('POST', '/templates', { code: 'SMS_CTL', content: '您好' });
    expect(
      (
        await control('POST', '/faults', {
          method: 'taobao.jst.sms.template.query',
          fault: { kind: 'error', code: 15, msg: 'Remote service error', subCode: 'isp.system-busy' },
          times: 1,
        })
      ).status,
    ).toBe(200);
    expect((await control('GET', '/faults')).json).toHaveLength(1);
    expect((await topError(c.queryTemplate('SMS_CTL'))).sub_code).toBe('isp.system-busy');
    expect((await control('GET', '/faults')).json).toHaveLength(0);
    expect((await c.queryTemplate('SMS_CTL'))?.status).toBe('approved');

    await control('POST', '/clock', { offsetMs: -20 * 60_000 });
    expect((await topError(c.queryTemplate('SMS_CTL'))).topCode).toBe(31);
    await control('POST', '/clock', { offsetMs: 0 });

    await control('POST', '/sessions', { session: 'control-session' });
    const other = clientFor(gw, { session: 'control-session', retry: { maxAttempts: 1 } });
    expect(await other.queryTemplate('SMS_CTL')).not.toBeNull();
    await control('POST', '/sessions/expire', { session: 'control-session' });
    expect((await topError(other.queryTemplate('SMS_CTL'))).topCode).toBe(27);

    await control('POST', '/ban', { seconds: 5 });
    expect(await topError(c.queryTemplate('SMS_CTL'))).toMatchObject({ topCode: 7, banSeconds: 5 });
    await control('POST', '/ban', { seconds: 0 });

    expect((await control('POST', '/faults', { method: 'x' })).status).toBe(400);
    expect((await control('GET', '/nothing')).status).toBe(404);
  });
});
