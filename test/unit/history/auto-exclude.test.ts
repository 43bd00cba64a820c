import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../electron/core/clock';
import { migrate } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';
import { AutoExcluder } from '../../../electron/core/history/auto-exclude';
import { SuppressionStore, suppressionReason } from '../../../electron/core/suppression/store';
import { phoneAt, storeReport } from './fixtures';

function setup() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS);
  const events: Array<{ source: string; phones: string[] }> = [];
  const suppression = new SuppressionStore({
    db,
    shopId: 1,
    events: { emit: (_name: string, payload: never) => events.push(payload) } as never,
    clock: systemClock,
  });
  return { db, suppression, events, excluder: new AutoExcluder(db, suppression) };
}
const DEFAULTS = { noSuchNumberAfter: 1, blockedAfter: 1 };

describe('automatic exclusion from delivery reports', () => {
  it('空号 and carrier blacklist go on the list with their reason at the first report; other failures and successes do not', () => {
    const { db, suppression, events, excluder } = setup();
    const [empty, black, busy, ok] = [phoneAt(1), phoneAt(2), phoneAt(3), phoneAt(4)];
    const batch = [
      storeReport(db, { bizId: '1^1', phone: empty, state: '2', errCode: 'MK:0001' }),
      storeReport(db, { bizId: '1^1', phone: black, state: '2', errCode: 'DB:0141' }),
      storeReport(db, { bizId: '1^1', phone: busy, state: '2', errCode: 'MK:0005' }),
      storeReport(db, { bizId: '1^1', phone: ok, state: '1' }),
    ];
    expect(
      db
        .transaction(() => excluder.apply(1, batch, DEFAULTS))()
        .sort(),
    ).toEqual([empty, black].sort());
    expect(suppression.entryOf(empty)).toMatchObject({ source: 'report', note: '回执：空号（MK:0001）' });
    expect(suppression.entryOf(black)).toMatchObject({ source: 'report', note: '回执：运营商/投诉黑名单（DB:0141）' });
    expect(suppression.entryOf(busy)).toBeNull();
    expect(suppression.entryOf(ok)).toBeNull();
    // What the next campaign's check says for a skipped number.
    expect(suppressionReason(suppression.entryOf(empty)!)).toBe('在免打扰名单中：拉黑（回执：空号（MK:0001））');
    expect(events).toEqual([{ source: 'report', phones: expect.arrayContaining([empty, black]) }]);
    // A redelivered batch adds nothing and emits nothing.
    expect(db.transaction(() => excluder.apply(1, batch, DEFAULTS))()).toEqual([]);
    expect(events).toHaveLength(1);
  });

  it('after N: counts distinct sends (a report repeated for the same send counts once); 0 turns a reason off', () => {
    const { db, suppression, excluder } = setup();
    const phone = phoneAt(7);
    const settings = { noSuchNumberAfter: 2, blockedAfter: 0 };
    const first = [
      storeReport(db, { bizId: '1^1', phone, state: '2', errCode: 'MK:0001', reportTime: '2026-12-01 14:00:10' }),
      storeReport(db, { bizId: '1^1', phone, state: '2', errCode: 'MK:0001', reportTime: '2026-12-01 14:00:20' }),
    ];
    expect(db.transaction(() => excluder.apply(1, first, settings))()).toEqual([]);
    expect(suppression.entryOf(phone)).toBeNull();
    const second = [storeReport(db, { bizId: '2^2', phone, state: '2', errCode: 'mk:0001' })];
    expect(db.transaction(() => excluder.apply(1, second, settings))()).toEqual([phone]);

    const blocked = phoneAt(8);
    const reports = [1, 2, 3].map((i) => storeReport(db, { bizId: `${i}^b`, phone: blocked, state: '2', errCode: 'DB:0141' }));
    expect(db.transaction(() => excluder.apply(1, reports, settings))()).toEqual([]);
  });

  it('an existing entry keeps its source; hostile reports never throw', () => {
    const { db, suppression, excluder } = setup();
    const phone = phoneAt(9);
    suppression.add([phone], { reason: 'block', source: 'manual', note: '卖家' });
    const reports = [
      storeReport(db, { bizId: '1^1', phone, state: '2', errCode: 'MK:0001' }),
      storeReport(db, { bizId: '', phone: "1'; DROP TABLE suppression; --", state: '2', errCode: 'MK:0001' }),
      storeReport(db, { bizId: '1^1', phone: '', state: '2', errCode: 'DB:0141' }),
    ];
    expect(db.transaction(() => excluder.apply(1, reports, DEFAULTS))()).toEqual([]);
    expect(suppression.entryOf(phone)).toMatchObject({ reason: 'block', source: 'manual', note: '卖家' });
    expect(suppression.count()).toBe(1);
  });
});
