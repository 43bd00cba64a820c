// Issue 16 audit: the origin a secret is bound to was checked only when saving. Editing settings.json (gateway URL or
// MQ endpoint), or JST_TOP_GATEWAY / JST_MQ_ENDPOINT for the CLI, sent the sessionKey / the MQ Authorization to any
// host, and the TOP client accepted plain http off loopback. Now every use checks: stored secrets go only to the
// origin they were bound to; secrets given together with a gateway (the CLI's env) go to that gateway.
import { afterEach, describe, expect, it } from 'vitest';
import { attackerServer } from '../../helpers/attacker';
import { testCore } from '../../helpers/profile';

const attacker = attackerServer();

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const TOP = { appKey: '23456789', appSecret: 'at-use-app-secret', session: 'at-use-session-key' };
const MQ = { accessKeyId: 'LTAI5tAtUseKeyId', accessKeySecret: 'at-use-ak-secret' };

async function configured(overrides: Parameters<typeof testCore>[0] = {}) {
  const t = await testCore(overrides);
  cleanups.push(t.cleanup);
  const c = t.core;
  await c.dispatch('vault.create', { passphrase: 'passphrase-1' });
  expect(await c.dispatch('settings.saveTop', { ...TOP, gatewayUrl: 'http://127.0.0.1:4000/router/rest', signMethod: 'md5' })).toMatchObject({ ok: true });
  expect(
    await c.dispatch('settings.saveMq', {
      ...MQ,
      endpoint: 'http://127.0.0.1:4001',
      instanceId: 'MQ_INST_1',
      topics: ['jst_sms'],
      groupId: 'GID_sms',
      messageTag: '',
    }),
  ).toMatchObject({ ok: true });
  return { core: c, dir: t.dir };
}

describe('stored secrets at the moment of use', () => {
  it('TOP: a gateway changed behind the app’s back (settings.json) gets nothing; the seller is told to re-enter', async () => {
    const { core } = await configured();
    core.ctx.settings.update('top', { ...core.ctx.settings.get().top, gatewayUrl: `${attacker.url}/router/rest` });
    const test = await core.dispatch('setup.testTop', {});
    expect(JSON.stringify(test)).toMatch(/不一致.*重新输入 App Secret 和 sessionKey/);
    const imported = await core.dispatch('templates.import', { code: 'SMS_1' });
    expect(imported).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(attacker.hits).toEqual([]);
  });

  it('TOP: plain http off loopback is refused at use, whatever settings.json says', async () => {
    const { core } = await configured();
    core.ctx.settings.update('top', { ...core.ctx.settings.get().top, gatewayUrl: 'http://gw.api.taobao.com/router/rest' });
    expect(await core.dispatch('templates.import', { code: 'SMS_1' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('https://') },
    });
  });

  it('MQ: an endpoint changed behind the app’s back stops the poller with the reason, and no request is signed for it', async () => {
    const { core } = await configured();
    core.ctx.settings.update('mq', { ...core.ctx.settings.get().mq, endpoint: attacker.url, enabled: true });
    core.ctx.events.emit('settings.changed', { section: 'mq' });
    await expect.poll(() => core.ctx.status.get().poller.reason ?? '').toMatch(/不一致.*重新输入 AccessKey/);
    expect(core.ctx.status.get().poller.state).toBe('stopped');
    expect(attacker.hits).toEqual([]);
  });

  it('CLI: JST_TOP_GATEWAY elsewhere without the secrets is refused; with JST_TOP_APP_SECRET and JST_TOP_SESSION it is that gateway’s', async () => {
    const first = await configured();
    await first.core.close();
    const reopen = async (env: NodeJS.ProcessEnv) => {
      const t = await testCore({ profileDir: first.dir, passphrase: 'passphrase-1', headless: true, envOverrides: true, env });
      cleanups.push(() => t.core.close());
      return t.core;
    };
    const gatewayOnly = await reopen({ JST_TOP_GATEWAY: `${attacker.url}/router/rest` });
    expect(await gatewayOnly.dispatch('templates.import', { code: 'SMS_1' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(attacker.hits).toEqual([]);
    await gatewayOnly.close();

    const withSecrets = await reopen({ JST_TOP_GATEWAY: `${attacker.url}/router/rest`, JST_TOP_APP_SECRET: 'env-secret', JST_TOP_SESSION: 'env-session' });
    await withSecrets.dispatch('templates.import', { code: 'SMS_1' });
    expect(attacker.hits.length).toBeGreaterThan(0);
    expect(attacker.hits.join('\n')).not.toContain(TOP.appSecret);
    expect(attacker.hits.join('\n')).not.toContain(TOP.session);
  });
});
