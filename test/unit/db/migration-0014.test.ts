import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

describe('migration 0014 (campaign-test-of)', () => {
  it('adds an empty test_of to existing campaigns and keeps the mark when the previewed campaign is deleted', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS, 13);
    const insert = db.prepare("INSERT INTO campaigns (shop_id, name, kind, created_at, updated_at) VALUES (1, ?, ?, 't', 't')");
    const draft = Number(insert.run('双十二', 'campaign').lastInsertRowid);
    expect(migrate(db, MIGRATIONS, 14)).toEqual([14]);
    expect(MIGRATIONS.find((m) => m.version === 14)?.name).toBe('campaign-test-of');
    expect(db.prepare('SELECT test_of FROM campaigns WHERE id = ?').pluck().get(draft)).toBeNull();
    const test = Number(insert.run('测试发送：双十二', 'single').lastInsertRowid);
    db.prepare('UPDATE campaigns SET test_of = ? WHERE id = ?').run(draft, test);
    db.prepare('DELETE FROM campaigns WHERE id = ?').run(draft);
    expect(db.prepare('SELECT test_of FROM campaigns WHERE id = ?').pluck().get(test)).toBe(draft);
  });
});
