// Issue 16 audit: a template with ${constructor} / ${toString} / ${valueOf} / ${__proto__} made campaigns.check and
// sendSingle fail with INTERNAL (a plain object answers those names from Object.prototype). They are ordinary names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDraftFromRecipients } from '../../../electron/core/sending';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';
import { phones, SIGN, sendingEnv } from './helpers';

let gw: TopGateway;
beforeAll(async () => {
  gw = await startTopGateway();
});
afterAll(async () => gw.close());

const CONTENT = '亲${constructor}，${toString}${valueOf}${__proto__}已发货';

describe('template variables named like Object.prototype members', () => {
  it('are missing when not given, filled from their own values when given, in the check and in a single send', async () => {
    const env = sendingEnv(gw);
    try {
      const tpl = env.template('SMS_PROTO1', CONTENT, 1);
      env.signature();
      const recipients = phones(2, '158').map((phone, i) => ({
        phone,
        vars: i === 0 ? JSON.parse('{"constructor":"张三","toString":"订单","valueOf":"E1","__proto__":"今天"}') : {},
      }));
      const id = createDraftFromRecipients(env.ctx, env.suppression, { name: 'proto', kind: 'campaign', templateId: tpl, signName: SIGN, recipients });
      const check = await env.module.check(id);
      expect(check.previews[0]!.text).toBe('【张三男装淘宝店】亲张三，订单E1今天已发货');
      const missing = check.items.find((i) => i.code === 'variable-missing')!;
      expect(missing).toMatchObject({ severity: 'error', rows: [2] });

      env.module.startBackground();
      const vars = JSON.parse('{"constructor":"李四","toString":"订单","valueOf":"E2","__proto__":"明天"}') as Record<string, string>;
      const view = await env.module.sendSingle({ phone: '13900004444', templateId: tpl, signName: SIGN, vars });
      expect((await env.module.engine.settled(view.id))?.state).toBe('completed');
      expect(gw.control.sends({ phone: '13900004444' })[0]!.content).toBe('【张三男装淘宝店】亲李四，订单E2明天已发货');
      await expect(env.module.sendSingle({ phone: '13900005555', templateId: tpl, signName: SIGN, vars: {} })).rejects.toThrow(/constructor/);
    } finally {
      await env.close();
    }
  });
});
