import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

function columns(db: Database.Database, table: string) {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
}

describe('migration 0002 (messages)', () => {
  it('upgrades a version-1 database and is registered in order', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    expect(migrate(db, MIGRATIONS, 1)).toEqual([1]);
    expect(migrate(db, MIGRATIONS, 2)).toEqual([2]);
    expect(schemaVersion(db)).toBe(2);
    expect(MIGRATIONS.find((m) => m.version === 2)?.name).toBe('messages');
    for (const table of ['mq_messages', 'delivery_reports', 'replies', 'quarantine']) expect(columns(db, table)).toContain('shop_id');
    expect(columns(db, 'delivery_reports')).toEqual(expect.arrayContaining(['biz_id', 'phone', 'state', 'rept_time', 'success', 'message_id', 'raw']));
    db.close();
  });

  it('enforces the dedupe keys, the shop reference and the kind checks', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS, 2);
    const now = new Date().toISOString();
    const report = db.prepare(
      `INSERT INTO delivery_reports (shop_id, biz_id, phone, state, success, rept_time, message_id, received_at, raw) VALUES (?, '1^1', '13800000000', '1', 1, '2024-01-01 00:00:00', ?, ?, '{}')`,
    );
    report.run(1, 'M1', now);
    expect(() => report.run(1, 'M2', now)).toThrow(/UNIQUE/);
    expect(() => report.run(99, 'M3', now)).toThrow(/FOREIGN KEY/);
    const reply = db.prepare(`INSERT INTO replies (shop_id, sms_seq, phone, message_id, received_at, raw) VALUES (1, ?, '13800000000', 'M', ?, '{}')`);
    reply.run('7', now);
    expect(() => reply.run('7', now)).toThrow(/UNIQUE/);
    const message = db.prepare(`INSERT INTO mq_messages (shop_id, message_id, topic, kind, outcome, received_at) VALUES (1, ?, 't', ?, 'stored', ?)`);
    message.run('A', 'report', now);
    expect(() => message.run('A', 'reply', now)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => message.run('B', 'other', now)).toThrow(/CHECK/);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM delivery_reports WHERE shop_id = 1 AND biz_id = '1^1' AND phone = '13800000000'").all() as Array<{
      detail: string;
    }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX/);
    db.close();
  });
});
