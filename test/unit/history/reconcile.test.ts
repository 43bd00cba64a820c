import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';
import { createLogger } from '../../../electron/core/log/logger';
import { ReportMatcher } from '../../../electron/core/history/matching';
import { Reconciler, reportTimeoutMinutes } from '../../../electron/core/history/reconcile';
import type { SmsRecord, TopClient } from '../../../electron/core/top/client';
import { TopError } from '../../../electron/core/top/errors';
import { HistorySettingsSchema } from '../../../shared/settings/schema';
import { AppError } from '../../../shared/errors';
import { acceptChunk, deliveryOf, insertCampaign, insertRecipients, phoneAt, storeReport } from './fixtures';

const NOW = Date.parse('2026-12-01T06:00:00.000Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

function setup(submittedAgoMs: number, n = 3) {
  const db = new Database(':memory:');
  migrate(db, MIGRATIONS);
  const id = insertCampaign(db);
  const phones = Array.from({ length: n }, (_, i) => phoneAt(i));
  const [chunk] = insertRecipients(db, id, phones);
  acceptChunk(db, chunk!, '8^8', new Date(NOW - submittedAgoMs).toISOString());
  return { db, id, phones };
}

function fakeClient(answer: (phone: string, date: string, bizId?: string) => SmsRecord[] | Error) {
  const calls: Array<{ phone: string; date: string; bizId?: string; priority?: string }> = [];
  const client = {
    async *iterateSmsNum(input: { phone: string; date: string; bizId?: string }, options: { priority?: string } = {}) {
      calls.push({ ...input, priority: options.priority });
      const result = answer(input.phone, input.date, input.bizId);
      if (result instanceof Error) throw result;
      yield* result;
    },
  } as unknown as TopClient;
  return { client, calls };
}

const record = (phone: string, status: SmsRecord['status'], resultCode?: string): SmsRecord => ({
  phone,
  status,
  statusCode: status === 'waiting' ? 1 : status === 'failed' ? 2 : 3,
  resultCode,
  receivedAt: status === 'waiting' ? undefined : '2026-12-01 13:31:00',
});

function reconciler(db: Database.Database, client: () => TopClient, settings = HistorySettingsSchema.parse({})) {
  return new Reconciler({ db, shopId: 1, settings: () => settings, client, log: createLogger({ sink: () => undefined, secrets: () => [] }), now: () => NOW });
}

describe('reconciliation', () => {
  it('waits for the report timeout, then queries each pending number (its day, its biz_id, low priority) and applies final states', async () => {
    const { db, id, phones } = setup(10 * MIN);
    const { client, calls } = fakeClient((phone) => [
      phone === phones[0] ? record(phone, 'delivered', 'DELIVRD') : phone === phones[1] ? record(phone, 'failed', 'MK:0005') : record(phone, 'waiting'),
    ]);
    expect((await reconciler(db, () => client).run()).checked).toBe(0); // 10 min < 30 min
    const result = await reconciler(db, () => client, HistorySettingsSchema.parse({ reportTimeoutMinutes: 5 })).run();
    expect(result).toMatchObject({ checked: 3, stillPending: 1, errors: 0 });
    expect(calls).toEqual(phones.map((phone) => ({ phone, date: '20261201', bizId: '8^8', pageSize: 50, priority: 'low' })));
    expect(deliveryOf(db, id, phones[0]!)).toMatchObject({ delivery: 'delivered', errCode: 'DELIVRD', source: 'query' });
    expect(deliveryOf(db, id, phones[1]!)).toMatchObject({ delivery: 'failed', errCode: 'MK:0005', source: 'query' });
    expect(deliveryOf(db, id, phones[2]!)).toMatchObject({ delivery: 'pending' });
    // a report arriving later still decides (it is newer than the query's receive time)
    const matcher = new ReportMatcher(db);
    db.transaction(() =>
      matcher.match(1, [storeReport(db, { bizId: '8^8', phone: phones[0]!, state: '2', errCode: 'UNDELIV', reportTime: '2026-12-01 13:40:00' })]),
    )();
    expect(deliveryOf(db, id, phones[0]!)).toMatchObject({ delivery: 'failed', errCode: 'UNDELIV', source: 'report' });
  });

  it('a manual run ignores the timeout; still waiting past unknownAfterHours → 未知; outside the 30-day window → 未知 without a call', async () => {
    const fresh = setup(1 * MIN);
    const waiting = fakeClient((phone) => [record(phone, 'waiting')]);
    expect((await reconciler(fresh.db, () => waiting.client).run({ now: true })).checked).toBe(3);

    const old = setup(73 * HOUR);
    const r = await reconciler(old.db, () => waiting.client).run();
    expect(r).toMatchObject({ checked: 3, becameUnknown: 3, stillPending: 0 });
    expect(deliveryOf(old.db, old.id, old.phones[0]!).delivery).toBe('unknown');

    const ancient = setup(31 * 24 * HOUR);
    const none = fakeClient(() => []);
    const r2 = await reconciler(ancient.db, () => none.client).run();
    expect(r2).toMatchObject({ checked: 0, becameUnknown: 3 });
    expect(none.calls).toHaveLength(0);
  });

  it('call failures leave the number pending for the next run; TOP not configured is reported, nothing changes', async () => {
    const { db, id, phones } = setup(40 * MIN);
    const failing = fakeClient(() => new TopError({ method: 'alibaba.aliqin.ta.sms.num.query', kind: 'network', readOnly: true, networkCode: 'ECONNRESET' }));
    const r = await reconciler(db, () => failing.client).run();
    expect(r).toMatchObject({ checked: 0, errors: 3, stillPending: 3 });
    expect(deliveryOf(db, id, phones[0]!).delivery).toBe('pending');
    const r2 = await reconciler(db, () => {
      throw new AppError('NOT_CONFIGURED', '尚未填写 App Key');
    }).run();
    expect(r2.problem).toContain('App Key');
  });

  it('JST_REPORT_TIMEOUT_MIN overrides the setting', () => {
    const settings = HistorySettingsSchema.parse({ reportTimeoutMinutes: 30 });
    expect(reportTimeoutMinutes(settings, {})).toBe(30);
    expect(reportTimeoutMinutes(settings, { JST_REPORT_TIMEOUT_MIN: '2' })).toBe(2);
    expect(reportTimeoutMinutes(settings, { JST_REPORT_TIMEOUT_MIN: 'x' })).toBe(30);
  });
});
