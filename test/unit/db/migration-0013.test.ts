import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

describe('migration 0013 (import-pid)', () => {
  it('adds an empty import_pid to existing campaigns', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS, 12);
    db.prepare("INSERT INTO campaigns (shop_id, name, created_at, updated_at, import_state) VALUES (1, 'a', 't', 't', 'running')").run();
    expect(migrate(db, MIGRATIONS, 13)).toEqual([13]);
    expect(MIGRATIONS.find((m) => m.version === 13)?.name).toBe('import-pid');
    expect(db.prepare('SELECT import_state, import_pid FROM campaigns').get()).toEqual({ import_state: 'running', import_pid: null });
    db.prepare('UPDATE campaigns SET import_pid = 4242').run();
    expect(db.prepare('SELECT import_pid FROM campaigns').pluck().get()).toBe(4242);
  });
});
