import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopService } from '../../../electron/core/top/service';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';
import { topTestContext } from '../../unit/top/core-context';

// 测试连接 through the real client and transport against the strict simulator.
let gw: TopGateway;
beforeAll(async () => {
  gw = await startTopGateway();
});
afterAll(async () => {
  await gw.close();
});

function serviceWith(
  secrets: Partial<{ appKey: string; appSecret: string; session: string }> = {},
  opts: { readTimeoutMs?: number; gatewayUrl?: string } = {},
) {
  const creds = { ...gw.credentials, ...secrets };
  const t = topTestContext({
    secrets: { 'top.appKey': creds.appKey, 'top.appSecret': creds.appSecret, 'top.session': creds.session },
    top: { gatewayUrl: opts.gatewayUrl ?? gw.url, qps: 50 },
  });
  return { ...t, top: createTopService(t.ctx, { readTimeoutMs: opts.readTimeoutMs ?? 2_000, retry: { baseDelayMs: 5 } }) };
}

describe('testConnection against the simulator', () => {
  it('ok with the right credentials (the probe signature does not exist)', async () => {
    const s = serviceWith();
    const result = await s.top.testConnection();
    expect(result).toMatchObject({ ok: true, category: 'ok' });
    expect(s.ctx.status.get().network).toBe('online');
    expect(gw.counters.errors['r_code:sign_name_not_found']).toBeGreaterThan(0);
  });

  it.each([
    ['App Key', { appKey: '87654321' }, 'app-key', 29],
    ['App Secret', { appSecret: 'definitely-wrong-secret' }, 'signature', 25],
    ['session', { session: 'expired-or-foreign-session' }, 'session', 27],
  ])('wrong %s', async (_name, secrets, category, code) => {
    const s = serviceWith(secrets);
    const result = await s.top.testConnection();
    expect(result).toMatchObject({ ok: false, category, detail: { code } });
    for (const secret of Object.values(secrets)) expect(result.message).not.toContain(secret);
    expect(s.ctx.status.get().network).toBe('rejected');
  });

  it('no permission package (code 11)', async () => {
    gw.control.inject(
      'taobao.jst.sms.signname.query',
      { kind: 'error', code: 11, msg: 'Insufficient isv permissions', subCode: 'isv.permission-api-package-limit', subMsg: 'scope ids is 11655 11998' },
      { times: 1 },
    );
    const result = await serviceWith().top.testConnection();
    expect(result).toMatchObject({ ok: false, category: 'permission', detail: { code: 11, sub_code: 'isv.permission-api-package-limit' } });
    expect(result.message).toMatch(/权限包/);
  });

  it('gateway unreachable → network, status offline', async () => {
    const other = await startTopGateway();
    const url = other.url;
    await other.close();
    const s = serviceWith({}, { gatewayUrl: url });
    const result = await s.top.testConnection();
    expect(result).toMatchObject({ ok: false, category: 'network', detail: { networkCode: 'ECONNREFUSED' } });
    expect(result.message).toMatch(/无法连接/);
    expect(s.ctx.status.get().network).toBe('offline');
  });

  it('gateway not answering → network (timeout), status offline', async () => {
    gw.control.inject('taobao.jst.sms.signname.query', { kind: 'hang' }, { times: 1 });
    const s = serviceWith({}, { readTimeoutMs: 300 });
    const result = await s.top.testConnection();
    expect(result).toMatchObject({ ok: false, category: 'network', detail: { kind: 'timeout' } });
    expect(result.message).toMatch(/超时/);
    expect(s.ctx.status.get().network).toBe('offline');
  });
});
