import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

function fresh() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  return db;
}

describe('migration 0006 (inbox)', () => {
  it('upgrades a version-5 database and is registered after 0005', () => {
    const db = fresh();
    migrate(db, MIGRATIONS, 5);
    expect(migrate(db, MIGRATIONS, 6)).toEqual([6]);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(6);
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions.indexOf(6)).toBe(versions.indexOf(5) + 1);
    expect(MIGRATIONS.find((m) => m.version === 6)?.name).toBe('inbox');
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')").pluck().all() as string[]).join(' ');
    for (const name of ['inbox_threads', 'inbox_reply_state', 'inbox_sent', 'inbox_sent_queue', 'inbox_fts', 'inbox_sent_on_update', 'inbox_sent_on_insert'])
      expect(tables).toContain(name);
    db.close();
  });

  it('queues a recipient once when it first goes out, and the trigram index matches Chinese substrings', () => {
    const db = fresh();
    migrate(db, MIGRATIONS, 6);
    const now = new Date().toISOString();
    db.prepare('INSERT INTO campaigns (id, shop_id, created_at, updated_at) VALUES (1, 1, ?, ?)').run(now, now);
    const insert = db.prepare('INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, status) VALUES (1, 1, ?, ?, ?)');
    insert.run(1, '13800000001', 'queued');
    insert.run(2, '13800000002', 'accepted');
    const queue = () => db.prepare('SELECT recipient_id FROM inbox_sent_queue ORDER BY 1').pluck().all();
    expect(queue()).toEqual([2]);
    db.prepare("UPDATE campaign_recipients SET status = 'in_flight' WHERE id = 1").run();
    db.prepare("UPDATE campaign_recipients SET status = 'accepted' WHERE id = 1").run(); // in_flight → accepted: not again
    expect(queue()).toEqual([1, 2]);
    db.prepare('DELETE FROM inbox_sent_queue').run();
    db.prepare("UPDATE campaign_recipients SET status = 'accepted' WHERE id = 1").run();
    expect(queue()).toEqual([]);

    db.prepare("INSERT INTO inbox_fts (phone, body, kind, ref, shop_id) VALUES ('13800000000', '双十一大促全场五折', 'r', 1, 1)").run();
    expect(db.prepare('SELECT COUNT(*) FROM inbox_fts WHERE inbox_fts MATCH \'"大促全"\'').pluck().get()).toBe(1);
    // Numbers are searched on inbox_threads: the phone column is stored, not indexed.
    expect(db.prepare('SELECT COUNT(*) FROM inbox_fts WHERE inbox_fts MATCH \'"00000"\'').pluck().get()).toBe(0);
    expect(() => db.prepare("INSERT INTO inbox_reply_state (reply_id, shop_id, phone, opt_out) VALUES (1, 1, 'x', 'maybe')").run()).toThrow(/CHECK|FOREIGN/);
    db.close();
  });
});
