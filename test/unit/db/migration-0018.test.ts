import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

describe('migration 0018 (effect-indexes)', () => {
  it('adds the period indexes the 效果 report reads, on a database with rows already in it', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS, 17);
    db.prepare("INSERT INTO campaigns (id, shop_id, created_at, updated_at) VALUES (1, 1, 't', 't')").run();
    db.prepare(
      "INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, status, submitted_at, buyer_open_uid) VALUES (1, 1, 1, 'tid:1', 'accepted', '2026-12-01T02:00:00.000Z', 'A')",
    ).run();
    db.prepare("INSERT INTO orders (shop_id, tid, buyer_open_uid, created_at, sort_at, updated_at) VALUES (1, '1', 'A', 5, 5, 0)").run();
    expect(migrate(db, MIGRATIONS, 18)).toEqual([18]);
    expect(MIGRATIONS.find((m) => m.version === 18)?.name).toBe('effect-indexes');
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name IN (?, ?, ?) ORDER BY name").pluck();
    expect(indexes.all('campaign_recipients_buyer_touch', 'campaigns_started', 'orders_created_buyer')).toEqual([
      'campaign_recipients_buyer_touch',
      'campaigns_started',
      'orders_created_buyer',
    ]);
    // Phone-list rows (no buyer) stay out of the touch index.
    db.prepare(
      "INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, status, submitted_at) VALUES (1, 1, 2, '13900000000', 'accepted', 'x')",
    ).run();
    expect(
      db
        .prepare(
          "SELECT COUNT(*) FROM campaign_recipients INDEXED BY campaign_recipients_buyer_touch WHERE shop_id = 1 AND submitted_at > '' AND status = 'accepted' AND buyer_open_uid IS NOT NULL AND buyer_open_uid <> ''",
        )
        .pluck()
        .get(),
    ).toBe(1);
  });
});
