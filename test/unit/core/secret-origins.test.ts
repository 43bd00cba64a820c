import { afterEach, describe, expect, it } from 'vitest';
import { attackerServer } from '../../helpers/attacker';
import { requests } from '../../../shared/contract';
import { DEFAULT_TOP_GATEWAY, OFFICIAL_TOP_GATEWAYS, topGatewayProblem } from '../../../shared/settings/schema';
import { Vault } from '../../../electron/core/vault/vault';
import { TEST_SCRYPT, testCore } from '../../helpers/profile';

// A compromised renderer (or anyone with the browser-host token) must not point the gateway or the MQ endpoint
// at its own server and have main send the stored secrets there.

const attacker = attackerServer();

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const TOP = { appKey: '23456789', appSecret: 'origin-app-secret', session: 'origin-session-key' };
const MQ = { accessKeyId: 'LTAI5tOriginKeyId', accessKeySecret: 'origin-ak-secret' };
const MQ_FORM = { instanceId: 'MQ_INST_1', topics: ['jst_sms'], groupId: 'GID_sms', messageTag: '' };

async function unlockedCore() {
  const t = await testCore();
  cleanups.push(t.cleanup);
  await t.core.dispatch('vault.create', { passphrase: 'passphrase-1' });
  return t.core;
}

describe('TOP secrets stay with the gateway origin they were entered for', () => {
  it('refuses another origin unless the App Secret and sessionKey come in the same request', async () => {
    const c = await unlockedCore();
    expect(await c.dispatch('settings.saveTop', { ...TOP, gatewayUrl: 'http://127.0.0.1:4000/router/rest', signMethod: 'md5' })).toMatchObject({ ok: true });

    for (const move of [
      { gatewayUrl: `${attacker.url}/router/rest` }, // another port on 127.0.0.1 is another origin
      { gatewayUrl: 'https://evil.example/router/rest' },
      { gatewayUrl: 'https://evil.example/router/rest', appSecret: 'typed-again-secret' }, // only one of the two
    ]) {
      const refused = await c.dispatch('settings.saveTop', { signMethod: 'md5', ...move });
      expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '更换网关地址需要重新输入 App Secret 和 sessionKey。' } });
    }
    expect(c.ctx.settings.get().top.gatewayUrl).toBe('http://127.0.0.1:4000/router/rest');
    expect(c.ctx.vault.get('top.appSecret')).toBe(TOP.appSecret);

    // testTop still goes to the saved gateway, never to the attacker.
    await c.dispatch('setup.testTop', {});
    expect(attacker.hits).toEqual([]);

    // Re-entering both moves the binding.
    const moved = await c.dispatch('settings.saveTop', {
      appSecret: 'new-app-secret',
      session: 'new-session-key',
      gatewayUrl: `${attacker.url}/router/rest`,
      signMethod: 'md5',
    });
    expect(moved).toMatchObject({ ok: true });
    expect(c.ctx.vault.boundOrigin('top')).toBe(attacker.url);
    expect(c.ctx.vault.get('top.appKey')).toBe(TOP.appKey);
  });

  it('binds a vault written before origin binding to the gateway saved at the time', async () => {
    const t = await testCore();
    cleanups.push(t.cleanup);
    const c = t.core;
    await c.dispatch('vault.create', { passphrase: 'passphrase-1' });
    await c.ctx.vault.update({ 'top.appSecret': TOP.appSecret, 'top.session': TOP.session }); // no origin recorded
    expect(c.ctx.vault.boundOrigin('top')).toBeUndefined();
    expect(await c.dispatch('settings.saveTop', { gatewayUrl: 'https://evil.example/router/rest', signMethod: 'md5' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await c.dispatch('settings.saveTop', { gatewayUrl: `${DEFAULT_TOP_GATEWAY}?x=1`, signMethod: 'md5' })).toMatchObject({ ok: true });
  });

  it('the binding is stored inside the encrypted vault and survives a restart', async () => {
    const t = await testCore();
    cleanups.push(t.cleanup);
    await t.core.dispatch('vault.create', { passphrase: 'passphrase-1' });
    await t.core.dispatch('settings.saveTop', { ...TOP, gatewayUrl: 'https://gw.api.taobao.com/router/rest', signMethod: 'md5' });
    const again = new Vault(`${t.dir}/vault.json`, { kind: 'passphrase', scrypt: TEST_SCRYPT });
    await again.unlock('passphrase-1');
    expect(again.boundOrigin('top')).toBe('https://gw.api.taobao.com');
    expect(again.values()).not.toContain('https://gw.api.taobao.com');
  });

  it('accepts the official gateways and https; plain http only on loopback', () => {
    const input = (gatewayUrl: string) => requests['settings.saveTop'].input.safeParse({ gatewayUrl, signMethod: 'md5' }).success;
    for (const g of OFFICIAL_TOP_GATEWAYS) expect(input(g.url), g.url).toBe(true);
    expect(OFFICIAL_TOP_GATEWAYS.map((g) => g.url)).toEqual(
      expect.arrayContaining([
        'https://eco.taobao.com/router/rest',
        'https://gw.api.taobao.com/router/rest',
        'https://api.taobao.com/router/rest',
        'https://gw.api.tbsandbox.com/router/rest',
      ]),
    );
    expect(DEFAULT_TOP_GATEWAY).toBe(OFFICIAL_TOP_GATEWAYS[0].url);
    expect(input('https://my-proxy.example.com/router/rest')).toBe(true);
    expect(input('http://127.0.0.1:9000/router/rest')).toBe(true);
    expect(input('http://127.8.9.10/router/rest')).toBe(true);
    expect(input('http://[::1]:9000/router/rest')).toBe(true);
    expect(input('http://gw.api.taobao.com/router/rest')).toBe(false);
    expect(input('http://evil.example/router/rest')).toBe(false);
    expect(input('http://localhost:9000/router/rest')).toBe(false);
    expect(input('https://user:pw@eco.taobao.com/router/rest')).toBe(false);
    expect(topGatewayProblem('http://evil.example/')).toMatch(/https/);
  });
});

describe('MQ AccessKeys stay with the endpoint origin they were entered for', () => {
  it('saveMq and testMq refuse another endpoint without the AccessKey pair; http endpoints stay allowed', async () => {
    const c = await unlockedCore();
    expect(await c.dispatch('settings.saveMq', { ...MQ_FORM, ...MQ, endpoint: 'http://123.mqrest.cn-hangzhou.aliyuncs.com' })).toMatchObject({ ok: true });

    const message = '更换 MQ 接入点需要重新输入 AccessKey ID 和 AccessKey Secret。';
    expect(await c.dispatch('settings.saveMq', { ...MQ_FORM, endpoint: attacker.url })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message } });
    expect(await c.dispatch('setup.testMq', { endpoint: attacker.url })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message } });
    expect(await c.dispatch('setup.testMq', { endpoint: attacker.url, accessKeySecret: 'only-the-secret' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(attacker.hits).toEqual([]);
    expect(c.ctx.settings.get().mq.endpoint).toBe('http://123.mqrest.cn-hangzhou.aliyuncs.com');

    // The same origin written differently (no scheme, a trailing path) is not a move.
    expect(await c.dispatch('setup.testMq', { endpoint: 'http://123.mqrest.cn-hangzhou.aliyuncs.com/' })).not.toMatchObject({ error: { code: 'FORBIDDEN' } });

    // With both typed in the same request the test may go there (it reaches the server, which answers 500).
    const typed = await c.dispatch('setup.testMq', { endpoint: attacker.url, accessKeyId: 'LTAI5tTypedAgain', accessKeySecret: 'typed-again-secret' });
    expect(typed).toMatchObject({ ok: true, result: { ok: false } });
    expect(attacker.hits.length).toBeGreaterThan(0);
  });
});
