import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';
import { acceptChunk, deliveryOf, insertCampaign, insertRecipients, storeReport } from '../history/fixtures';

function at(version: number) {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS, version);
  return db;
}
const columns = (db: Database.Database, table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
const plan = (db: Database.Database, sql: string) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((p) => p.detail).join(' | ');

describe('migration 0005 (history)', () => {
  it('upgrades a version-4 database, is registered in order, adds the delivery columns and the unmatched table', () => {
    const db = at(4);
    expect(migrate(db, MIGRATIONS, 5)).toEqual([5]);
    expect(schemaVersion(db)).toBe(5);
    expect(MIGRATIONS.findIndex((m) => m.version === 5)).toBe(MIGRATIONS.findIndex((m) => m.version === 4) + 1);
    expect(MIGRATIONS.find((m) => m.version === 5)?.name).toBe('history');
    expect(columns(db, 'campaign_recipients')).toEqual(
      expect.arrayContaining([
        'delivery',
        'err_code',
        'rept_time',
        'reported_at',
        'report_id',
        'report_count',
        'delivery_source',
        'checked_at',
        'check_count',
        'query_status',
      ]),
    );
    expect(columns(db, 'history_unmatched')).toEqual(expect.arrayContaining(['report_id', 'shop_id', 'biz_id', 'phone']));
    db.close();
  });

  it('checks the delivery state and uses indexes for the filters and the reconciliation scan', () => {
    const db = at(5);
    const id = insertCampaign(db);
    insertRecipients(db, id, ['13900000001']);
    expect(() => db.prepare("UPDATE campaign_recipients SET delivery = 'lost'").run()).toThrow(/CHECK/);
    expect(plan(db, `SELECT id FROM campaign_recipients WHERE campaign_id = 1 AND delivery = 'failed' ORDER BY id LIMIT 50`)).toMatch(
      /campaign_recipients_delivery/,
    );
    expect(plan(db, `SELECT id FROM campaign_recipients WHERE campaign_id = 1 AND delivery = 'failed' AND err_code = 'MK:0005' ORDER BY id`)).toMatch(
      /campaign_recipients_err_code/,
    );
    expect(
      plan(
        db,
        `SELECT id FROM campaign_recipients WHERE campaign_id IN (SELECT id FROM campaigns WHERE shop_id = 1) AND delivery = 'pending' AND submitted_at <= '2026'`,
      ),
    ).toMatch(/campaign_recipients_delivery/);
    expect(plan(db, `SELECT id FROM campaign_recipients WHERE campaign_id = 1 AND substr(phone, -4) = '0001'`)).toMatch(/campaign_recipients_tail/);
    expect(plan(db, `SELECT id FROM campaign_recipients WHERE campaign_id = 1 AND phone = '13900000001'`)).toMatch(/USING (COVERING )?INDEX/);
    db.close();
  });

  it('a row getting its biz_id starts pending and picks up the reports that were waiting for it (final = latest)', () => {
    const db = at(5);
    const id = insertCampaign(db);
    const [chunk] = insertRecipients(db, id, ['13900000001', '13900000002']);
    const early = storeReport(db, { bizId: '77^1', phone: '13900000001', state: '1', reportTime: '2026-12-01 14:00:05' });
    const late = storeReport(db, { bizId: '77^1', phone: '13900000001', state: '2', errCode: 'MK:0005', reportTime: '2026-12-01 14:00:09' });
    for (const r of [late, early])
      db.prepare('INSERT INTO history_unmatched (report_id, shop_id, biz_id, phone, received_at) VALUES (?, 1, ?, ?, ?)').run(
        r.id,
        r.bizId,
        r.phone,
        r.receivedAt,
      );
    acceptChunk(db, chunk!, '77^1');
    expect(deliveryOf(db, id, '13900000001')).toEqual({ delivery: 'failed', errCode: 'MK:0005', reportCount: 2, source: 'report' });
    expect(deliveryOf(db, id, '13900000002')).toEqual({ delivery: 'pending', errCode: null, reportCount: 0, source: null });
    expect(db.prepare('SELECT COUNT(*) FROM history_unmatched').pluck().get()).toBe(0);
    db.close();
  });

  it('matches rows and reports that existed before the upgrade', () => {
    const db = at(4);
    const id = insertCampaign(db);
    const [chunk] = insertRecipients(db, id, ['13900000001', '13900000002']);
    acceptChunk(db, chunk!, '9^9');
    storeReport(db, { bizId: '9^9', phone: '13900000002', state: '1' });
    storeReport(db, { bizId: 'other^1', phone: '13900000003', state: '1' });
    migrate(db, MIGRATIONS, 5);
    expect(deliveryOf(db, id, '13900000001').delivery).toBe('pending');
    expect(deliveryOf(db, id, '13900000002')).toMatchObject({ delivery: 'delivered', errCode: 'DELIVRD', reportCount: 1 });
    expect(db.prepare('SELECT biz_id FROM history_unmatched').pluck().all()).toEqual(['other^1']);
    db.close();
  });
});
