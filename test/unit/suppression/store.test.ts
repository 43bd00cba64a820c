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
    const result = store.add(['+86 138 0013 8000', '13800138000', '139-0013-9000', 'abc', '010-1234567', ''], {
      reason: 'block',
      source: 'manual',
      note: '客户要求',
    });
    expect(result).toEqual({ added: 2, already: 0, invalid: ['abc', '010-1234567'] });
    expect(store.add(['13800138000'], { reason: 'optout', source: 'reply', replyId: 7 })).toEqual({ added: 0, already: 1, invalid: [] });
    expect(seen).toEqual([{ name: 'suppression.changed', payload: { source: 'manual', phones: ['13800138000', '13900139000'] } }]);
    expect(store.entryOf('13800138000')).toMatchObject({ reason: 'block', source: 'manual', note: '客户要求', replyId: null });
  });

  it("adds a batch's opt-out replies in one go: the first reply of a number wins, existing entries keep their source", () => {
    const { store, seen } = setup();
    store.add(['13800138000'], { reason: 'block', source: 'manual', note: '客户要求' });
    seen.length = 0;
    const added = store.addReplyOptOuts([
      { phone: '13900139000', replyId: 11, note: '回复“TD”自动退订' },
      { phone: '13800138000', replyId: 12, note: '回复“退订”自动退订' },
      { phone: '13900139000', replyId: 13, note: '回复“T”自动退订' },
      { phone: 'abc', replyId: 14, note: 'x' },
    ]);
    expect(added).toEqual(['13900139000']);
    expect(store.entryOf('13900139000')).toMatchObject({ reason: 'optout', source: 'reply', replyId: 11, note: '回复“TD”自动退订' });
    expect(store.entryOf('13800138000')).toMatchObject({ reason: 'block', source: 'manual', replyId: null });
    expect(seen).toEqual([{ name: 'suppression.changed', payload: { source: 'reply', phones: ['13900139000'] } }]);
    expect(store.addReplyOptOuts([{ phone: '13900139000', replyId: 15, note: 'again' }])).toEqual([]);
    expect(seen).toHaveLength(1);
  });

  it('filterSuppressed finds entries among many numbers, keyed as given', () => {
    const { store } = setup();
    store.add(['13800000005', '13800004999', '13800149999'], { reason: 'optout', source: 'reply', replyId: 3 });
    const phones = Array.from({ length: 150_000 }, (_, i) => String(13800000000 + i));
    const hits = store.filterSuppressed(phones, 'marketing');
    expect([...hits.keys()].sort()).toEqual(['13800000005', '13800004999', '13800149999']);
    expect(hits.get('13800000005')).toMatchObject({ reason: 'optout', source: 'reply', replyId: 3 });
    expect(store.filterSuppressed(phones, 'service').size).toBe(0);
    expect(store.filterSuppressed(phones, 'any').size).toBe(3);
    expect(store.filterSuppressed(['+86 138-0000-0005'], 'marketing').has('+86 138-0000-0005')).toBe(true);
    expect(store.filterSuppressed([], 'any').size).toBe(0);
  });

  it('退订 blocks marketing only, 拉黑 blocks everything; a 拉黑 replaces a 退订, never the reverse; the setting makes 退订 block all', () => {
    const { db, events } = setup();
    let optOutBlocksAll = false;
    const settings = { get: () => ({ sending: { optOutBlocksAll } }) } as unknown as ConstructorParameters<typeof SuppressionStore>[0]['settings'];
    const store = new SuppressionStore({ db, shopId: 1, events, clock: systemClock, settings });
    store.add(['13800000001'], { reason: 'optout', source: 'reply', replyId: 1 });
    store.add(['13800000002'], { reason: 'block', source: 'manual' });
    const both = ['13800000001', '13800000002', '13800000003'];
    expect([...store.filterSuppressed(both, 'marketing').keys()].sort()).toEqual(['13800000001', '13800000002']);
    expect([...store.filterSuppressed(both, 'service').keys()]).toEqual(['13800000002']);
    optOutBlocksAll = true;
    expect([...store.filterSuppressed(both, 'service').keys()].sort()).toEqual(['13800000001', '13800000002']);
    optOutBlocksAll = false;
    expect(store.add(['13800000002'], { reason: 'optout', source: 'reply', replyId: 2 })).toMatchObject({ added: 0, already: 1 });
    expect(store.entryOf('13800000002')).toMatchObject({ reason: 'block', source: 'manual' });
    // Upgrading a 退订 to 拉黑 changes the entry (and tells running sends) but the number was already on the list.
    const changedEvents: unknown[] = [];
    events.subscribe((name, payload) => name === 'suppression.changed' && changedEvents.push(payload));
    expect(store.add(['13800000001'], { reason: 'block', source: 'manual', note: '收件箱拉黑' })).toMatchObject({ added: 0, already: 1 });
    expect(changedEvents).toEqual([expect.objectContaining({ phones: ['13800000001'] })]);
    expect(store.entryOf('13800000001')).toMatchObject({ reason: 'block', source: 'manual', note: '收件箱拉黑' });
  });

  it('looks numbers up through the primary key (not a scan of the list per number)', () => {
    const { db } = setup();
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${LOOKUP_SQL}`).all('["13800138000"]', 1) as { detail: string }[]).map((r) => r.detail);
    expect(plan).toEqual([expect.stringMatching(/^SCAN j/), 'SEARCH s USING PRIMARY KEY (shop_id=? AND phone=?)']);
  });

  it('removes, lists with search and paging, and exports CSV with a BOM', () => {
    const { store, seen } = setup();
    store.add(['13800138000', '13900139000', '13700137000'], { reason: 'block', source: 'manual', note: 'VIP_1' });
    store.add(['13600136000'], { reason: 'optout', source: 'reply', replyId: 9 });
    expect(store.list({ page: 1, pageSize: 2 })).toMatchObject({ total: 4, page: 1, pageSize: 2, items: [expect.anything(), expect.anything()] });
    expect(store.list({ search: '1390', page: 1, pageSize: 10 }).items.map((e) => e.phone)).toEqual(['13900139000']);
    expect(store.list({ search: 'VIP_', page: 1, pageSize: 10 }).total).toBe(3);
    expect(store.list({ search: '%', page: 1, pageSize: 10 }).total).toBe(0);
    expect(store.remove(['139 0013 9000', '13500135000'])).toEqual({ removed: 1 });
    expect(seen.at(-1)).toEqual({ name: 'suppression.changed', payload: { source: 'remove', phones: ['13900139000'] } });
    const file = store.exportCsv();
    const text = Buffer.from(file.data, 'base64').toString('utf8');
    expect(text.startsWith('\uFEFF类型,手机号 / 买家,原因,来源,备注,加入时间（北京时间）\r\n')).toBe(true);
    expect(text).toContain('号码,13600136000,退订,客户回复,,');
    expect(text).toContain('号码,13800138000,拉黑,手动添加,VIP_1,');
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(4);
    // A buyer (reached by OAID) is typed and shown masked, never as the raw key.
    store.addBuyers(['AAHbuyer0123456789'], { reason: 'optout', source: 'reply' });
    const withBuyer = Buffer.from(store.exportCsv().data, 'base64').toString('utf8');
    expect(withBuyer).toContain('买家,买家 AAH***789,退订,客户回复,,');
    expect(withBuyer).not.toContain('buyer:');
    expect(file).toMatchObject({ mime: 'text/csv;charset=utf-8', fileName: expect.stringMatching(/^免打扰名单-\d{8}-\d{4}\.csv$/) });
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
