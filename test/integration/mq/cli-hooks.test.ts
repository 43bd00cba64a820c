import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/index';
import type { SendEvent } from '../../../electron/sim/top-gateway/state';
import { phoneAt } from '../../unit/history/fixtures';
import { configuredCore, profile, sendCampaign, startSims, type Sims } from '../history/helpers';
import { waitFor } from './helpers';

// Delivery reports consumed by `jst-sms mq poll --once` must change a campaign exactly as the app's own poller does:
// both run the same core, so the same ingest hooks (history matching, inbox) commit with every consumed batch.
let sims: Sims;
beforeAll(async () => {
  sims = await startSims();
});
afterAll(async () => {
  await sims.close();
});

const PASSPHRASE = 'history-passphrase';
const NUMBERS = 260; // two chunks
const FAILING = [3, 77, 201, 259]; // MK:0005, the rest DELIVRD

async function cli(args: string[], dir: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { JST_SMS_PROFILE: dir, JST_SMS_PASSPHRASE: PASSPHRASE },
  });
  return { code, stdout, stderr };
}

/** Sends a campaign through the simulators with its reports held back; returns them ready to publish. */
async function sentCampaign(dir: string) {
  const phones = Array.from({ length: NUMBERS }, (_, i) => phoneAt(i, 13500000000));
  for (const i of FAILING) sims.gw.control.setDelivery(phones[i]!, { delivered: false, resultCode: 'MK:0005' });
  const held: SendEvent[] = [];
  sims.reports.enabled = false;
  const unsubscribe = sims.gw.control.onSend((send) => held.push(send));
  try {
    // Headless: no poller of this core may take (and, closing, strand) a report meant for the consumer under test.
    const core = await configuredCore(sims, dir, true, { headless: true });
    const { id } = await sendCampaign(core, phones);
    await core.close();
    return { id, phones, held };
  } finally {
    unsubscribe();
    sims.reports.enabled = true;
  }
}

/** Consumes everything waiting, once, the way each host does. */
const CONSUMERS = {
  async app(dir: string, id: number) {
    const core = await configuredCore(sims, dir, false);
    try {
      await waitFor(
        () => {
          const c = core.services.history.queries.counts(id);
          return c.delivered + c.failed === NUMBERS && sims.mq.control.drained();
        },
        'every report applied and acked by the app poller',
        20_000,
      );
    } finally {
      await core.close();
    }
  },
  async cli(dir: string) {
    const run = await cli(['mq', 'poll', '--once'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`回执 ${NUMBERS}，`);
  },
} as const;

describe.each(Object.keys(CONSUMERS) as Array<keyof typeof CONSUMERS>)('reports consumed by the %s poller', (host) => {
  it('apply to the campaign: delivered / failed counts and each number’s err_code', async () => {
    const p = profile();
    try {
      const { id, phones, held } = await sentCampaign(p.dir);
      expect(held).toHaveLength(NUMBERS);
      for (const send of held)
        sims.mq.reportForSend({ bizId: send.bizId, phone: send.phone, templateCode: send.templateCode, sentAt: send.sentAtMs, delivery: send.outcome });

      await CONSUMERS[host](p.dir, id);
      expect(sims.mq.control.drained()).toBe(true);

      const show = await cli(['campaign', String(id), '--json', '--numbers'], p.dir);
      expect(show.code, show.stderr).toBe(0);
      const j = JSON.parse(show.stdout) as { counts: Record<string, number>; numbers: Array<{ phone: string; report: string | null; errCode: string | null }> };
      expect(j.counts).toMatchObject({ delivered: NUMBERS - FAILING.length, failed: FAILING.length, pending: 0, unknown: 0 });
      const failed = j.numbers.filter((n) => n.report === 'failed');
      expect(failed.map((n) => n.phone).sort()).toEqual(FAILING.map((i) => phones[i]).sort());
      expect(new Set(failed.map((n) => n.errCode))).toEqual(new Set(['MK:0005']));
    } finally {
      p.cleanup();
    }
  }, 60_000);
});
