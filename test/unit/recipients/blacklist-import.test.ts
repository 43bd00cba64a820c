import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../electron/core/clock';
import { openDatabase } from '../../../electron/core/db/database';
import { EventBus } from '../../../electron/core/events';
import { importBlacklist } from '../../../electron/core/suppression/import';
import { SuppressionStore } from '../../../electron/core/suppression/store';
import { buildXlsx, encode, writeFixture } from './fixtures';
import { rejection, useTempDir } from './helpers';

const { dir, ctx } = useTempDir();

function setup() {
  const db = openDatabase(':memory:');
  const events = new EventBus();
  const seen: Array<{ name: string; payload: unknown }> = [];
  events.subscribe((name, payload) => seen.push({ name, payload }));
  return { seen, store: new SuppressionStore({ db, shopId: 1, events, clock: systemClock }) };
}

describe('blacklist import into the do-not-send list', () => {
  it('CSV (GBK, header detected, phone column found): counts added / already listed / invalid; one event', async () => {
    const { store, seen } = setup();
    store.add(['13800000002'], { reason: 'block', source: 'manual', note: '卖家' });
    seen.length = 0;
    const csv = ['备注,手机号', '老客,13800000001', '投诉,+86 138-0000-0002', '重复,13800000001', ',', '错号,12345', '退货,13800000003'].join('\r\n');
    const path = writeFixture(dir, '黑名单.csv', encode(csv, 'gbk'));
    const result = await importBlacklist(ctx, store, { source: { kind: 'file', path } });
    expect(result).toEqual({ rows: 5, added: 2, already: 2, invalid: 1, invalidSamples: ['12345'] });
    expect(store.entryOf('13800000001')).toMatchObject({ source: 'import', note: '导入：黑名单.csv' });
    expect(store.entryOf('13800000002')).toMatchObject({ reason: 'block', source: 'manual', note: '卖家' });
    expect(seen).toEqual([{ name: 'suppression.changed', payload: { source: 'import', phones: ['13800000001', '13800000003'] } }]);
  });

  it('TXT one number a line without header, and XLSX with numeric cells', async () => {
    const { store } = setup();
    const txt = writeFixture(dir, 'list.txt', '13900000001\n13900000002\n\n13900000003\n');
    expect(await importBlacklist(ctx, store, { source: { kind: 'file', path: txt } })).toMatchObject({ rows: 3, added: 3, already: 0, invalid: 0 });
    const xlsx = writeFixture(dir, 'list.xlsx', buildXlsx([{ name: 'Sheet1', rows: [['手机'], [13700000001], [{ n: '1.3700000002E10' }], ['13900000001']] }]));
    expect(await importBlacklist(ctx, store, { source: { kind: 'file', path: xlsx } })).toMatchObject({ rows: 3, added: 2, already: 1, invalid: 0 });
    expect(store.count()).toBe(5);
  });

  it('an explicit column and header win over detection; a binary file is refused with a Chinese message', async () => {
    const { store } = setup();
    const csv = writeFixture(dir, 'two.csv', '13600000001,13600000009\n13600000002,13600000008\n');
    expect(await importBlacklist(ctx, store, { source: { kind: 'file', path: csv }, hasHeader: true, phoneColumn: 1 })).toMatchObject({ rows: 1, added: 1 });
    expect(store.entryOf('13600000008')).not.toBeNull();
    expect(store.entryOf('13600000002')).toBeNull();
    const bin = writeFixture(dir, 'x.csv', new Uint8Array([0, 1, 2, 3, 0, 0, 0, 9]));
    expect((await rejection(importBlacklist(ctx, store, { source: { kind: 'file', path: bin } }))).message).toMatch(/[\u4e00-\u9fa5]/);
  });
});
