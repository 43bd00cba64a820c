import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sellerExplanation } from '../../../shared/history/report-codes';
import { configuredCore, profile, SIGN, startSims, TEMPLATE, type Sims } from './helpers';
import { call } from '../templates/helpers';

// 发送's recipients table reads each number's delivery from the same column 发送记录 counts: a real send through the
// simulators, the reports held back (every accepted number 等待回执), then released through MQ (已送达 / 失败 + code).
let sims: Sims;
beforeAll(async () => {
  sims = await startSims();
});
afterAll(async () => {
  await sims.close();
});

describe('campaigns.recipients rows carry the delivery state of 发送记录', () => {
  it('pending before the reports, then delivered / failed with the code; filter by delivery; counts agree with the summary', async () => {
    const p = profile();
    const core = await configuredCore(sims, p.dir);
    sims.reports.enabled = false;
    sims.reports.held = [];
    try {
      const template = await call(core, 'templates.import', { code: TEMPLATE.code });
      await call(core, 'signatures.import', { name: SIGN });
      const phones = Array.from({ length: 12 }, (_, i) => `137${String(50_000_000 + i).padStart(8, '0')}`);
      const failures: Record<string, string> = { [phones[2]!]: 'UNDELIV', [phones[5]!]: 'MK:0005', [phones[9]!]: 'XYZ:42' };
      for (const [phone, code] of Object.entries(failures)) sims.gw.control.setDelivery(phone, { delivered: false, resultCode: code });
      const created = await call(core, 'campaigns.create', { name: '号码表回执' });
      await call(core, 'campaigns.importRecipients', {
        id: created.id,
        source: { kind: 'paste', text: [...phones, '12345'].join('\n') },
        mapping: { hasHeader: false, phoneColumn: 0, variableColumns: {} },
      });
      await call(core, 'campaigns.update', { id: created.id, templateId: template.id, signName: SIGN, constants: { order: 'T1' } });
      await call(core, 'campaigns.start', { id: created.id, confirm: true });
      await expect.poll(async () => (await call(core, 'campaigns.get', { id: created.id })).state, { timeout: 30_000, interval: 200 }).toBe('completed');

      const rows = async (input: Record<string, unknown> = {}) => call(core, 'campaigns.recipients', { id: created.id, page: 1, pageSize: 50, ...input });
      const before = await rows();
      const accepted = before.items.filter((r) => r.status === 'accepted');
      expect(accepted).toHaveLength(12);
      expect(accepted.every((r) => r.delivery === 'pending' && r.errCode === '' && r.reportedAt === null)).toBe(true);
      // A number never submitted has no delivery state (the table keeps its own status: 无效).
      expect(before.items.find((r) => r.status === 'invalid')).toMatchObject({ delivery: null, shown: '12345' });
      expect((await rows({ deliveries: ['pending'] })).total).toBe(12);

      expect(sims.reports.held).toHaveLength(12);
      sims.reports.release();
      await expect
        .poll(async () => (await call(core, 'history.campaign', { id: created.id })).campaign.counts.pending, {
          timeout: 30_000,
          interval: 200,
        })
        .toBe(0);

      const after = await rows();
      const byPhone = new Map(after.items.map((r) => [r.phone, r]));
      for (const phone of phones) {
        const row = byPhone.get(phone)!;
        expect(row.status).toBe('accepted');
        const code = failures[phone];
        if (code) expect(row).toMatchObject({ delivery: 'failed', errCode: code, reportedAt: expect.any(String) });
        else expect(row).toMatchObject({ delivery: 'delivered', errCode: 'DELIVRD', reportedAt: expect.any(String) });
      }
      // The reason column's text: the code's plain meaning where the table knows it, nothing invented otherwise.
      expect(sellerExplanation(byPhone.get(phones[2]!)!.errCode)?.text).toContain('号码状态异常');
      expect(sellerExplanation(byPhone.get(phones[9]!)!.errCode)).toBeNull();

      const failed = await rows({ deliveries: ['failed'] });
      expect(failed.total).toBe(3);
      expect(failed.items.map((r) => r.phone).sort()).toEqual(Object.keys(failures).sort());
      // The table and the figures above it agree: both count the same column.
      const view = await call(core, 'campaigns.get', { id: created.id });
      expect(view.delivery).toEqual({ sent: 12, delivered: 9, failed: 3, pending: 0, unknown: 0 });
      expect((await rows({ deliveries: ['delivered'] })).total).toBe(view.delivery.delivered);

      // One indexed query per page: the delivery filter reads campaign_recipients_delivery, not the whole table.
      const plan = core.ctx.db
        .prepare(
          'EXPLAIN QUERY PLAN SELECT r.*, c.chunk_index FROM campaign_recipients r LEFT JOIN campaign_chunks c ON c.id = r.chunk_id WHERE r.campaign_id = ? AND r.delivery IN (?) ORDER BY r.row_no, r.id LIMIT ? OFFSET ?',
        )
        .all(created.id, 'failed', 50, 0) as Array<{ detail: string }>;
      expect(plan.map((s) => s.detail).join('\n')).toMatch(/SEARCH r USING INDEX campaign_recipients_delivery/);
    } finally {
      sims.reports.enabled = true;
      sims.reports.held = null;
      await core.close();
      p.cleanup();
    }
  }, 90_000);
});
