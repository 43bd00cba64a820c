import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

describe('migration 0010 (suppression reason)', () => {
  it('is registered after 0009; opt-out replies become 退订 (optout), manual and imported entries stay 拉黑 (block)', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS, 9);
    const now = new Date().toISOString();
    const insert = db.prepare('INSERT INTO suppression (shop_id, phone, source, note, created_at) VALUES (1, ?, ?, ?, ?)');
    insert.run('13800000001', 'reply', '回复“T”自动退订', now);
    insert.run('13800000002', 'manual', '收件箱拉黑', now);
    insert.run('13800000003', 'import', '', now);
    expect(migrate(db, MIGRATIONS, 10)).toEqual([10]);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(10);
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions.indexOf(10)).toBe(versions.indexOf(9) + 1);
    expect(db.prepare('SELECT phone, reason FROM suppression ORDER BY phone').all()).toEqual([
      { phone: '13800000001', reason: 'optout' },
      { phone: '13800000002', reason: 'block' },
      { phone: '13800000003', reason: 'block' },
    ]);
    expect(() => insert.run('13800000004', 'manual', '', now)).not.toThrow();
    expect(() => db.prepare("UPDATE suppression SET reason = 'maybe' WHERE phone = '13800000004'").run()).toThrow(/CHECK/);
    db.close();
  });
});
