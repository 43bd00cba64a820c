import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/database';
import { EventBus } from '../../../electron/core/events';
import { systemClock } from '../../../electron/core/clock';
import { LOOKUP_SQL, SuppressionStore } from '../../../electron/core/suppression/store';
import { csvCell, csvLine } from '../../../electron/core/export/csv';

function setup() {
  const db = openDatabase(':memory:');
  const events = new EventBus();
  const seen: Array<{ name: string; payload: unknown }> = [];
  events.subscribe((name, payload) => seen.push({ name, payload }));
  return { db, events, seen, store: new SuppressionStore({ db, shopId: 1, events, clock: systemClock }) };
}

describe('SuppressionStore', () => {
  it('adds numbers in any typed form, once, and reports invalid ones', () => {
    const { store, seen } = setup();
    const result = store.add(['+86 138 0013 8000', '13800138000', '139-0013-9000', 'abc', '010-1234567', ''], { source: 'manual', note: '客户要求' });
    expect(result).toEqual({ added: 2, already: 0, invalid: ['abc', '010-1234567'] });
    expect(store.add(['13800138000'], { source: 'reply', replyId: 7 })).toEqual({ added: 0, already: 1, invalid: [] });
    expect(seen).toEqual([{ name: 'suppression.changed', payload: { source: 'manual', phones: ['13800138000', '13900139000'] } }]);
    expect(store.isSuppressed('13800138000')).toMatchObject({ source: 'manual', note: '客户要求', replyId: null });
  });

  it("adds a batch's opt-out replies in one go: the first reply of a number wins, existing entries keep their source", () => {
    const { store, seen } = setup();
    store.add(['13800138000'], { source: 'manual', note: '客户要求' });
    seen.length = 0;
    const added = store.addReplyOptOuts([
      { phone: '13900139000', replyId: 11, note: '回复“TD”自动退订' },
      { phone: '13800138000', replyId: 12, note: '回复“退订”自动退订' },
      { phone: '13900139000', replyId: 13, note: '回复“T”自动退订' },
      { phone: 'abc', replyId: 14, note: 'x' },
    ]);
    expect(added).toEqual(['13900139000']);
    expect(store.isSuppressed('13900139000')).toMatchObject({ source: 'reply', replyId: 11, note: '回复“TD”自动退订' });
    expect(store.isSuppressed('13800138000')).toMatchObject({ source: 'manual', replyId: null });
    expect(seen).toEqual([{ name: 'suppression.changed', payload: { source: 'reply', phones: ['13900139000'] } }]);
    expect(store.addReplyOptOuts([{ phone: '13900139000', replyId: 15, note: 'again' }])).toEqual([]);
    expect(seen).toHaveLength(1);
  });

  it('filterSuppressed finds entries among many numbers, keyed as given', () => {
    const { store } = setup();
    store.add(['13800000005', '13800004999', '13800149999'], { source: 'reply', replyId: 3 });
    const phones = Array.from({ length: 150_000 }, (_, i) => String(13800000000 + i));
    const hits = store.filterSuppressed(phones);
    expect([...hits.keys()].sort()).toEqual(['13800000005', '13800004999', '13800149999']);
    expect(hits.get('13800000005')).toMatchObject({ source: 'reply', replyId: 3 });
    expect(store.filterSuppressed(['+86 138-0000-0005']).has('+86 138-0000-0005')).toBe(true);
    expect(store.filterSuppressed([]).size).toBe(0);
  });

  it('looks numbers up through the primary key (not a scan of the list per number)', () => {
    const { db } = setup();
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${LOOKUP_SQL}`).all('["13800138000"]', 1) as { detail: string }[]).map((r) => r.detail);
    expect(plan).toEqual([expect.stringMatching(/^SCAN j/), 'SEARCH s USING PRIMARY KEY (shop_id=? AND phone=?)']);
  });

  it('removes, lists with search and paging, and exports CSV with a BOM', () => {
    const { store, seen } = setup();
    store.add(['13800138000', '13900139000', '13700137000'], { source: 'manual', note: 'VIP_1' });
    store.add(['13600136000'], { source: 'reply', replyId: 9 });
    expect(store.list({ page: 1, pageSize: 2 })).toMatchObject({ total: 4, page: 1, pageSize: 2, items: [expect.anything(), expect.anything()] });
    expect(store.list({ search: '1390', page: 1, pageSize: 10 }).items.map((e) => e.phone)).toEqual(['13900139000']);
    expect(store.list({ search: 'VIP_', page: 1, pageSize: 10 }).total).toBe(3);
    expect(store.list({ search: '%', page: 1, pageSize: 10 }).total).toBe(0);
    expect(store.remove(['139 0013 9000', '13500135000'])).toEqual({ removed: 1 });
    expect(seen.at(-1)).toEqual({ name: 'suppression.changed', payload: { source: 'remove', phones: ['13900139000'] } });
    const file = store.exportCsv();
    const text = Buffer.from(file.data, 'base64').toString('utf8');
    expect(text.startsWith('\uFEFF手机号,来源,备注,加入时间（北京时间）\r\n')).toBe(true);
    expect(text).toContain('13600136000,回复退订,,');
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(4);
    expect(file).toMatchObject({ mime: 'text/csv;charset=utf-8', fileName: expect.stringMatching(/^退订屏蔽名单-\d{8}-\d{4}\.csv$/) });
  });
});

describe('CSV writer', () => {
  it('quotes, escapes and guards formulas', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', 12, null])).toBe('a,"b,c","say ""hi""","two\nlines",12,\r\n');
    expect(['=1+1', '+86138', '-2', '@SUM(A1)', '\tx', 'ok'].map(csvCell)).toEqual(["'=1+1", "'+86138", "'-2", "'@SUM(A1)", "'\tx", 'ok']);
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell(-5)).toBe('-5');
  });
});
