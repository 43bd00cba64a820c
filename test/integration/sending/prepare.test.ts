// Preparation against the ledger tables: chunks hold exactly the sendable rows (numbers skipped between them stay
// out), each row's segments and the campaign's totals are right, and a preparation cut short by a failure resumes to
// the same chunks, task_signs and totals as one that was never interrupted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDraftFromRecipients } from '../../../electron/core/sending';
import { renderFast, segmentsOf } from '../../../electron/core/sending/check';
import { PREPARE_BATCH, prepareCampaign } from '../../../electron/core/sending/prepare';
import { SendingStore } from '../../../electron/core/sending/store';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';
import { phones, SIGN, sendingEnv } from './helpers';

const CONTENT = '${name}您好，您的订单已发货';
const COUNT = 2 * PREPARE_BATCH + 500;

let gw: TopGateway;
beforeAll(async () => {
  gw = await startTopGateway();
});
afterAll(async () => gw.close());

/** Names of 1, 2 and 3 segments; every 11th number blocked after the draft was made (skipped at preparation). */
function setup() {
  const env = sendingEnv(gw);
  const tpl = env.template('SMS_PREP', CONTENT);
  env.signature();
  const list = phones(COUNT, '151');
  const name = (i: number) => (i % 7 === 0 ? '长'.repeat(i % 3 === 0 ? 140 : 70) : `买家${i}`);
  const id = createDraftFromRecipients(env.ctx, env.suppression, {
    name: 'prepare',
    kind: 'campaign',
    templateId: tpl,
    signName: SIGN,
    recipients: list.map((phone, i) => ({ phone, vars: { name: name(i) } })),
  });
  env.suppression.add(
    list.filter((_, i) => i % 11 === 5),
    { reason: 'block', source: 'manual' },
  );
  const deps = { store: env.module.store, suppression: env.suppression, now: Date.now };
  return { env, id, deps, list, name };
}

function ledger(env: ReturnType<typeof sendingEnv>, id: number) {
  const rows = env.ctx.db
    .prepare(
      'SELECT r.row_no, r.status, r.segments, c.chunk_index, c.task_sign FROM campaign_recipients r LEFT JOIN campaign_chunks c ON c.id = r.chunk_id WHERE r.campaign_id = ? ORDER BY r.row_no',
    )
    .all(id) as Array<{ row_no: number; status: string; segments: number | null; chunk_index: number | null; task_sign: string | null }>;
  const c = env.module.store.campaign(id)!;
  return { rows, totals: { min: c.segmentsMin, max: c.segmentsMax, total: c.segmentsTotal } };
}

describe('campaign preparation', () => {
  it('queues exactly the sendable rows in chunks of 200 with their own segments and the right totals', async () => {
    const { env, id, deps, name } = setup();
    try {
      await prepareCampaign(deps, env.module.mustGet(id));
      const { rows, totals } = ledger(env, id);
      const queued = rows.filter((r) => r.status === 'queued');
      expect(rows.filter((r) => r.status === 'skipped').map((r) => r.row_no)).toEqual(rows.filter((_, i) => i % 11 === 5).map((r) => r.row_no));
      expect(queued).toHaveLength(COUNT - rows.filter((_, i) => i % 11 === 5).length);
      const sizes = new Map<number, number>();
      for (const r of queued) sizes.set(r.chunk_index!, (sizes.get(r.chunk_index!) ?? 0) + 1);
      expect([...sizes.keys()]).toEqual([...sizes.keys()].map((_, i) => i));
      expect([...sizes.values()].slice(0, -1).every((n) => n === 200)).toBe(true);
      // Chunks follow row order: a chunk's rows come after every row of the chunk before it.
      expect(queued.map((r) => r.chunk_index)).toEqual([...queued.map((r) => r.chunk_index!)].sort((a, b) => a - b));
      for (const r of queued) expect(r.segments, `row ${r.row_no}`).toBe(segmentsOf(SIGN, renderFast(CONTENT, { name: name(r.row_no - 1) }), 1));
      expect(new Set(queued.map((r) => r.segments))).toEqual(new Set([1, 2, 3]));
      const direct = env.module.store.queuedSegments(id);
      expect(totals).toEqual({ min: 1, max: 3, total: direct.total });
      expect(direct).toEqual({ min: 1, max: 3, total: queued.reduce((n, r) => n + r.segments!, 0) });
    } finally {
      await env.close();
    }
  });

  it('a preparation that fails part-way resumes to the same chunks, task_signs and totals', async () => {
    const whole = setup();
    const cut = setup();
    try {
      await prepareCampaign(whole.deps, whole.env.module.mustGet(whole.id));
      // The 7th chunk fails: the first batch stays committed, the second rolls back.
      const failing = Object.create(cut.env.module.store) as SendingStore;
      let calls = 0;
      failing.queueChunkRange = function (...args: Parameters<SendingStore['queueChunkRange']>) {
        if (++calls === 7) throw new Error('killed');
        return SendingStore.prototype.queueChunkRange.apply(this, args);
      };
      await expect(prepareCampaign({ ...cut.deps, store: failing }, cut.env.module.mustGet(cut.id))).rejects.toThrow('killed');
      const partly = ledger(cut.env, cut.id).rows;
      expect(partly.filter((r) => r.status === 'queued').length).toBeGreaterThan(0);
      expect(partly.filter((r) => r.status === 'valid').length).toBeGreaterThan(PREPARE_BATCH);
      await prepareCampaign(cut.deps, cut.env.module.mustGet(cut.id));
      const a = ledger(whole.env, whole.id);
      const b = ledger(cut.env, cut.id);
      expect(b.totals).toEqual(a.totals);
      const signs = (rows: typeof a.rows) => rows.map((r) => [r.row_no, r.status, r.segments, r.chunk_index, r.task_sign?.replace(/^jst-\d+-\w+-/, '')]);
      expect(signs(b.rows)).toEqual(signs(a.rows));
    } finally {
      await whole.env.close();
      await cut.env.close();
    }
  });
});
