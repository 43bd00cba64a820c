import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryCampaignDetail } from '../../../shared/history/contract';
import { createDraftFromRecipients } from '../../../electron/core/sending/drafts';
import { phoneAt } from '../../unit/history/fixtures';
import { SIGN, TEMPLATE, configuredCore, profile, sendCampaign, startSims, type Sims } from './helpers';

// Reports via MQ → matched in the consumed batch → 空号 / blacklist numbers on the do-not-send list → the next
// campaign leaves them out and says why.
let sims: Sims;
beforeAll(async () => {
  sims = await startSims();
});
afterAll(async () => {
  await sims.close();
});

describe('automatic exclusion against the simulators', () => {
  it('a 空号 and a DB:0141 report put their numbers on the list; the next campaign skips them with the reason', async () => {
    const p = profile();
    const core = await configuredCore(sims, p.dir);
    try {
      const phones = Array.from({ length: 6 }, (_, i) => phoneAt(i, 13500000000));
      sims.gw.control.setDelivery(phones[1]!, { delivered: false, resultCode: 'MK:0001' });
      sims.gw.control.setDelivery(phones[2]!, { delivered: false, resultCode: 'DB:0141' });
      sims.gw.control.setDelivery(phones[3]!, { delivered: false, resultCode: 'MK:0005' });
      const { id } = await sendCampaign(core, phones);
      const detail = async () => {
        const answer = await core.dispatch('history.campaign', { id });
        if (!answer.ok) throw new Error(JSON.stringify(answer));
        return (answer.result as HistoryCampaignDetail).campaign.counts.pending;
      };
      await expect.poll(detail, { timeout: 30_000, interval: 200 }).toBe(0);

      const list = await core.dispatch('suppression.list', { page: 1, pageSize: 50 });
      if (!list.ok) throw new Error(JSON.stringify(list));
      const items = (list.result as { items: Array<{ phone: string; source: string; note: string }> }).items;
      expect(items.map((e) => [e.phone, e.source, e.note]).sort()).toEqual(
        [
          [phones[1], 'report', '回执：空号（MK:0001）'],
          [phones[2], 'report', '回执：运营商/投诉黑名单（DB:0141）'],
        ].sort(),
      );

      const now = new Date().toISOString();
      const templateId = Number(
        core.ctx.db
          .prepare(
            "INSERT INTO sms_templates (shop_id, name, type, content, status, platform_code, origin, created_at, updated_at) VALUES (1, '发货通知', 1, ?, 'approved', ?, 'imported', ?, ?)",
          )
          .run(TEMPLATE.content, TEMPLATE.code, now, now).lastInsertRowid,
      );
      const next = createDraftFromRecipients(core.ctx, core.services.suppression, {
        name: '下一次活动',
        kind: 'campaign',
        templateId,
        signName: SIGN,
        recipients: phones.map((phone, i) => ({ phone, vars: { order: `N${i}` } })),
      });
      const rows = core.ctx.db
        .prepare("SELECT phone, reason FROM campaign_recipients WHERE campaign_id = ? AND status = 'suppressed' ORDER BY phone")
        .all(next);
      expect(rows).toEqual([
        { phone: phones[1], reason: '在免打扰名单中：拉黑（回执：空号（MK:0001））' },
        { phone: phones[2], reason: '在免打扰名单中：拉黑（回执：运营商/投诉黑名单（DB:0141））' },
      ]);
      const check = await core.services.sending.check(next);
      expect(check.counts.suppressed).toBe(2);
    } finally {
      await core.close();
      p.cleanup();
    }
  }, 60_000);
});
