import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredCore, profile, SIGN, startSims, TEMPLATE, type Sims } from './helpers';
import { call } from '../templates/helpers';

// The real send path (ledger + send loop) → reports via MQ → history. Two races on purpose: a batchsend whose
// answer comes late (its reports are consumed before the chunk's biz_id is committed), and a batchsend whose
// answer is lost after it executed (the ledger confirms the chunk with num.query, which yields no biz_id; the
// reports then adopt their rows by number and send time).
process.env.JST_RECONCILE_AFTER_S = '0';
const BATCHSEND = 'taobao.jst.sms.message.direct.batchsend';

let sims: Sims;
beforeAll(async () => {
  sims = await startSims();
});
afterAll(async () => {
  await sims.close();
});

describe('history on the real send path', () => {
  it('1,000 numbers: a late answer and a lost answer still end with every number accounted for, counts exact; resend failed makes a draft', async () => {
    const p = profile();
    const core = await configuredCore(sims, p.dir);
    try {
      const template = await call(core, 'templates.import', { code: TEMPLATE.code });
      await call(core, 'signatures.import', { name: SIGN });
      const phones = Array.from({ length: 1000 }, (_, i) => `135${String(20_000_000 + i).padStart(8, '0')}`);
      let failed = 0;
      let doNotResend = 0;
      phones.forEach((phone, i) => {
        if (i % 9 === 4) {
          // Every fifth failure is a code whose advice is not to send again (carrier blacklist, 空号).
          const code = i % 45 === 4 ? (i % 2 ? 'DB:0141' : 'MK:0001') : i % 2 ? 'MK:0005' : 'UNDELIV';
          sims.gw.control.setDelivery(phone, { delivered: false, resultCode: code });
          failed++;
          if (code === 'DB:0141' || code === 'MK:0001') doNotResend++;
        }
      });
      const created = await call(core, 'campaigns.create', { name: '真实发送路径' });
      await call(core, 'campaigns.importRecipients', {
        id: created.id,
        source: { kind: 'paste', text: phones.join('\n') },
        mapping: { hasHeader: false, phoneColumn: 0, variableColumns: {} },
      });
      await call(core, 'campaigns.update', { id: created.id, templateId: template.id, signName: SIGN, constants: { order: 'T1' } });
      sims.gw.control.inject(BATCHSEND, { kind: 'latency', ms: 1500 }, { times: 1 });
      sims.gw.control.inject(BATCHSEND, { kind: 'reset', when: 'after-execute' }, { times: 1 });
      await call(core, 'campaigns.start', { id: created.id, confirm: true });
      await expect.poll(async () => (await call(core, 'campaigns.get', { id: created.id })).state, { timeout: 60_000, interval: 250 }).toBe('completed');
      const view = await call(core, 'campaigns.get', { id: created.id });
      expect(view.counts).toMatchObject({ submitted: 1000, rejected: 0, unconfirmed: 0 });
      // the lost answer: one chunk confirmed by num.query, its rows accepted without a receipt
      expect(core.ctx.db.prepare("SELECT COUNT(*) FROM campaign_chunks WHERE campaign_id = ? AND state = 'reconciled'").pluck().get(created.id)).toBe(1);

      await expect
        .poll(async () => (await call(core, 'history.campaign', { id: created.id })).campaign.counts.pending, {
          timeout: 30_000,
          interval: 250,
        })
        .toBe(0);
      const detail = await call(core, 'history.campaign', { id: created.id });
      expect(detail.campaign.counts).toEqual({ sent: 1000, delivered: 1000 - failed, failed, pending: 0, unknown: 0 });
      // every report found its row (none waiting), and every number was sent once
      expect(core.ctx.db.prepare('SELECT COUNT(*) FROM history_unmatched').pluck().get()).toBe(0);
      expect(phones.every((ph) => sims.gw.counters.sendsByNumber[ph] === 1)).toBe(true);

      expect(doNotResend).toBeGreaterThan(0);
      const resend = await call(core, 'history.resendFailed', { id: created.id, includeUnknown: true });
      expect(resend).toMatchObject({ numbers: failed - doNotResend, excludedDelivered: 0, excludedSuppressed: 0, excludedDoNotResend: doNotResend });
      // Those numbers went on the do-not-send list automatically (settings.history.autoExclude, default 1 report), so
      // even when the seller insists on them the list still leaves them out (removing them from the list is the way).
      expect(core.ctx.db.prepare("SELECT COUNT(*) FROM suppression WHERE source = 'report'").pluck().get()).toBe(doNotResend);
      const all = await call(core, 'history.resendFailed', { id: created.id, includeUnknown: true, includeDoNotResend: true });
      expect(all).toMatchObject({ numbers: failed - doNotResend, excludedSuppressed: doNotResend, excludedDoNotResend: 0 });
      const draft = await call(core, 'campaigns.get', { id: resend.draftId });
      expect(draft).toMatchObject({
        kind: 'resend',
        state: 'draft',
        parentId: created.id,
        signName: SIGN,
        constants: { order: 'T1' },
        template: { code: TEMPLATE.code },
      });
      expect(draft.counts.valid).toBe(failed - doNotResend);
    } finally {
      await core.close();
      p.cleanup();
    }
  }, 120_000);
});
