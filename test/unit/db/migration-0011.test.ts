import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

function fresh() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  return db;
}
const insert = (db: Database.Database, phone: string, source: string) =>
  db.prepare("INSERT INTO suppression (shop_id, phone, source, note, created_at) VALUES (1, ?, ?, 'n', '2026-12-01T06:00:00.000Z')").run(phone, source);

describe('migration 0011 (suppression-report-source)', () => {
  it('keeps every entry, accepts the new source and still refuses an unknown one', () => {
    const db = fresh();
    migrate(db, MIGRATIONS, 10);
    insert(db, '13800000001', 'manual');
    insert(db, '13800000002', 'reply');
    expect(() => insert(db, '13800000003', 'report')).toThrow(/CHECK/);

    expect(migrate(db, MIGRATIONS, 11)).toEqual([11]);
    expect(MIGRATIONS.find((m) => m.version === 11)?.name).toBe('suppression-report-source');
    expect(db.prepare('SELECT phone, source FROM suppression ORDER BY phone').all()).toEqual([
      { phone: '13800000001', source: 'manual' },
      { phone: '13800000002', source: 'reply' },
    ]);
    insert(db, '13800000003', 'report');
    expect(() => insert(db, '13800000004', 'bogus')).toThrow(/CHECK/);
    // Still one entry per (shop, number).
    expect(() => insert(db, '13800000003', 'manual')).toThrow(/UNIQUE|PRIMARY/);
  });

  it('keeps columns another migration added to the table', () => {
    const db = fresh();
    migrate(db, MIGRATIONS, 10);
    db.exec("ALTER TABLE suppression ADD COLUMN extra TEXT NOT NULL DEFAULT 'x' CHECK (extra IN ('x', 'y'))");
    db.prepare("INSERT INTO suppression (shop_id, phone, source, created_at, extra) VALUES (1, '13800000001', 'import', 't', 'y')").run();
    migrate(db, MIGRATIONS, 11);
    expect(db.prepare('SELECT phone, source, extra FROM suppression').all()).toEqual([{ phone: '13800000001', source: 'import', extra: 'y' }]);
  });
});
