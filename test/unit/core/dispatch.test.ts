import { afterEach, describe, expect, it } from 'vitest';
import { REQUEST_NAMES, requests } from '../../../shared/contract';
import { testCore } from '../../helpers/profile';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
async function core() {
  const t = await testCore();
  cleanups.push(t.cleanup);
  return t;
}

describe('dispatch (the one entry for both transports)', () => {
  it('rejects unknown methods, including prototype names', async () => {
    const { core: c } = await core();
    for (const method of ['nope', '__proto__', 'constructor', 42, null]) {
      const result = await c.dispatch(method, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    }
  });

  it('validates every payload before the handler runs and names the bad field', async () => {
    const { core: c } = await core();
    const result = await c.dispatch('settings.saveTop', { gatewayUrl: 'ftp://x', signMethod: 'sha1', extra: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('BAD_REQUEST');
    const paths = result.error.issues!.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['gatewayUrl', 'signMethod']));
    expect(result.error.message).toContain('settings.saveTop');
  });

  it.each([undefined, null, 'string', [1, 2], 7])('rejects a non-object payload %s', async (input) => {
    const { core: c } = await core();
    const result = await c.dispatch('vault.status', input);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('every request schema rejects garbage (no handler sees an unparsed value)', async () => {
    for (const name of REQUEST_NAMES) {
      expect(requests[name].input.safeParse({ unexpected: { deeply: ['garbage'] } }).success, name).toBe(false);
    }
  });

  it('turns handler failures into typed errors without leaking secrets', async () => {
    const { core: c } = await core();
    const locked = await c.dispatch('settings.saveTop', { appSecret: 'brand-new-secret', gatewayUrl: 'https://eco.taobao.com/router/rest', signMethod: 'md5' });
    expect(locked).toMatchObject({ ok: false, error: { code: 'VAULT_UNINITIALIZED' } });
    expect(JSON.stringify(locked)).not.toContain('brand-new-secret');
  });
});

describe('settings through the contract', () => {
  it('saves secrets to the vault and only ever returns masks', async () => {
    const { core: c, dir } = await core();
    expect(await c.dispatch('vault.create', { passphrase: 'passphrase-1' })).toMatchObject({ ok: true, result: { state: 'unlocked' } });
    const secrets = { appKey: '23456789', appSecret: 'app-secret-abcdef', session: '6100e1a2b3c4d5session' };
    const saved = await c.dispatch('settings.saveTop', { ...secrets, gatewayUrl: 'https://eco.taobao.com/router/rest', signMethod: 'hmac' });
    expect(saved.ok).toBe(true);
    const text = JSON.stringify(saved);
    expect(text).not.toContain(secrets.appSecret);
    expect(text).not.toContain(secrets.session);
    expect(text).not.toContain(secrets.appKey);
    expect(saved).toMatchObject({
      ok: true,
      result: { top: { appKey: { set: true, masked: '23****89' }, appSecret: { set: true }, session: { set: true }, signMethod: 'hmac' } },
    });
    if (!saved.ok) return;
    expect((saved.result as { top: { appSecret: object } }).top.appSecret).toEqual({ set: true });

    // Omitted secrets are kept (same gateway origin, another path and sign method).
    expect(await c.dispatch('settings.saveTop', { gatewayUrl: 'https://eco.taobao.com/router/rest?v=2', signMethod: 'md5' })).toMatchObject({ ok: true });
    expect(c.ctx.vault.get('top.appSecret')).toBe(secrets.appSecret);
    expect(c.ctx.settings.get().top).toMatchObject({ gatewayUrl: 'https://eco.taobao.com/router/rest?v=2', signMethod: 'md5' });

    // Nothing secret in the settings file either.
    const { readFileSync } = await import('node:fs');
    const settingsFile = readFileSync(`${dir}/settings.json`, 'utf8');
    expect(settingsFile).not.toContain(secrets.appSecret);
    expect(settingsFile).not.toContain(secrets.session);
  });

  it('reports completeness per section', async () => {
    const { core: c } = await core();
    await c.dispatch('vault.create', { passphrase: 'passphrase-1' });
    const mq = await c.dispatch('settings.saveMq', {
      endpoint: 'http://123.mqrest.cn-hangzhou.aliyuncs.com',
      accessKeyId: 'LTAI5tAccessKeyId',
      accessKeySecret: 'ak-secret-value',
      instanceId: 'MQ_INST_1_abc',
      topics: ['jst_sms'],
      groupId: 'GID_sms',
      messageTag: '',
    });
    expect(mq).toMatchObject({ ok: true, result: { complete: { top: false, mq: true }, mq: { accessKeyId: { set: true, masked: 'LT********Id' } } } });
  });

  it('emits settings.changed so other windows and services refresh', async () => {
    const { core: c } = await core();
    const seen: string[] = [];
    c.events.subscribe((name, payload) => seen.push(`${name}:${(payload as { section?: string }).section ?? ''}`));
    await c.dispatch('vault.create', { passphrase: 'passphrase-1' });
    await c.dispatch('settings.savePreferences', { language: 'en', closeToTray: false, notifyReplies: true });
    expect(seen).toEqual(expect.arrayContaining(['settings.changed:vault', 'settings.changed:preferences', 'status.changed:']));
    expect(c.ctx.settings.get().preferences).toEqual({ language: 'en', closeToTray: false, notifyReplies: true });
  });
});
