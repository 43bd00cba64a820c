import { afterEach, describe, expect, it, vi } from 'vitest';
import { openCliCore } from '../../../electron/cli/core';
import { testCore } from '../../helpers/profile';

// Every feature shares the core's one TOP service and one suppression store (issue 15): count the constructions.
const built = vi.hoisted(() => ({ top: 0, suppression: 0 }));
vi.mock('../../../electron/core/top/service', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../electron/core/top/service')>();
  return {
    ...actual,
    createTopService: (...args: Parameters<typeof actual.createTopService>) => {
      built.top++;
      return actual.createTopService(...args);
    },
  };
});
vi.mock('../../../electron/core/suppression/store', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../electron/core/suppression/store')>();
  class CountedSuppressionStore extends actual.SuppressionStore {
    constructor(...args: ConstructorParameters<typeof actual.SuppressionStore>) {
      super(...args);
      built.suppression++;
    }
  }
  return { ...actual, SuppressionStore: CountedSuppressionStore };
});

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  built.top = 0;
  built.suppression = 0;
});

describe('core services', () => {
  it('the app core builds one TOP service and one suppression store, whatever the handlers do', async () => {
    const t = await testCore({ passphrase: 'correct horse battery' });
    cleanups.push(t.cleanup);
    expect(built).toEqual({ top: 1, suppression: 1 });

    for (const [method, input] of [
      ['suppression.add', { text: '13800138000', reason: 'block' }],
      ['suppression.list', {}],
      ['inbox.block', { phone: '13900139000', blocked: true, confirm: true }],
      ['inbox.threads', {}],
      ['campaigns.create', {}],
      ['setup.testTop', {}],
    ] as const) {
      const envelope = await t.core.dispatch(method, input);
      expect(envelope.ok, `${method}: ${JSON.stringify(envelope)}`).toBe(true);
    }
    expect(built).toEqual({ top: 1, suppression: 1 });
    // What the inbox blocked is what sending and the list see: one store.
    expect(t.core.services.suppression.entryOf('13900139000')).toMatchObject({ phone: '13900139000', source: 'manual' });
  });

  it('the CLI runs on the same composition (host cli, headless)', async () => {
    const t = await testCore({ passphrase: 'cli passphrase' });
    await t.core.close();
    cleanups.push(t.cleanup);
    built.top = 0;
    built.suppression = 0;

    const stderr: string[] = [];
    const core = await openCliCore({ stdout: { write: () => true }, stderr: { write: (s: string) => stderr.push(s) }, env: { JST_SMS_PROFILE: t.dir } });
    cleanups.push(() => core.close());
    expect(core.ctx.host).toBe('cli');
    expect(built).toEqual({ top: 1, suppression: 1 });
    // No env keys and a locked vault: the CLI's message, from the core's one TOP service.
    expect(() => core.services.top.client()).toThrow(
      '缺少 App Key / App Secret（保险箱未解锁：请设置 JST_SMS_PASSPHRASE），或通过 JST_TOP_APP_KEY、JST_TOP_APP_SECRET 提供。',
    );
    expect(stderr).toEqual([]);
  });
});
