import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

function fresh() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  return db;
}
const now = '2026-12-01T06:00:00.000Z';

describe('migration 0012 (order-sends)', () => {
  it('keeps campaigns with their chunks and rows, accepts the automation kind and still refuses an unknown one', () => {
    const db = fresh();
    migrate(db, MIGRATIONS, 11);
    db.prepare("INSERT INTO campaigns (id, shop_id, kind, created_at, updated_at) VALUES (1, 1, 'single', ?, ?)").run(now, now);
    db.prepare("INSERT INTO campaign_chunks (id, shop_id, campaign_id, chunk_index, task_sign, size) VALUES (1, 1, 1, 0, 't0', 1)").run();
    db.prepare(
      "INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, status, chunk_id, biz_id) VALUES (1, 1, 1, '13800000001', 'accepted', 1, 'b1')",
    ).run();
    expect(() => db.prepare("INSERT INTO campaigns (shop_id, kind, created_at, updated_at) VALUES (1, 'automation', ?, ?)").run(now, now)).toThrow(/CHECK/);

    expect(migrate(db, MIGRATIONS, 12)).toEqual([12]);
    expect(MIGRATIONS.find((m) => m.version === 12)?.name).toBe('order-sends');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare('SELECT id, kind, audience, meta FROM campaigns').all()).toEqual([{ id: 1, kind: 'single', audience: 'phones', meta: '{}' }]);
    expect(db.prepare('SELECT COUNT(*) FROM campaign_recipients').pluck().get()).toBe(1);
    db.prepare("INSERT INTO campaigns (id, shop_id, kind, audience, created_at, updated_at) VALUES (2, 1, 'automation', 'orders', ?, ?)").run(now, now);
    expect(() => db.prepare("INSERT INTO campaigns (shop_id, kind, created_at, updated_at) VALUES (1, 'bogus', ?, ?)").run(now, now)).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO campaigns (shop_id, audience, created_at, updated_at) VALUES (1, 'emails', ?, ?)").run(now, now)).toThrow(/CHECK/);
    // Cascades still work after the edit of the stored definition.
    db.prepare('DELETE FROM campaigns WHERE id = 1').run();
    expect(db.prepare('SELECT COUNT(*) FROM campaign_chunks').pluck().get()).toBe(0);
  });

  it('an order is accepted at most once per campaign; order numbers are digits only', () => {
    const db = fresh();
    migrate(db, MIGRATIONS, 12);
    db.prepare("INSERT INTO campaigns (id, shop_id, audience, created_at, updated_at) VALUES (1, 1, 'orders', ?, ?)").run(now, now);
    const insert = db.prepare(
      "INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, status, tid, buyer_open_uid) VALUES (1, 1, ?, ?, ?, ?, 'AAF1')",
    );
    insert.run(1, 'tid:3000000000000000001', 'accepted', '3000000000000000001');
    insert.run(2, 'tid:3000000000000000002', 'accepted', '3000000000000000002');
    db.prepare(
      "INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, status, tid) VALUES (1, 1, 3, 'x', 'unconfirmed', '3000000000000000001')",
    ).run();
    expect(() =>
      db
        .prepare("INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, status, tid) VALUES (1, 1, 4, 'y', 'accepted', '3000000000000000001')")
        .run(),
    ).toThrow(/UNIQUE/);
    expect(() => insert.run(5, 'tid:1e5', 'valid', '1e5')).toThrow(/CHECK/);
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT id FROM campaign_recipients WHERE shop_id = 1 AND buyer_open_uid = 'AAF1'")
      .all()
      .map((r) => (r as { detail: string }).detail)
      .join(' ');
    expect(plan).toContain('campaign_recipients_buyer');
  });
});
