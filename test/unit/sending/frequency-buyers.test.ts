import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';
import { SendingStore } from '../../../electron/core/sending/store';

describe('SendingStore.recentlySentMarketingBuyers (the frequency guard of order sends)', () => {
  it('counts a buyer accepted by another marketing campaign since the cut-off; not this campaign, tests, notices, or older sends', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS);
    const campaign = (type: number, testOf: number | null = null) =>
      Number(
        db
          .prepare(
            "INSERT INTO campaigns (shop_id, name, kind, state, template_type, audience, test_of, created_at, updated_at) VALUES (1, 'c', 'campaign', 'completed', ?, 'orders', ?, 'x', 'x')",
          )
          .run(type, testOf).lastInsertRowid,
      );
    let n = 0;
    const row = (campaignId: number, buyer: string, at: string, status = 'accepted') =>
      db
        .prepare(
          'INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, raw, phone, status, tid, buyer_open_uid, submitted_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(campaignId, ++n, String(n), `tid:${n}`, status, String(n), buyer, at);
    const marketing = campaign(2);
    const current = campaign(2);
    row(marketing, 'recent', '2026-12-07T10:00:00.000Z');
    row(marketing, 'old', '2026-12-01T10:00:00.000Z');
    row(marketing, 'rejected', '2026-12-07T10:00:00.000Z', 'rejected');
    row(campaign(1), 'notice', '2026-12-07T10:00:00.000Z');
    row(campaign(2, marketing), 'test', '2026-12-07T10:00:00.000Z');
    row(current, 'self', '2026-12-07T10:00:00.000Z');
    const store = new SendingStore(db, 1);
    const found = store.recentlySentMarketingBuyers(['recent', 'old', 'rejected', 'notice', 'test', 'self', 'nobody', ''], '2026-12-05T00:00:00.000Z', current);
    expect([...found]).toEqual(['recent']);
  });
});
