import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDraftFromRecipients } from '../../../electron/core/sending';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';
import { phones, SIGN, sendingEnv } from './helpers';

let gw: TopGateway;
beforeAll(async () => {
  gw = await startTopGateway();
});
afterAll(async () => gw.close());
afterEach(() => {
  gw.control.clearFaults();
  gw.control.clearSends();
  gw.control.resetCounters();
});

describe('send loop against the simulator', () => {
  it('sends 1000 numbers in chunks of 200, each accepted once with its biz_id', async () => {
    const env = sendingEnv(gw);
    try {
      const tpl = env.template('SMS_LOOP1', '${name}您好，您的订单已发货');
      env.signature();
      const list = phones(1000);
      const id = createDraftFromRecipients(env.ctx, env.suppression, {
        name: 't',
        kind: 'campaign',
        templateId: tpl,
        signName: SIGN,
        recipients: list.map((p, i) => ({ phone: p, vars: { name: `买家${i}` } })),
      });
      env.module.startBackground();
      const view = await env.module.start(id);
      expect(['sending', 'completed']).toContain(view.state);
      const done = await env.module.engine.settled(id);
      expect(done?.state).toBe('completed');
      const counts = env.module.store.counts(id);
      expect(counts.submitted).toBe(1000);
      expect(Object.keys(gw.counters.batchesByTaskSign)).toHaveLength(5);
      expect(Math.max(...Object.values(gw.counters.sendsByNumber))).toBe(1);
      const rows = env.module.store.recipientsPage(id, ['accepted'], undefined, 1, 5).items;
      expect(rows[0]!.bizId).toMatch(/^\d+\^\d+$/);
    } finally {
      await env.close();
    }
  });
});
