import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

function fresh() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  return db;
}

describe('migration 0008 (campaign leases)', () => {
  it('upgrades a version-7 database and is registered after 0007', () => {
    const db = fresh();
    migrate(db, MIGRATIONS, 7);
    expect(migrate(db, MIGRATIONS, 8)).toEqual([8]);
    expect(schemaVersion(db)).toBe(8);
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions.indexOf(8)).toBe(versions.indexOf(7) + 1);
    expect(MIGRATIONS.find((m) => m.version === 8)?.name).toBe('campaign-leases');
    db.close();
  });

  it('one lease per campaign, a known holder, gone with its campaign', () => {
    const db = fresh();
    migrate(db, MIGRATIONS, 8);
    const now = new Date(0).toISOString();
    db.prepare('INSERT INTO campaigns (id, shop_id, created_at, updated_at) VALUES (1, 1, ?, ?)').run(now, now);
    const lease = db.prepare('INSERT INTO campaign_leases (campaign_id, owner, pid, holder, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)');
    lease.run(1, 'a', 10, 'cli', now, now);
    expect(() => lease.run(1, 'b', 11, 'app', now, now)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => lease.run(2, 'b', 11, 'app', now, now)).toThrow(/FOREIGN/);
    db.prepare('INSERT INTO campaigns (id, shop_id, created_at, updated_at) VALUES (2, 1, ?, ?)').run(now, now);
    expect(() => lease.run(2, 'b', 11, 'robot', now, now)).toThrow(/CHECK/);
    db.prepare('DELETE FROM campaigns WHERE id = 1').run();
    expect(db.prepare('SELECT COUNT(*) FROM campaign_leases').pluck().get()).toBe(0);
    db.close();
  });
});
