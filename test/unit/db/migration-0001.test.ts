import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';
import m0001, { DEFAULT_SHOP_ID } from '../../../electron/core/db/migrations/0001-shops';

describe('migration 0001 shops', () => {
  it('creates the shops table with the default shop', () => {
    const db = new Database(':memory:');
    expect(migrate(db, [m0001])).toEqual([1]);
    expect(db.prepare('SELECT id FROM shops').all()).toEqual([{ id: DEFAULT_SHOP_ID }]);
    expect(schemaVersion(db)).toBe(1);
  });

  it('is applied once (re-running migrate is a no-op)', () => {
    const db = new Database(':memory:');
    migrate(db, [m0001]);
    expect(migrate(db, [m0001])).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM shops').get()).toEqual({ n: 1 });
  });
});

describe('migration list', () => {
  it('has unique, increasing versions starting at 1', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions[0]).toBe(1);
  });

  it('opens a file database in WAL mode with foreign keys on', async () => {
    const { tempDir } = await import('../../helpers/profile');
    const t = tempDir();
    try {
      const db = openDatabase(`${t.dir}/x.db`);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
      db.close();
    } finally {
      t.cleanup();
    }
  });

  it('rolls back a failing migration completely', () => {
    const db = new Database(':memory:');
    migrate(db, [m0001]);
    const broken = { version: 99, name: 'broken', up: (d: Database.Database) => d.exec('CREATE TABLE half (x); SELECT * FROM missing_table;') };
    expect(() => migrate(db, [m0001, broken])).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    expect(schemaVersion(db)).toBe(1);
  });
});
