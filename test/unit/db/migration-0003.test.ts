import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

function columns(db: Database.Database, table: string) {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
}

const NOW = '2025-03-01T00:00:00.000Z';
const TABLES = ['sms_templates', 'sms_template_versions', 'sms_signatures', 'sms_signature_files', 'short_links', 'outbox'];

function at(version: number) {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS, version);
  return db;
}

describe('migration 0003 (templates)', () => {
  it('upgrades a version-2 database, is registered in order, and every table carries shop_id', () => {
    const db = at(2);
    expect(migrate(db, MIGRATIONS)).toContain(3);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(3);
    expect(MIGRATIONS.find((m) => m.version === 3)?.name).toBe('templates');
    expect(MIGRATIONS.findIndex((m) => m.version === 3)).toBe(MIGRATIONS.findIndex((m) => m.version === 2) + 1);
    for (const table of TABLES) expect(columns(db, table)).toContain('shop_id');
    expect(columns(db, 'sms_templates')).toEqual(
      expect.arrayContaining(['name', 'type', 'type_class', 'content', 'remark', 'sample_values', 'status', 'platform_code', 'reason']),
    );
    expect(columns(db, 'outbox')).toEqual(expect.arrayContaining(['kind', 'entity_id', 'payload', 'state', 'attempts', 'last_error', 'next_attempt_at']));
    db.close();
  });

  it('enforces statuses, types, unique codes / names, one active op per entity, and cascades', () => {
    const db = at(3);
    const tpl = db.prepare(`INSERT INTO sms_templates (shop_id, type, status, platform_code, created_at, updated_at) VALUES (1, ?, ?, ?, '${NOW}', '${NOW}')`);
    const id = Number(tpl.run(1, 'draft', null).lastInsertRowid);
    tpl.run(1, 'draft', null); // many drafts without a code
    tpl.run(2, 'pending', 'SMS_1');
    expect(() => tpl.run(2, 'pending', 'SMS_1')).toThrow(/UNIQUE/);
    expect(() => tpl.run(4, 'draft', null)).toThrow(/CHECK/);
    expect(() => tpl.run(1, 'sent', null)).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO sms_templates (shop_id, type, created_at, updated_at) VALUES (9, 1, '${NOW}', '${NOW}')`).run()).toThrow(
      /FOREIGN KEY/,
    );

    const sig = db.prepare(`INSERT INTO sms_signatures (shop_id, name, source, created_at, updated_at) VALUES (1, ?, ?, '${NOW}', '${NOW}')`);
    const sigId = Number(sig.run('张三男装淘宝店', 4).lastInsertRowid);
    expect(() => sig.run('张三男装淘宝店', 4)).toThrow(/UNIQUE/);
    expect(() => sig.run('李四', 6)).toThrow(/CHECK/);
    db.prepare(
      `INSERT INTO sms_signature_files (shop_id, signature_id, file_name, file_suffix, size, content, created_at) VALUES (1, ?, 'a.png', 'png', 3, x'010203', '${NOW}')`,
    ).run(sigId);
    db.prepare('DELETE FROM sms_signatures WHERE id = ?').run(sigId);
    expect(db.prepare('SELECT COUNT(*) AS n FROM sms_signature_files').get()).toEqual({ n: 0 });

    db.prepare(
      `INSERT INTO sms_template_versions (shop_id, template_id, version, action, name, type, type_class, content, remark, submitted_at) VALUES (1, ?, 1, 'create', 'n', 1, 'NORMAL', 'c', 'r', '${NOW}')`,
    ).run(id);
    db.prepare('DELETE FROM sms_templates WHERE id = ?').run(id);
    expect(db.prepare('SELECT COUNT(*) AS n FROM sms_template_versions').get()).toEqual({ n: 0 });

    const op = db.prepare(
      `INSERT INTO outbox (shop_id, kind, entity_type, entity_id, payload, state, next_attempt_at, created_at, updated_at) VALUES (1, 'template.create', 'template', 5, '{}', ?, '${NOW}', '${NOW}', '${NOW}')`,
    );
    op.run('queued');
    expect(() => op.run('sending')).toThrow(/UNIQUE/);
    op.run('done');
    op.run('failed');
    expect(() => op.run('lost')).toThrow(/CHECK/);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT * FROM outbox WHERE shop_id = 1 AND state = 'queued' AND next_attempt_at <= '${NOW}' ORDER BY next_attempt_at, id`)
      .all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX/);

    const link = db.prepare(
      `INSERT INTO short_links (shop_id, long_url, short_url, tag, batch_number, created_at, expires_at) VALUES (1, 'https://item.taobao.com/1', ?, 't', '1', '${NOW}', '${NOW}')`,
    );
    link.run('https://s.tb.cn/a');
    expect(() => link.run('https://s.tb.cn/a')).toThrow(/UNIQUE/);
    db.close();
  });
});
