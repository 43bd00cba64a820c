import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

const columns = (db: Database.Database, index: string) =>
  (db.prepare(`SELECT name, desc FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno`).all(index) as Array<{ name: string; desc: number }>).map(
    (c) => `${c.name}${c.desc ? ' DESC' : ''}`,
  );

describe('migration 0015 (order-list-indexes)', () => {
  it('is registered after 0014, keeps the orders and gives the list indexes its sort and its filter columns', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS, 14);
    db.prepare(
      "INSERT INTO orders (shop_id, tid, status, payment_fen, sort_at, updated_at) VALUES (1, '4012345678901234567', 'WAIT_BUYER_PAY', 12900, 1, 1)",
    ).run();
    expect(columns(db, 'orders_recent')).toEqual(['shop_id', 'sort_at DESC', 'tid']);

    expect(migrate(db, MIGRATIONS, 15)).toEqual([15]);
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions.indexOf(15)).toBe(versions.indexOf(14) + 1);
    expect(columns(db, 'orders_recent')).toEqual(['shop_id', 'sort_at DESC', 'tid DESC', 'status', 'payment_fen']);
    expect(columns(db, 'orders_status')).toEqual(['shop_id', 'status', 'sort_at DESC', 'tid DESC', 'payment_fen']);
    expect(db.prepare('SELECT tid, status FROM orders').all()).toEqual([{ tid: '4012345678901234567', status: 'WAIT_BUYER_PAY' }]);
    db.close();
  });

  it('counts the orders already there per shop and keeps the count as orders come and go', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS, 14);
    db.prepare("INSERT INTO shops (id, name, created_at) VALUES (2, 'second', 't')").run();
    const insert = db.prepare('INSERT INTO orders (shop_id, tid, sort_at, updated_at) VALUES (?, ?, 1, 1)');
    for (const tid of ['1', '2', '3']) insert.run(1, tid);
    insert.run(2, '1');
    migrate(db, MIGRATIONS, 15);
    const counts = () =>
      Object.fromEntries(
        (db.prepare('SELECT shop_id, orders FROM order_counts').all() as Array<{ shop_id: number; orders: number }>).map((r) => [r.shop_id, r.orders]),
      );
    expect(counts()).toEqual({ 1: 3, 2: 1 });
    insert.run(1, '4');
    insert.run(2, '2');
    db.prepare("DELETE FROM orders WHERE shop_id = 1 AND tid = '1'").run();
    db.prepare("UPDATE orders SET shop_id = 2 WHERE shop_id = 1 AND tid = '3'").run();
    expect(counts()).toEqual({ 1: 2, 2: 3 });
    const actual = db.prepare('SELECT shop_id, COUNT(*) AS n FROM orders GROUP BY shop_id').all() as Array<{ shop_id: number; n: number }>;
    expect(Object.fromEntries(actual.map((r) => [r.shop_id, r.n]))).toEqual(counts());
    db.close();
  });
});
