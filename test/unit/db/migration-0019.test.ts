import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DROP_NOTED_SQL, REBUILD_NOTED_SQL, refreshBuyerAggregates } from '../../../electron/core/audiences/aggregates';
import { migrate } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

function fresh() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  return db;
}
const order = (db: Database.Database, tid: string, buyer: string, status: string, fen: number, created: number, refund = '') =>
  db
    .prepare(
      'INSERT INTO orders (shop_id, tid, buyer_open_uid, status, payment_fen, created_at, sort_at, refund_status, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, 0)',
    )
    .run(tid, buyer, status, fen, created, created, refund);
const buyers = (db: Database.Database) => db.prepare('SELECT * FROM audience_buyers ORDER BY shop_id, buyer_open_uid').all();
const dirty = (db: Database.Database) => db.prepare('SELECT shop_id, buyer_open_uid FROM audience_dirty ORDER BY shop_id, buyer_open_uid').all();
/** What 0016 computes, from scratch: the reference the refreshed rows must equal. */
const rebuilt = (db: Database.Database) => {
  const copy = fresh();
  migrate(copy, MIGRATIONS, 15);
  const rows = db.prepare('SELECT shop_id, tid, buyer_open_uid, status, payment_fen, created_at, sort_at, refund_status FROM orders').all();
  const insert = copy.prepare(
    'INSERT INTO orders (shop_id, tid, buyer_open_uid, status, payment_fen, created_at, sort_at, refund_status, updated_at) VALUES (@shop_id, @tid, @buyer_open_uid, @status, @payment_fen, @created_at, @sort_at, @refund_status, 0)',
  );
  for (const row of rows) insert.run(row);
  migrate(copy, MIGRATIONS, 16);
  return buyers(copy);
};

describe('migration 0019 (audience-dirty-buyers)', () => {
  it('keeps the aggregates built so far; order writes only note their buyers; a refresh rebuilds exactly those and clears the notes', () => {
    const db = fresh();
    migrate(db, MIGRATIONS, 18);
    order(db, '1', 'A', 'TRADE_FINISHED', 1000, 100);
    order(db, '2', 'A', 'WAIT_BUYER_PAY', 500, 300);
    order(db, '4', 'B', 'WAIT_SELLER_SEND_GOODS', 250, 50, 'SUCCESS');
    const before = buyers(db);
    expect(migrate(db, MIGRATIONS, 19)).toEqual([19]);
    expect(MIGRATIONS.find((m) => m.version === 19)?.name).toBe('audience-dirty-buyers');
    expect(buyers(db)).toEqual(before);
    expect(dirty(db)).toEqual([]);

    // Insert, watched change, unwatched change, move to another buyer, fill a buyer in, delete.
    order(db, '6', 'C', 'WAIT_BUYER_PAY', 100, 400);
    order(db, '5', '', 'TRADE_FINISHED', 999, 10);
    db.prepare("UPDATE orders SET status = 'WAIT_SELLER_SEND_GOODS' WHERE tid = '2'").run();
    db.prepare("UPDATE orders SET updated_at = 5 WHERE tid = '1'").run();
    expect(dirty(db)).toEqual([
      { shop_id: 1, buyer_open_uid: 'A' },
      { shop_id: 1, buyer_open_uid: 'C' },
    ]);
    expect(buyers(db)).toEqual(before); // not yet rebuilt
    db.prepare("UPDATE orders SET buyer_open_uid = 'C' WHERE tid = '4'").run();
    db.prepare("UPDATE orders SET buyer_open_uid = 'D' WHERE tid = '5'").run();
    expect(dirty(db).map((d) => (d as { buyer_open_uid: string }).buyer_open_uid)).toEqual(['A', 'B', 'C', 'D']);
    refreshBuyerAggregates(db);
    expect(dirty(db)).toEqual([]);
    expect(buyers(db)).toEqual([
      { shop_id: 1, buyer_open_uid: 'A', order_count: 2, purchases: 2, amount_fen: 1500, first_purchase_at: 100, last_purchase_at: 300, refunded: 0 },
      { shop_id: 1, buyer_open_uid: 'C', order_count: 2, purchases: 1, amount_fen: 250, first_purchase_at: 50, last_purchase_at: 50, refunded: 1 },
      { shop_id: 1, buyer_open_uid: 'D', order_count: 1, purchases: 1, amount_fen: 999, first_purchase_at: 10, last_purchase_at: 10, refunded: 0 },
    ]);
    expect(buyers(db)).toEqual(rebuilt(db));

    // A buyer whose orders are all gone loses its row; nothing noted means nothing written.
    db.prepare("DELETE FROM orders WHERE tid IN ('5')").run();
    refreshBuyerAggregates(db);
    expect(buyers(db).map((b) => (b as { buyer_open_uid: string }).buyer_open_uid)).toEqual(['A', 'C']);
    expect(buyers(db)).toEqual(rebuilt(db));
    const changes = db.prepare('SELECT total_changes()').pluck();
    const total = changes.get();
    refreshBuyerAggregates(db);
    expect(changes.get()).toBe(total);
  });

  it('the refresh finds each noted buyer’s orders through the orders_buyer index', () => {
    const db = fresh();
    migrate(db, MIGRATIONS, 19);
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    const rebuild = plan(REBUILD_NOTED_SQL);
    expect(rebuild).toMatch(/SCAN d/);
    expect(rebuild).toMatch(/SEARCH o USING INDEX orders_buyer \(shop_id=\? AND buyer_open_uid=\?\)/);
    expect(plan(DROP_NOTED_SQL)).toMatch(/SEARCH audience_buyers USING PRIMARY KEY \(shop_id=\? AND buyer_open_uid=\?\)/);
  });
});
