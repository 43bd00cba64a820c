import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/database';
import { EventBus } from '../../../electron/core/events';
import type { CoreContext } from '../../../electron/core/context';
import { demoResponseFromEnv, respondForControlGroups } from '../../../electron/demo/responses';

// The demo's control groups order at the base rate from their campaign's start: the simulators never hear of them.
describe('demo responses', () => {
  it('asks the shop once per started campaign for each held-back buyer, not reached', () => {
    const db = openDatabase(':memory:');
    const campaign = db.prepare("INSERT INTO campaigns (shop_id, name, created_at, updated_at) VALUES (1, 'c', '', '') RETURNING id").pluck().get() as number;
    for (const [buyer, tid] of [
      ['AAheld1', '4200000000000000001'],
      ['AAheld2', '4200000000000000002'],
    ])
      db.prepare("INSERT INTO audience_control (shop_id, campaign_id, buyer_open_uid, tid, at) VALUES (1, ?, ?, ?, '2026-12-08T00:00:00.000Z')").run(
        campaign,
        buyer,
        tid,
      );
    const events = new EventBus();
    const asked: Array<[string, boolean]> = [];
    const stop = respondForControlGroups(
      { ctx: { db, shopId: 1 } as unknown as CoreContext, events },
      { respond: (tid, reached) => (asked.push([tid, reached]), null) },
    );
    events.emit('campaigns.changed', { id: campaign, state: 'draft' });
    expect(asked).toEqual([]);
    events.emit('campaigns.changed', { id: campaign, state: 'sending' });
    events.emit('campaigns.changed', { id: campaign, state: 'completed' });
    expect(asked).toEqual([
      ['4200000000000000001', false],
      ['4200000000000000002', false],
    ]);
    stop();
  });

  it('reads its rates from the environment, within bounds', () => {
    expect(demoResponseFromEnv({})).toEqual({ basePercent: 5, upliftPoints: 8 });
    expect(demoResponseFromEnv({ JST_DEMO_BASE_PERCENT: '0', JST_DEMO_UPLIFT_POINTS: '100' })).toEqual({ basePercent: 0, upliftPoints: 100 });
    expect(demoResponseFromEnv({ JST_DEMO_BASE_PERCENT: '20', JST_DEMO_UPLIFT_POINTS: '95' })).toEqual({ basePercent: 20, upliftPoints: 80 });
    expect(demoResponseFromEnv({ JST_DEMO_BASE_PERCENT: '-1', JST_DEMO_UPLIFT_POINTS: 'lots' })).toEqual({ basePercent: 5, upliftPoints: 8 });
  });
});
