import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reconciler } from '../../../electron/core/history/reconcile';
import type { TopClient } from '../../../electron/core/top/client';
import { phoneAt } from '../../unit/history/fixtures';
import { configuredCore, profile, sendCampaign, startSims, type Sims } from './helpers';
import { call } from '../templates/helpers';

// Delivery history end to end against both simulators: batchsend (TOP sim) → per-number reports (MQ sim) →
// the core's poller → matching inside the consumed batch → counts; num.query reconciliation when MQ is silent.
let sims: Sims;
beforeAll(async () => {
  sims = await startSims();
});
afterAll(async () => {
  await sims.close();
});

const NUM_QUERY = 'alibaba.aliqin.ta.sms.num.query';

describe('delivery history against the simulators', () => {
  it('1,000 numbers with mixed outcomes: reports via MQ give exact counts, codes and explanations; one chunk commits after its reports arrived', async () => {
    const p = profile();
    const core = await configuredCore(sims, p.dir);
    try {
      const phones = Array.from({ length: 1000 }, (_, i) => phoneAt(i, 13600000000));
      const expected = { delivered: 0, failed: 0, codes: {} as Record<string, number> };
      phones.forEach((phone, i) => {
        const code = i % 10 === 3 ? 'MK:0005' : i % 10 === 7 ? 'UNDELIV' : i % 50 === 0 ? 'XYZ:42' : null;
        if (code) {
          sims.gw.control.setDelivery(phone, { delivered: false, resultCode: code });
          expected.failed++;
          expected.codes[code] = (expected.codes[code] ?? 0) + 1;
        } else expected.delivered++;
      });
      const acked = () => sims.mq.counters.acked;
      const { id } = await sendCampaign(core, phones, {
        // Chunk 2: hold the commit until its 200 reports were consumed, stored (unmatched) and acked.
        beforeAccept: async (chunk) => {
          if (chunk !== 2) return;
          const target = 600;
          await expect.poll(acked, { timeout: 20_000, interval: 100 }).toBeGreaterThanOrEqual(target);
          const waiting = core.ctx.db.prepare('SELECT COUNT(*) FROM history_unmatched').pluck().get() as number;
          expect(waiting).toBeGreaterThan(0);
        },
      });
      await expect.poll(async () => (await call(core, 'history.campaign', { id })).campaign.counts.pending, { timeout: 30_000, interval: 200 }).toBe(0);
      const detail = await call(core, 'history.campaign', { id });
      expect(detail.campaign.counts).toEqual({ sent: 1000, delivered: expected.delivered, failed: expected.failed, pending: 0, unknown: 0 });
      expect(Object.fromEntries(detail.errCodes.map((e) => [e.errCode, e.count]))).toEqual(expected.codes);
      // 发送 shows the same figures as 发送记录 (not "成功" for submitted): the list (one grouped query) and the campaign view.
      const listed = (await call(core, 'campaigns.list', {})).find((c) => c.id === id)!;
      expect(listed.delivery).toEqual(detail.campaign.counts);
      expect((await call(core, 'campaigns.get', { id })).delivery).toEqual(detail.campaign.counts);
      expect(core.ctx.db.prepare('SELECT COUNT(*) FROM history_unmatched').pluck().get()).toBe(0);
      const page = await call(core, 'history.numbers', { id, deliveries: ['failed'], errCode: 'XYZ:42', limit: 5 });
      expect(page.total).toBe(expected.codes['XYZ:42']);
    } finally {
      await core.close();
      p.cleanup();
    }
  }, 90_000);

  it('MQ down for the campaign: 立即核对 fills every number through num.query; duplicates and out-of-order reports afterwards follow final-wins', async () => {
    const p = profile();
    const core = await configuredCore(sims, p.dir);
    sims.reports.enabled = false;
    try {
      const phones = Array.from({ length: 300 }, (_, i) => phoneAt(i, 13700000000));
      phones.forEach((phone, i) => i % 4 === 1 && sims.gw.control.setDelivery(phone, { delivered: false, resultCode: 'MK:0001' }));
      const { id, bizIds } = await sendCampaign(core, phones);
      const before = sims.gw.counters.callsByMethod[NUM_QUERY] ?? 0;
      const result = await call(core, 'history.reconcileNow', { id });
      expect(result).toMatchObject({ checked: 300, stillPending: 0, errors: 0, becameUnknown: 0 });
      expect(result.changed).toHaveLength(300);
      expect((sims.gw.counters.callsByMethod[NUM_QUERY] ?? 0) - before).toBe(300);
      const detail = await call(core, 'history.campaign', { id });
      expect(detail.campaign.counts).toEqual({ sent: 300, delivered: 225, failed: 75, pending: 0, unknown: 0 });

      // Late reports for phone 0 (delivered by query): a failure after it wins, its duplicate and an older one do not.
      sims.reports.enabled = true;
      const phone = phones[0]!;
      const report = (state: '1' | '2', err: string, rept: string) =>
        sims.mq.publishReport({ biz_id: bizIds[0]!, receiver: phone, state, err_code: err, rept_time: rept });
      const now = Date.now();
      const bj = (offsetMs: number) => new Date(now + 8 * 3600_000 + offsetMs).toISOString().slice(0, 19).replace('T', ' ');
      report('2', 'MK:0010', bj(60_000));
      report('2', 'MK:0010', bj(60_000)); // same business key, new MessageId
      report('1', 'DELIVRD', bj(-60_000)); // older, arrives last
      const rowId = core.ctx.db.prepare('SELECT id FROM campaign_recipients WHERE campaign_id = ? AND phone = ?').pluck().get(id, phone) as number;
      await expect
        .poll(async () => (await call(core, 'history.timeline', { recipientId: rowId })).events.filter((e) => e.kind === 'report').length, {
          timeout: 15_000,
        })
        .toBe(2);
      const timeline = await call(core, 'history.timeline', { recipientId: rowId });
      expect(timeline).toMatchObject({ delivery: 'failed', errCode: 'MK:0010' });
      expect(timeline.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['submitted', 'query', 'report']));
      expect(timeline.events.filter((e) => e.final).map((e) => [e.kind, e.errCode])).toEqual([['report', 'MK:0010']]);
    } finally {
      sims.reports.enabled = true;
      await core.close();
      p.cleanup();
    }
  }, 90_000);

  it('a restart in the middle of reconciliation continues with what is left; no number is queried twice', async () => {
    const p = profile();
    let core = await configuredCore(sims, p.dir);
    sims.reports.enabled = false;
    try {
      const phones = Array.from({ length: 300 }, (_, i) => phoneAt(i, 13500000000));
      const { id } = await sendCampaign(core, phones);
      sims.reports.enabled = true;
      const before = sims.gw.counters.callsByMethod[NUM_QUERY] ?? 0;
      const abort = new AbortController();
      const real = core.services.top.client();
      let calls = 0;
      const counting = {
        iterateSmsNum: (...args: Parameters<TopClient['iterateSmsNum']>) => {
          if (++calls === 120) abort.abort(); // "the process dies" after this call
          return real.iterateSmsNum(...args);
        },
      } as unknown as TopClient;
      const first = await new Reconciler({
        db: core.ctx.db,
        shopId: 1,
        settings: () => core.ctx.settings.get().history,
        client: () => counting,
        log: core.ctx.log,
        now: () => core.ctx.clock.now(),
      }).run({ campaignId: id, now: true, signal: abort.signal });
      expect(first.checked).toBe(120);
      expect(first.stillPending).toBe(180);
      await core.close();

      core = await configuredCore(sims, p.dir, false);
      const second = await call(core, 'history.reconcileNow', { id });
      expect(second).toMatchObject({ checked: 180, stillPending: 0 });
      expect((sims.gw.counters.callsByMethod[NUM_QUERY] ?? 0) - before).toBe(300);
      const detail = await call(core, 'history.campaign', { id });
      expect(detail.campaign.counts).toMatchObject({ sent: 300, pending: 0, delivered: 300 });
    } finally {
      sims.reports.enabled = true;
      await core.close();
      p.cleanup();
    }
  }, 90_000);
});
