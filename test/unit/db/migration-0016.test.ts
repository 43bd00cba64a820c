import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
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
const buyers = (db: Database.Database) => db.prepare('SELECT * FROM audience_buyers ORDER BY buyer_open_uid').all();

describe('migration 0016 (audiences-costs)', () => {
  it('builds the buyer aggregates from the orders already stored, then keeps them in step', () => {
    const db = fresh();
    migrate(db, MIGRATIONS, 15);
    order(db, '1', 'A', 'TRADE_FINISHED', 1000, 100);
    order(db, '2', 'A', 'WAIT_BUYER_PAY', 500, 300);
    order(db, '3', 'A', 'TRADE_CLOSED', 700, 200);
    order(db, '4', 'B', 'WAIT_SELLER_SEND_GOODS', 250, 50, 'SUCCESS');
    order(db, '5', '', 'TRADE_FINISHED', 999, 10);
    expect(migrate(db, MIGRATIONS, 16)).toEqual([16]);
    expect(MIGRATIONS.find((m) => m.version === 16)?.name).toBe('audiences-costs');
    const before = [
      { shop_id: 1, buyer_open_uid: 'A', order_count: 3, purchases: 1, amount_fen: 1000, first_purchase_at: 100, last_purchase_at: 100, refunded: 1 },
      { shop_id: 1, buyer_open_uid: 'B', order_count: 1, purchases: 1, amount_fen: 250, first_purchase_at: 50, last_purchase_at: 50, refunded: 1 },
    ];
    expect(buyers(db)).toEqual(before);

    // Insert, change, move to another buyer, fill the buyer in, delete: the same rows a rebuild would give.
    order(db, '6', 'C', 'WAIT_BUYER_PAY', 100, 400);
    db.prepare("UPDATE orders SET status = 'WAIT_SELLER_SEND_GOODS' WHERE tid = '2'").run();
    db.prepare("UPDATE orders SET buyer_open_uid = 'C' WHERE tid = '4'").run();
    db.prepare("UPDATE orders SET buyer_open_uid = 'D' WHERE tid = '5'").run();
    db.prepare("UPDATE orders SET updated_at = 5 WHERE tid = '1'").run();
    expect(buyers(db)).toEqual([
      { shop_id: 1, buyer_open_uid: 'A', order_count: 3, purchases: 2, amount_fen: 1500, first_purchase_at: 100, last_purchase_at: 300, refunded: 1 },
      { shop_id: 1, buyer_open_uid: 'C', order_count: 2, purchases: 1, amount_fen: 250, first_purchase_at: 50, last_purchase_at: 50, refunded: 1 },
      { shop_id: 1, buyer_open_uid: 'D', order_count: 1, purchases: 1, amount_fen: 999, first_purchase_at: 10, last_purchase_at: 10, refunded: 0 },
    ]);
    db.prepare("DELETE FROM orders WHERE tid IN ('5')").run();
    expect(buyers(db).map((b) => (b as { buyer_open_uid: string }).buyer_open_uid)).toEqual(['A', 'C']);
  });

  it('prices and balance entries refuse unknown kinds and negative prices; segment names are unique per shop; a control group goes with its campaign', () => {
    const db = fresh();
    migrate(db, MIGRATIONS, 16);
    expect(() => db.prepare("INSERT INTO cost_prices (shop_id, kind, price_e4, from_at) VALUES (1, 'voice', 1, '')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO cost_prices (shop_id, kind, price_e4, from_at) VALUES (1, 'marketing', -1, '')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO cost_balance (shop_id, kind, amount_e4, at) VALUES (1, 'spend', 1, '')").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO campaigns (id, shop_id, created_at, updated_at) VALUES (7, 1, 't', 't')").run();
    db.prepare("INSERT INTO audience_control (shop_id, campaign_id, buyer_open_uid, tid, at) VALUES (1, 7, 'A', '1', 't')").run();
    expect(() => db.prepare("INSERT INTO audience_control (shop_id, campaign_id, buyer_open_uid, tid, at) VALUES (1, 7, 'A', '2', 't')").run()).toThrow(
      /UNIQUE/,
    );
    expect(() => db.prepare("INSERT INTO audience_control (shop_id, campaign_id, buyer_open_uid, tid, at) VALUES (1, 7, '', '2', 't')").run()).toThrow(/CHECK/);
    db.prepare('DELETE FROM campaigns WHERE id = 7').run();
    expect(db.prepare('SELECT COUNT(*) FROM audience_control').pluck().get()).toBe(0);
    db.prepare("INSERT INTO audience_segments (shop_id, name, rule, created_at, updated_at) VALUES (1, '老客', '{}', 't', 't')").run();
    expect(() => db.prepare("INSERT INTO audience_segments (shop_id, name, rule, created_at, updated_at) VALUES (1, '老客', '{}', 't', 't')").run()).toThrow(
      /UNIQUE/,
    );
  });
});
