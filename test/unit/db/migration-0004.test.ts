import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

function columns(db: Database.Database, table: string) {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
}

const NOW = '2026-12-01T00:00:00.000Z';
const TABLES = ['campaigns', 'campaign_chunks', 'campaign_recipients', 'suppression'];

function at(version: number) {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS, version);
  return db;
}

describe('migration 0004 (sending)', () => {
  it('upgrades a version-3 database, is registered in order, and every table carries shop_id', () => {
    const db = at(3);
    expect(migrate(db, MIGRATIONS, 4)).toEqual([4]);
    expect(schemaVersion(db)).toBe(4);
    expect(MIGRATIONS.find((m) => m.version === 4)?.name).toBe('sending');
    expect(MIGRATIONS.findIndex((m) => m.version === 4)).toBe(MIGRATIONS.findIndex((m) => m.version === 3) + 1);
    for (const table of TABLES) expect(columns(db, table)).toContain('shop_id');
    expect(columns(db, 'campaigns')).toEqual(
      expect.arrayContaining([
        'state',
        'reason_code',
        'template_code',
        'template_content',
        'sign_name',
        'scheduled_at',
        'auto_resume',
        'frequency_days',
        'prepared_at',
      ]),
    );
    expect(columns(db, 'campaign_chunks')).toEqual(
      expect.arrayContaining(['task_sign', 'state', 'round', 'chunk_index', 'biz_id', 'sub_code', 'started_at', 'reconcile_after']),
    );
    expect(columns(db, 'campaign_recipients')).toEqual(
      expect.arrayContaining(['status', 'chunk_id', 'biz_id', 'sub_code', 'segments', 'submitted_at', 'vars']),
    );
    db.close();
  });

  it('enforces states, unique task_signs, one accepted row per number and campaign, cascades', () => {
    const db = at(4);
    const campaign = db.prepare(`INSERT INTO campaigns (shop_id, state, created_at, updated_at) VALUES (1, ?, '${NOW}', '${NOW}')`);
    const id = Number(campaign.run('draft').lastInsertRowid);
    const other = Number(campaign.run('sending').lastInsertRowid);
    expect(() => campaign.run('running')).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO campaigns (shop_id, created_at, updated_at) VALUES (9, '${NOW}', '${NOW}')`).run()).toThrow(/FOREIGN KEY/);

    const chunk = db.prepare('INSERT INTO campaign_chunks (shop_id, campaign_id, chunk_index, round, task_sign, state, size) VALUES (1, ?, ?, ?, ?, ?, 200)');
    const chunkId = Number(chunk.run(id, 0, 0, 'jst-1-r0-c0', 'prepared').lastInsertRowid);
    expect(() => chunk.run(id, 1, 0, 'jst-1-r0-c0', 'prepared')).toThrow(/UNIQUE/); // task_sign per shop
    expect(() => chunk.run(id, 0, 0, 'jst-1-r0-c0b', 'prepared')).toThrow(/UNIQUE/); // (campaign, round, index)
    chunk.run(id, 0, 1, 'jst-1-r1-c0', 'prepared');
    expect(() => chunk.run(id, 5, 0, 'x', 'sent')).toThrow(/CHECK/);

    const row = db.prepare('INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, status, chunk_id) VALUES (1, ?, ?, ?, ?, ?)');
    row.run(id, 1, '13800138000', 'accepted', chunkId);
    row.run(id, 2, '13800138000', 'duplicate', null);
    expect(() => row.run(id, 3, '13800138000', 'accepted', chunkId)).toThrow(/UNIQUE/);
    row.run(other, 1, '13800138000', 'accepted', null); // another campaign may send it
    expect(() => row.run(id, 4, '13900139000', 'sent', null)).toThrow(/CHECK/);

    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT 1 FROM campaign_recipients WHERE shop_id = 1 AND phone = '13800138000' AND status = 'accepted' AND submitted_at >= ?")
      .all(NOW) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX/);

    db.prepare('DELETE FROM campaigns WHERE id = ?').run(id);
    expect(db.prepare('SELECT COUNT(*) AS n FROM campaign_chunks').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM campaign_recipients').get()).toEqual({ n: 1 });

    const sup = db.prepare(`INSERT INTO suppression (shop_id, phone, source, created_at) VALUES (1, ?, ?, '${NOW}')`);
    sup.run('13800138000', 'reply');
    expect(() => sup.run('13800138000', 'manual')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => sup.run('13900139000', 'robot')).toThrow(/CHECK/);
    db.close();
  });
});
