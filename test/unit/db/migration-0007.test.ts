import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

function fresh() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  return db;
}

const indexSql = (db: Database.Database, name: string) =>
  db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").pluck().get(name) as string;

describe('migration 0007 (recipient-indexes)', () => {
  it('upgrades a version-6 database with rows and is registered after 0006', () => {
    const db = fresh();
    migrate(db, MIGRATIONS, 6);
    const now = '2026-12-01T06:00:00.000Z';
    db.prepare('INSERT INTO campaigns (id, shop_id, created_at, updated_at) VALUES (1, 1, ?, ?)').run(now, now);
    db.prepare("INSERT INTO campaign_chunks (id, shop_id, campaign_id, chunk_index, task_sign, size) VALUES (1, 1, 1, 0, 't0', 1)").run();
    const insert = db.prepare(
      'INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, status, chunk_id, biz_id, submitted_at) VALUES (1, 1, ?, ?, ?, ?, ?, ?)',
    );
    insert.run(1, '13800000001', 'valid', null, null, null);
    insert.run(2, '13800000002', 'accepted', 1, '1^1', now);

    expect(migrate(db, MIGRATIONS, 7)).toEqual([7]);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(7);
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions.indexOf(7)).toBe(versions.indexOf(6) + 1);
    expect(MIGRATIONS.find((m) => m.version === 7)?.name).toBe('recipient-indexes');

    expect(indexSql(db, 'campaign_recipients_phone')).toMatch(/\(shop_id, phone, submitted_at\) WHERE submitted_at IS NOT NULL$/);
    expect(indexSql(db, 'campaign_recipients_campaign_phone')).toMatch(/\(campaign_id, phone\) WHERE submitted_at IS NOT NULL$/);
    expect(indexSql(db, 'campaign_recipients_tail')).toMatch(/\(campaign_id, substr\(phone, -4\)\) WHERE submitted_at IS NOT NULL$/);
    expect(indexSql(db, 'campaign_recipients_chunk')).toMatch(/\(chunk_id\) WHERE chunk_id IS NOT NULL$/);
    expect(indexSql(db, 'campaign_recipients_status')).toMatch(/\(campaign_id, status\)$/);

    // Only the submitted row is in the sent-rows-only indexes; both rows are still in the ledger's status index.
    const count = (index: string, where: string) => db.prepare(`SELECT COUNT(*) FROM campaign_recipients INDEXED BY ${index} WHERE ${where}`).pluck().get();
    expect(count('campaign_recipients_campaign_phone', 'campaign_id = 1 AND submitted_at IS NOT NULL')).toBe(1);
    expect(count('campaign_recipients_chunk', 'chunk_id = 1')).toBe(1);
    expect(count('campaign_recipients_status', 'campaign_id = 1')).toBe(2);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

    // The foreign key clean-up still finds the chunk's rows.
    db.prepare('DELETE FROM campaign_chunks WHERE id = 1').run();
    expect(db.prepare('SELECT chunk_id FROM campaign_recipients WHERE row_no = 2').pluck().get()).toBeNull();
    db.close();
  });
});
