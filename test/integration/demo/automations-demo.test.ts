// Demo mode: the simulated shop's orders trigger the enabled automations, so a new user sees a 催付 and a 发货提醒 go
// out within a minute or so of enabling them (the demo profile's delay minute lasts a second; same engine and ledger).
import { afterEach, describe, expect, it } from 'vitest';
import type { AutomationDecisionView, AutomationRuleView } from '../../../shared/automations/contract';
import type { Page } from '../../../shared/contract-kit';
import { createCore, type Core } from '../../../electron/core/app-core';
import { createSwitchableCore } from '../../../electron/demo/switcher';
import { tempDir, TEST_SCRYPT } from '../../helpers/profile';

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function ok<T>(core: Core, method: string, input: unknown = {}): Promise<T> {
  const envelope = await core.dispatch(method, input);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.result as T;
}

describe('demo shop × automations', () => {
  it('rules come preset with the demo templates; enabled 催付 and 发货提醒 send to the simulated buyers', { timeout: 120_000 }, async () => {
    const { dir, cleanup } = tempDir('jst-demo-auto-');
    const core = await createSwitchableCore({
      createCore,
      startInDemo: true,
      options: { host: 'browser', profileDir: dir, vaultBackend: () => ({ kind: 'passphrase', scrypt: TEST_SCRYPT }), passphrase: 'p', logSink: () => {} },
    });
    cleanups.push(cleanup, () => core.close());
    const rules = await ok<AutomationRuleView[]>(core, 'automations.list');
    expect(rules.every((r) => !r.enabled && r.template.startsWith('SMS_DEMO_') && r.sign && r.templateState?.approved)).toBe(true);
    await ok(core, 'automations.save', { kind: 'urge-pay', enabled: true, coverOpen: true });
    await ok(core, 'automations.save', { kind: 'shipped', enabled: true, coverOpen: true });
    const started = Date.now();
    const sent = async (kind: string) =>
      (await ok<Page<AutomationDecisionView>>(core, 'automations.log', { kind, outcome: 'sent', page: 1, pageSize: 10 })).total;
    // Awaited condition (the test's timeout bounds it): the demo's order stream makes both happen by themselves; each
    // automations.changed event is a moment to look again, no timer.
    await new Promise<void>((resolve, reject) => {
      let checking = false;
      let again = false;
      const check = () => {
        if (checking) return void (again = true);
        checking = true;
        void (async () => {
          do {
            again = false;
            if ((await sent('urge-pay')) > 0 && (await sent('shipped')) > 0) {
              unsubscribe();
              return resolve();
            }
          } while (again);
          checking = false;
        })().catch(reject);
      };
      const unsubscribe = core.events.subscribe((name) => name === 'automations.changed' && check());
      check();
    });
    const campaigns = await ok<Array<{ kind: string; audience: string }>>(core, 'campaigns.list', {});
    expect(campaigns.length).toBeGreaterThan(0);
    expect(campaigns.every((c) => c.kind === 'automation' && c.audience === 'orders')).toBe(true);
    console.info(`demo automations: first 催付 and 发货提醒 sent ${((Date.now() - started) / 1000).toFixed(0)} s after enabling`);
  });
});
