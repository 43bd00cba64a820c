import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';
import { ReportMatcher } from '../../../electron/core/history/matching';
import { HistoryQueries } from '../../../electron/core/history/queries';
import { acceptChunk, deliveryOf, insertCampaign, insertRecipients, phoneAt, storeReport } from './fixtures';

function setup(n = 3) {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS);
  const id = insertCampaign(db);
  const phones = Array.from({ length: n }, (_, i) => phoneAt(i + 1));
  const chunks = insertRecipients(db, id, phones);
  return { db, id, phones, chunks, matcher: new ReportMatcher(db), queries: new HistoryQueries(db, 1) };
}

describe('report matching', () => {
  it('applies reports to submitted rows by (biz_id, phone) and parks the rest', () => {
    const { db, id, phones, chunks, matcher } = setup();
    acceptChunk(db, chunks[0]!, '1^1');
    const reports = [
      storeReport(db, { bizId: '1^1', phone: phones[0]!, state: '1' }),
      storeReport(db, { bizId: '1^1', phone: phones[1]!, state: '2', errCode: 'MK:0005' }),
      storeReport(db, { bizId: 'unknown^9', phone: phones[2]!, state: '1' }),
    ];
    const outcome = db.transaction(() => matcher.match(1, reports))();
    expect(outcome).toEqual({ matched: 2, parked: 1, campaignIds: [id] });
    expect(deliveryOf(db, id, phones[0]!)).toMatchObject({ delivery: 'delivered', errCode: 'DELIVRD', reportCount: 1 });
    expect(deliveryOf(db, id, phones[1]!)).toMatchObject({ delivery: 'failed', errCode: 'MK:0005' });
    expect(deliveryOf(db, id, phones[2]!)).toMatchObject({ delivery: 'pending', reportCount: 0 });
    expect(db.prepare('SELECT biz_id FROM history_unmatched').pluck().all()).toEqual(['unknown^9']);
  });

  it('final wins by report time: a later failure after a success decides, an older report arriving late does not', () => {
    const { db, id, phones, chunks, matcher } = setup(2);
    acceptChunk(db, chunks[0]!, '1^1');
    const m = (r: Parameters<typeof storeReport>[1]) => db.transaction(() => matcher.match(1, [storeReport(db, r)]))();
    m({ bizId: '1^1', phone: phones[0]!, state: '1', reportTime: '2026-12-01 14:00:01' });
    m({ bizId: '1^1', phone: phones[0]!, state: '2', errCode: 'UNDELIV', reportTime: '2026-12-01 14:05:00' });
    expect(deliveryOf(db, id, phones[0]!)).toMatchObject({ delivery: 'failed', errCode: 'UNDELIV', reportCount: 2 });
    // out of order: the newer one first, the older one later
    m({ bizId: '1^1', phone: phones[1]!, state: '1', reportTime: '2026-12-01 14:09:00' });
    m({ bizId: '1^1', phone: phones[1]!, state: '2', errCode: 'EXPIRED', reportTime: '2026-12-01 14:01:00' });
    expect(deliveryOf(db, id, phones[1]!)).toMatchObject({ delivery: 'delivered', errCode: 'DELIVRD', reportCount: 2 });
    // both kept in the timeline, the deciding one marked final
    const rowId = db.prepare('SELECT id FROM campaign_recipients WHERE phone = ?').pluck().get(phones[0]!) as number;
    const timeline = new HistoryQueries(db, 1).timeline(rowId);
    const reports = timeline.events.filter((e) => e.kind === 'report');
    expect(reports.map((e) => [e.state, e.errCode, e.final])).toEqual([
      ['1', 'DELIVRD', false],
      ['2', 'UNDELIV', true],
    ]);
  });

  it('within one batch several reports for a number count once each and the latest decides; non-final states only count', () => {
    const { db, id, phones, chunks, matcher } = setup(1);
    acceptChunk(db, chunks[0]!, '1^1');
    const batch = [
      storeReport(db, { bizId: '1^1', phone: phones[0]!, state: '2', errCode: 'MK:0010', reportTime: '2026-12-01 14:00:09' }),
      storeReport(db, { bizId: '1^1', phone: phones[0]!, state: '1', reportTime: '2026-12-01 14:00:02' }),
      storeReport(db, { bizId: '1^1', phone: phones[0]!, state: '9', reportTime: '2026-12-01 14:30:00' }),
    ];
    db.transaction(() => matcher.match(1, batch))();
    expect(deliveryOf(db, id, phones[0]!)).toMatchObject({ delivery: 'failed', errCode: 'MK:0010', reportCount: 3 });
  });

  it('the report-before-response race: a parked report is applied when the chunk is accepted', () => {
    const { db, id, phones, chunks, matcher, queries } = setup(2);
    db.transaction(() => matcher.match(1, [storeReport(db, { bizId: '5^5', phone: phones[1]!, state: '2', errCode: 'MK:0001' })]))();
    expect(queries.counts(id)).toMatchObject({ sent: 0 });
    acceptChunk(db, chunks[0]!, '5^5');
    expect(queries.counts(id)).toEqual({ sent: 2, delivered: 0, failed: 1, pending: 1, unknown: 0 });
    expect(deliveryOf(db, id, phones[1]!)).toMatchObject({ delivery: 'failed', errCode: 'MK:0001', reportCount: 1 });
  });

  it('hostile reports (no phone, no biz_id, odd states) are parked, never throw', () => {
    const { db, matcher } = setup(1);
    const reports = [
      storeReport(db, { bizId: '', phone: '', state: '1' }),
      storeReport(db, { bizId: "x'; DROP TABLE campaigns; --", phone: '1', state: '<b>' }),
    ];
    expect(() => db.transaction(() => matcher.match(1, reports))()).not.toThrow();
    expect(db.prepare('SELECT COUNT(*) FROM history_unmatched').pluck().get()).toBe(2);
    expect(db.prepare('SELECT COUNT(*) FROM campaigns').pluck().get()).toBe(1);
  });
});

describe('history queries', () => {
  it('filters numbers by state, err_code and number fragment; counts and per-code failures add up', () => {
    const { db, id, phones, chunks, matcher, queries } = setup(400);
    acceptChunk(db, chunks[0]!, '1^1');
    acceptChunk(db, chunks[1]!, '2^2');
    const reports = phones.slice(0, 300).map((phone, i) =>
      storeReport(db, {
        bizId: i < 200 ? '1^1' : '2^2',
        phone,
        state: i % 3 === 0 ? '2' : '1',
        errCode: i % 3 === 0 ? (i % 2 ? 'MK:0005' : 'UNDELIV') : 'DELIVRD',
      }),
    );
    db.transaction(() => matcher.match(1, reports))();
    expect(queries.counts(id)).toEqual({ sent: 400, delivered: 200, failed: 100, pending: 100, unknown: 0 });
    expect(queries.numbers({ id, deliveries: ['failed'], offset: 0, limit: 10 }).total).toBe(100);
    expect(queries.numbers({ id, deliveries: ['failed'], errCode: 'MK:0005', offset: 0, limit: 500 }).total).toBe(50);
    expect(queries.numbers({ id, search: phones[7]!, offset: 0, limit: 10 }).items.map((n) => n.phone)).toEqual([phones[7]]);
    expect(queries.numbers({ id, search: '0000012', offset: 0, limit: 50 }).items.every((n) => n.phone.includes('0000012'))).toBe(true);
    const detail = queries.detail(id, Date.now());
    expect(detail.errCodes).toEqual([
      { errCode: 'MK:0005', count: 50 },
      { errCode: 'UNDELIV', count: 50 },
    ]);
    const sum = detail.timeline.buckets.reduce((a, b) => ({ d: a.d + b.delivered, f: a.f + b.failed }), { d: 0, f: 0 });
    expect(sum).toEqual({ d: 200, f: 100 });
    expect(detail.timeline.buckets.at(-1)!.pending).toBe(100);
    expect(queries.lookup(`+86 ${phones[0]}`)).toHaveLength(1);
    const list = queries.campaigns({ search: '双十二' });
    // 送达率 = delivered ÷ (delivered + failed): the 100 still pending count neither way.
    expect(list[0]).toMatchObject({ id, counts: { sent: 400, delivered: 200 }, deliveryRate: 200 / 300, billedSegments: 400 });
    expect(queries.campaigns({ search: '不存在' })).toEqual([]);
  });
});

describe('rows accepted without a receipt (the ledger confirmed an unknown chunk with num.query)', () => {
  it('count as pending and take the biz_id of a report for the number sent around their submitted_at — whichever comes first', () => {
    const { db, id, phones, matcher, queries } = setup(3);
    const accept = (phone: string, submittedAt: string) =>
      db.prepare("UPDATE campaign_recipients SET status = 'accepted', submitted_at = ? WHERE phone = ?").run(submittedAt, phone);
    // report first, then the ledger's reconciliation accepts the row (send_time 14:00:00 Beijing = 06:00:00Z)
    const early = storeReport(db, { bizId: '7^7', phone: phones[0]!, state: '2', errCode: 'MK:0004' });
    db.prepare("UPDATE delivery_reports SET send_time = '2026-12-01 14:00:00' WHERE id = ?").run(early.id);
    db.transaction(() => matcher.match(1, [{ ...early, sendTime: '2026-12-01 14:00:00' }]))();
    accept(phones[0]!, '2026-12-01T06:00:30.000Z');
    expect(deliveryOf(db, id, phones[0]!)).toMatchObject({ delivery: 'failed', errCode: 'MK:0004', reportCount: 1 });
    // the row first, then the report
    accept(phones[1]!, '2026-12-01T06:00:00.000Z');
    expect(deliveryOf(db, id, phones[1]!)).toMatchObject({ delivery: 'pending' });
    const late = { ...storeReport(db, { bizId: '7^7', phone: phones[1]!, state: '1' }), sendTime: '2026-12-01 14:01:00' };
    expect(db.transaction(() => matcher.match(1, [late]))()).toMatchObject({ matched: 1, parked: 0, campaignIds: [id] });
    expect(deliveryOf(db, id, phones[1]!)).toMatchObject({ delivery: 'delivered', reportCount: 1 });
    // a report sent long after the row's send time is another send: not adopted
    accept(phones[2]!, '2026-12-01T06:00:00.000Z');
    const other = { ...storeReport(db, { bizId: '8^8', phone: phones[2]!, state: '1' }), sendTime: '2026-12-01 15:30:00' };
    expect(db.transaction(() => matcher.match(1, [other]))()).toMatchObject({ matched: 0, parked: 1 });
    expect(queries.counts(id)).toEqual({ sent: 3, delivered: 1, failed: 1, pending: 1, unknown: 0 });
  });
});

describe('matcher query plan', () => {
  it('each batched UPDATE looks rows up by (biz_id, phone), whatever the batch size', () => {
    const { db, matcher } = setup(1);
    for (const n of [1, 16, 64]) {
      const statement = (matcher as unknown as { applyStatement(n: number): { source: string } }).applyStatement(n);
      const args = Array.from({ length: n * 8 }, () => 'x');
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${statement.source}`).all(...args, { shopId: 1 }) as Array<{ detail: string }>)
        .map((p) => p.detail)
        .join(' | ');
      expect(plan, `${n} rows`).toMatch(/SEARCH r USING INDEX campaign_recipients_biz \(biz_id=\? AND phone=\?\)/);
    }
  });
});

describe('number search', () => {
  it('matches a whole number, a beginning or a tail of ≥ 4 digits, each on an index; never a middle fragment', async () => {
    const { numberSearch } = await import('../../../electron/core/history/queries');
    expect(numberSearch('+86 139-0000-0001')).toEqual({ sql: 'phone = @phone', params: { phone: '13900000001' } });
    expect(numberSearch('1390')?.params).toEqual({ from: '1390', to: '1390:' });
    expect(numberSearch('0001')?.params).toEqual({ tail4: '0001', tail: '%0001' });
    expect(numberSearch(' ')).toBeNull();
    const { db, id, phones, chunks, queries } = setup(30);
    acceptChunk(db, chunks[0]!, '1^1');
    expect(queries.numbers({ id, search: '0021', offset: 0, limit: 50 }).items.map((n) => n.phone)).toEqual([phones[20]]);
    expect(queries.numbers({ id, search: '139000000', offset: 0, limit: 50 }).total).toBe(30);
    const plan = (
      db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT id FROM campaign_recipients WHERE campaign_id = 1 AND delivery IS NOT NULL AND submitted_at IS NOT NULL AND substr(phone, -4) = '0021' AND phone LIKE '%0021'`,
        )
        .all() as Array<{ detail: string }>
    )
      .map((p) => p.detail)
      .join(' ');
    expect(plan).toMatch(/campaign_recipients_tail/);
  });
});
