import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

function fresh() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  return db;
}
const trigger = (db: Database.Database, over: Record<string, unknown> = {}) =>
  db
    .prepare(
      `INSERT INTO automation_triggers (shop_id, kind, tid, trigger_key, topic, base_at, due_at, seen_at, state, reason, decided_at, batch_id)
       VALUES (1, @kind, @tid, @key, 't', 0, 0, 0, @state, @reason, @decidedAt, @batchId)`,
    )
    .run({ kind: 'urge-pay', tid: '4012345678901234567', key: 'create', state: 'pending', reason: null, decidedAt: null, batchId: null, ...over });

describe('migration 0017 (automations)', () => {
  it('one item per (shop, kind, order, trigger key); a decision is consistent (skipped ⇔ reason, sent ⇔ batch)', () => {
    const db = fresh();
    migrate(db, MIGRATIONS, 16);
    expect(migrate(db, MIGRATIONS, 17)).toEqual([17]);
    expect(MIGRATIONS.find((m) => m.version === 17)?.name).toBe('automations');
    trigger(db);
    expect(() => trigger(db)).toThrow(/UNIQUE/);
    trigger(db, { key: 'pre-close' });
    trigger(db, { kind: 'shipped', key: 'ship' });
    expect(() => trigger(db, { tid: '40123abc', key: 'x' })).toThrow(/CHECK/);
    expect(() => trigger(db, { kind: 'bogus', key: 'y' })).toThrow(/CHECK/);
    // skipped needs a reason from the closed list and a decided time; sent needs its batch.
    expect(() => trigger(db, { key: 'a', state: 'skipped', decidedAt: 1 })).toThrow(/CHECK/);
    expect(() => trigger(db, { key: 'b', state: 'skipped', reason: 'because', decidedAt: 1 })).toThrow(/CHECK/);
    expect(() => trigger(db, { key: 'c', state: 'sent', decidedAt: 1 })).toThrow(/CHECK/);
    expect(() => trigger(db, { key: 'd', state: 'pending', decidedAt: 1 })).toThrow(/CHECK/);
    trigger(db, { key: 'e', state: 'skipped', reason: 'quiet-hours', decidedAt: 1 });
    const batch = db.prepare("INSERT INTO automation_batches (shop_id, kind, size, created_at) VALUES (1, 'urge-pay', 1, 0)").run().lastInsertRowid;
    trigger(db, { key: 'f', state: 'sent', decidedAt: 1, batchId: batch });
    expect(() => trigger(db, { key: 'g', state: 'sent', decidedAt: 1, batchId: 999 })).toThrow(/FOREIGN KEY/);
  });

  it('one rule per (shop, kind)', () => {
    const db = fresh();
    migrate(db, MIGRATIONS, 17);
    const rule = (kind: string) => db.prepare('INSERT INTO automation_rules (shop_id, kind, delay_minutes, updated_at) VALUES (1, ?, 30, 0)').run(kind);
    rule('urge-pay');
    expect(() => rule('urge-pay')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => rule('nope')).toThrow(/CHECK/);
    expect(db.prepare('SELECT enabled, window_start, window_end, outside_window FROM automation_rules').get()).toEqual({
      enabled: 0,
      window_start: '09:00',
      window_end: '22:00',
      outside_window: 'next-day',
    });
  });
});
