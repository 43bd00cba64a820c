// 费用 against the simulator: billed segments (70 / 67 rule, 【签名】 included) × the price at acceptance time, the
// balance the seller keeps, the pre-send estimate in 检查, the failed-deliveries setting, `jst-sms spend --json`, and
// isv.AMOUNT_NOT_ENOUGH from an app whose simulated balance is zero pausing the send with reason 'balance'.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/index';
import { CostLedger, toE4 } from '../../../electron/core/costs/ledger';
import { profilePaths } from '../../../electron/core/profile';
import { createDraftFromRecipients } from '../../../electron/core/sending';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';
import { beijingDayKey } from '../../../shared/time/beijing';
import { phones, SIGN, sendingEnv } from '../sending/helpers';

let gw: TopGateway;
beforeAll(async () => {
  gw = await startTopGateway();
});
afterAll(async () => gw.close());

// 【张三男装淘宝店】 is 9 characters; the template adds 2 (您好): a name of n characters makes a message of n + 11.
const nameOf = (total: number) => '买'.repeat(total - 11);

describe('cost and balance', () => {
  it('spend = billed segments × the price when accepted; balance, estimate, failed deliveries, CLI', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'jst-costs-'));
    const env = sendingEnv(gw, { dbPath: profilePaths(profile).database, settings: { sending: { marketingWindow: { start: '00:00', end: '00:00' } } } });
    try {
      const ledger = new CostLedger(env.ctx);
      env.signature();
      const notice = env.template('SMS_COST_N', '${name}您好', 1);
      const promo = env.template('SMS_COST_M', '${name}：新品8折，拒收请回复R', 2);
      ledger.setPrice('notification', toE4(0.045)); // the seller's own price (replaces the default, also for the past)
      ledger.setBalance(toE4(1));
      env.module.startBackground();
      const send = async (templateId: number, recipients: Array<{ phone: string; vars: Record<string, string> }>) => {
        const id = createDraftFromRecipients(env.ctx, env.suppression, { name: `c${templateId}`, kind: 'campaign', templateId, signName: SIGN, recipients });
        await env.module.start(id);
        expect((await env.module.engine.settled(id))?.state).toBe('completed');
        return id;
      };

      // 70 → 1 segment, 71 → 2, 134 → 2, 135 → 3: 8 segments at 0.045 = 0.36.
      const lengths = [70, 71, 134, 135];
      const first = await send(
        notice,
        phones(4, '139').map((phone, i) => ({ phone, vars: { name: nameOf(lengths[i]!) } })),
      );
      expect(env.ctx.db.prepare('SELECT segments FROM campaign_recipients WHERE campaign_id = ? ORDER BY row_no').pluck().all(first)).toEqual([1, 2, 2, 3]);
      // Marketing at the default 0.05: 3 × 1 segment = 0.15.
      await send(
        promo,
        phones(3, '137').map((phone) => ({ phone, vars: { name: '老客' } })),
      );
      // A new notification price applies from now on only: 2 × 1 segment at 0.06 = 0.12; the first send keeps 0.045.
      ledger.setPrice('notification', toE4(0.06));
      await send(
        notice,
        phones(2, '136').map((phone) => ({ phone, vars: { name: '张' } })),
      );

      const all = ledger.spend();
      expect({ segments: all.segments, yuan: all.yuan }).toEqual({ segments: 13, yuan: 0.63 });
      expect(all.byTemplate.map(({ template, segments, yuan }) => ({ template, segments, yuan }))).toEqual([
        { template: 'SMS_COST_N', segments: 10, yuan: 0.48 },
        { template: 'SMS_COST_M', segments: 3, yuan: 0.15 },
      ]);
      expect(all.byCampaign.find((c) => c.campaignId === first)).toMatchObject({ segments: 8, yuan: 0.36 });
      const month = beijingDayKey(Date.now()).slice(0, 7);
      expect(all.byMonth).toEqual([{ month, segments: 13, yuan: 0.63 }]);
      expect(ledger.spend(month).yuan).toBe(0.63);
      expect(ledger.spend('2001-01')).toMatchObject({ segments: 0, yuan: 0, byTemplate: [] });
      expect(ledger.balance()).toMatchObject({ yuan: 0.37, spentYuan: 0.63 });

      // 检查: 3 numbers × 3 segments at 0.06 = 0.54 > 0.37 left → a warning, "可发送约 6 条".
      const draft = createDraftFromRecipients(env.ctx, env.suppression, {
        name: 'big',
        kind: 'campaign',
        templateId: notice,
        signName: SIGN,
        recipients: phones(3, '135').map((phone) => ({ phone, vars: { name: nameOf(135) } })),
      });
      const check = await env.module.check(draft);
      expect(check.cost).toEqual({
        kind: 'notification',
        segments: 9,
        unitPrice: 0.06,
        yuan: 0.54,
        balanceYuan: 0.37,
        affordableSegments: 6,
        overBalance: true,
      });
      expect(check.items.find((i) => i.code === 'balance')?.message).toContain('余额 0.37 元，可发送约 6 条');
      ledger.topUp(toE4(2));
      expect(ledger.balance().yuan).toBe(2.37);
      const covered = await env.module.check(draft);
      expect(covered.cost.overBalance).toBe(false);
      expect(covered.items.find((i) => i.code === 'cost')?.message).toContain('预计按 9 条短信计费，约 0.54 元');

      // A failed delivery (as the history side records it) stops counting when the setting says so.
      env.ctx.db.prepare("UPDATE campaign_recipients SET delivery = 'failed' WHERE campaign_id = ? AND row_no = 4").run(first);
      expect(ledger.spend().segments).toBe(13);
      env.ctx.settings.update('costs', { ...env.ctx.settings.get().costs, countFailedDeliveries: false });
      expect(ledger.spend()).toMatchObject({ segments: 10, yuan: 0.5, countFailedDeliveries: false });
      env.ctx.settings.update('costs', { ...env.ctx.settings.get().costs, countFailedDeliveries: true });
    } finally {
      await env.close();
    }
    try {
      let stdout = '';
      const code = await main(['spend', '--json'], {
        stdout: { write: (t: string) => (stdout += t) },
        stderr: { write: () => true },
        env: { JST_SMS_PROFILE: profile },
      });
      expect(code).toBe(0);
      // The CLI's profile has default settings (failed deliveries counted).
      expect(JSON.parse(stdout)).toEqual({
        segments: 13,
        yuan: 0.63,
        byTemplate: [
          { template: 'SMS_COST_N', segments: 10, yuan: 0.48 },
          { template: 'SMS_COST_M', segments: 3, yuan: 0.15 },
        ],
      });
      let bad = '';
      expect(
        await main(['spend', '--month', '2026-13'], {
          stdout: { write: () => true },
          stderr: { write: (t: string) => (bad += t) },
          env: { JST_SMS_PROFILE: profile },
        }),
      ).toBe(2);
      expect(bad).toContain('yyyy-MM');
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it("an app whose simulated balance is zero is refused with isv.AMOUNT_NOT_ENOUGH: the send pauses with reason 'balance', nothing accepted", async () => {
    const env = sendingEnv(gw);
    try {
      env.signature();
      const tpl = env.template('SMS_COST_Z', '${name}您好', 1);
      gw.control.setAppBalance(gw.credentials.appKey, 0);
      const id = createDraftFromRecipients(env.ctx, env.suppression, {
        name: 'zero',
        kind: 'campaign',
        templateId: tpl,
        signName: SIGN,
        recipients: phones(3, '134').map((phone) => ({ phone, vars: { name: '张' } })),
      });
      env.module.startBackground();
      await env.module.start(id);
      const paused = await env.module.engine.settled(id);
      expect(paused).toMatchObject({ state: 'paused', reasonCode: 'balance' });
      expect(env.module.store.counts(id).submitted).toBe(0);
    } finally {
      gw.control.setAppBalance(gw.credentials.appKey, null);
      await env.close();
    }
  });
});
