import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/index';
import { phoneAt } from '../../unit/history/fixtures';
import { configuredCore, profile, sendCampaign, startSims, type Sims } from './helpers';

// `jst-sms reconcile [<id>] [--json]` and the delivery fields of `jst-sms campaign <id> --json --numbers`, on the
// profile the app wrote (same database, same vault).
let sims: Sims;
beforeAll(async () => {
  sims = await startSims();
});
afterAll(async () => {
  await sims.close();
});

async function cli(args: string[], dir: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { JST_SMS_PROFILE: dir, JST_SMS_PASSPHRASE: 'history-passphrase', JST_TOP_QPS: '50' },
  });
  return { code, stdout, stderr };
}

describe('history CLI', () => {
  it('reconcile fills pending numbers through num.query and prints what changed; campaign --json shows report states', async () => {
    const p = profile();
    try {
      const core = await configuredCore(sims, p.dir);
      sims.reports.enabled = false;
      const phones = Array.from({ length: 30 }, (_, i) => phoneAt(i, 13400000000));
      sims.gw.control.setDelivery(phones[2]!, { delivered: false, resultCode: 'MK:0005' });
      const { id } = await sendCampaign(core, phones);
      await core.close();

      const usage = await cli(['reconcile', 'abc'], p.dir);
      expect(usage.code).toBe(2);
      const missing = await cli(['reconcile', '999'], p.dir);
      expect(missing.code).toBe(1);

      const run = await cli(['reconcile', String(id), '--json'], p.dir);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout) as { checked: number; changed: Array<{ phone: string; to: string; errCode: string }>; stillPending: number };
      expect(result).toMatchObject({ checked: 30, stillPending: 0 });
      expect(result.changed.find((c) => c.phone === phones[2])).toMatchObject({ to: 'failed', errCode: 'MK:0005' });

      const again = await cli(['reconcile', String(id)], p.dir);
      expect(again.stdout).toContain('核对 0 个号码');

      const show = await cli(['campaign', String(id), '--json', '--numbers'], p.dir);
      expect(show.code).toBe(0);
      const j = JSON.parse(show.stdout) as { counts: Record<string, number>; numbers: Array<{ phone: string; report: string | null; errCode: string | null }> };
      expect(j.counts).toMatchObject({ delivered: 29, failed: 1, pending: 0, unknown: 0 });
      expect(j.numbers.find((n) => n.phone === phones[2])).toMatchObject({ report: 'failed', errCode: 'MK:0005' });
    } finally {
      sims.reports.enabled = true;
      p.cleanup();
    }
  }, 60_000);
});
