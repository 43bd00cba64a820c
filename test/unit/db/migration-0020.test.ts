import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';

describe('migration 0020 (order reply links)', () => {
  it('extension codes are digits; a link names an order unless it is `none`; one link per reply', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS, 19);
    expect(migrate(db, MIGRATIONS, 20)).toEqual([20]);
    expect(MIGRATIONS.find((m) => m.version === 20)?.name).toBe('order-reply-links');
    db.prepare("INSERT INTO campaigns (shop_id, name, kind, state, created_at, updated_at) VALUES (1, 'c', 'campaign', 'draft', 'x', 'x')").run();
    const row = (extend: string | null) =>
      db
        .prepare("INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, raw, phone, status, extend_num) VALUES (1, 1, 1, 'r', 'tid:1', 'valid', ?)")
        .run(extend);
    row('000123');
    row(null);
    expect(() => row('12a')).toThrow(/CHECK/);
    expect(() => row('')).toThrow(/CHECK/);
    db.prepare("INSERT INTO replies (shop_id, sms_seq, phone, message_id, received_at, raw) VALUES (1, 's1', 'tid:1', 'm', 'x', '{}')").run();
    const link = (method: string, tid: string | null) =>
      db.prepare('INSERT INTO reply_order_links (reply_id, shop_id, method, tid) VALUES (1, 1, ?, ?)').run(method, tid);
    expect(() => link('none', '1')).toThrow(/CHECK/);
    expect(() => link('code', null)).toThrow(/CHECK/);
    expect(() => link('guess', '1')).toThrow(/CHECK/);
    link('code', '1');
    expect(() => link('time', '1')).toThrow(/UNIQUE|PRIMARY/);
    db.prepare('INSERT INTO order_extend_seq (shop_id, next) VALUES (1, 5)').run();
    expect(() => db.prepare('INSERT INTO order_extend_seq (shop_id, next) VALUES (1, 6)').run()).toThrow(/UNIQUE|PRIMARY/);
  });
});
