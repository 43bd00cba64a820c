import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

function fresh() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  return db;
}

describe('migration 0009 (orders)', () => {
  it('upgrades a version-8 database, keeps the processed MessageIds and lets mq_messages hold order events', () => {
    const db = fresh();
    migrate(db, MIGRATIONS, 8);
    db.prepare("INSERT INTO mq_messages (shop_id, message_id, topic, kind, outcome, received_at) VALUES (1, 'm1', 't', 'report', 'stored', 'x')").run();
    expect(() =>
      db.prepare("INSERT INTO mq_messages (shop_id, message_id, topic, kind, outcome, received_at) VALUES (1, 'm2', 't', 'order', 'stored', 'x')").run(),
    ).toThrow(/CHECK/);
    expect(migrate(db, MIGRATIONS, 9)).toEqual([9]);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(9);
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions.indexOf(9)).toBe(versions.indexOf(8) + 1);
    expect(db.prepare('SELECT message_id FROM mq_messages').pluck().all()).toEqual(['m1']);
    db.prepare("INSERT INTO mq_messages (shop_id, message_id, topic, kind, outcome, received_at) VALUES (1, 'm2', 't', 'order', 'stored', 'x')").run();
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]).join(' ');
    for (const name of ['orders', 'order_events', 'order_oaids', 'order_sync', 'order_coverage']) expect(tables).toContain(name);
    db.close();
  });

  it('keys orders by (shop, tid TEXT) with 19 digits exact, has no receiver column, and dedupes events by key', () => {
    const db = fresh();
    migrate(db, MIGRATIONS, 9);
    const tid = '4010203040506070809';
    db.prepare('INSERT INTO orders (shop_id, tid, sort_at, updated_at) VALUES (1, ?, 0, 0)').run(tid);
    expect(db.prepare('SELECT tid FROM orders').pluck().get()).toBe(tid);
    expect(() => db.prepare("INSERT INTO orders (shop_id, tid, sort_at, updated_at) VALUES (1, '12a', 0, 0)").run()).toThrow(/CHECK/);
    expect(() => db.prepare('INSERT INTO orders (shop_id, tid, sort_at, updated_at) VALUES (1, ?, 0, 0)').run(tid)).toThrow(/UNIQUE|PRIMARY/);
    const columns = (db.prepare("SELECT name FROM pragma_table_info('orders')").pluck().all() as string[]).join(' ');
    expect(columns).not.toMatch(/receiver|mobile|address/);
    const event = db.prepare(
      "INSERT INTO order_events (shop_id, tid, topic, source, event_key, received_at) VALUES (1, ?, 't', 'mq', 'k', 0) ON CONFLICT DO NOTHING",
    );
    expect(event.run(tid).changes).toBe(1);
    expect(event.run(tid).changes).toBe(0);
    db.close();
  });
});

describe('migration 0007 item search index', () => {
  it('follows item titles only when they change, and finds Chinese substrings of 3+ characters', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 9);
    db.prepare("INSERT INTO orders (shop_id, tid, item_text, sort_at, updated_at) VALUES (1, '1', '碎花连衣裙', 0, 0)").run();
    const hits = (q: string) => db.prepare('SELECT rowid FROM order_items_fts WHERE order_items_fts MATCH ?').pluck().all(`"${q}"`);
    expect(hits('连衣裙')).toEqual([1]);
    db.prepare("UPDATE orders SET status = 'WAIT_BUYER_PAY', item_text = item_text WHERE tid = '1'").run();
    expect(hits('连衣裙')).toEqual([1]);
    db.prepare("UPDATE orders SET item_text = '羊毛围巾' WHERE tid = '1'").run();
    expect(hits('连衣裙')).toEqual([]);
    expect(hits('羊毛围')).toEqual([1]);
    db.prepare("DELETE FROM orders WHERE tid = '1'").run();
    expect(hits('羊毛围')).toEqual([]);
    db.close();
  });
});
