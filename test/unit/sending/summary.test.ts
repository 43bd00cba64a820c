import { afterAll, describe, expect, it } from 'vitest';
import type { CampaignCounts } from '../../../shared/sending/contract';
import { formatBeijing, parseBeijingDateTime } from '../../../shared/time/beijing';
import { etaParts, finalCount, perRecipientVariables, wellFormedCount, ZERO_COUNTS } from '../../../shared/sending/summary';

const counts = (over: Partial<CampaignCounts>): CampaignCounts => ({ ...ZERO_COUNTS, ...over });

describe('import summary numbers', () => {
  it('final = rows minus duplicates, invalid and suppressed; well-formed = rows minus invalid', () => {
    const c = counts({ rows: 10, valid: 6, duplicate: 2, invalid: 1, suppressed: 1 });
    expect(finalCount(c)).toBe(6);
    expect(wellFormedCount(c)).toBe(9);
  });
  it('stays the same once the valid rows moved on to queued / accepted, and never goes negative', () => {
    expect(finalCount(counts({ rows: 5, valid: 5, queued: 2, submitted: 3 }))).toBe(5);
    expect(finalCount(counts({}))).toBe(0);
    expect(finalCount(counts({ rows: 1, invalid: 2 }))).toBe(0);
  });
});

describe('ETA wording', () => {
  it('picks seconds, minutes (rounded up) or hours and minutes', () => {
    expect(etaParts(0)).toEqual({ unit: 'seconds', n: 0 });
    expect(etaParts(59.4)).toEqual({ unit: 'seconds', n: 59 });
    expect(etaParts(61)).toEqual({ unit: 'minutes', n: 2 });
    expect(etaParts(3600 + 30 * 60)).toEqual({ unit: 'hours', h: 1, m: 30 });
    expect(etaParts(-5)).toEqual({ unit: 'seconds', n: 0 });
  });
});

// The 检查 step's date picker shows formatBeijing's fields and stores parseBeijingDateTime's instant.
describe('schedule picker round trip in Beijing time whatever the PC zone', () => {
  const originalTz = process.env.TZ;
  afterAll(() => {
    process.env.TZ = originalTz;
  });
  for (const tz of ['UTC', 'Asia/Shanghai', 'America/New_York', 'Pacific/Kiritimati']) {
    it(tz, () => {
      process.env.TZ = tz;
      for (const [iso, shown] of [
        ['2026-12-01T15:30:00.000Z', '2026-12-01 23:30'],
        ['2026-12-31T20:05:00.000Z', '2027-01-01 04:05'],
      ] as const) {
        const ms = Date.parse(iso);
        expect(formatBeijing(ms)).toBe(shown);
        expect(new Date(parseBeijingDateTime(shown)!).toISOString()).toBe(iso);
      }
    });
  }
});

describe('variables each recipient brings', () => {
  it('an import: its mapped columns; a resend or single send (no mapping): the values its rows carry', () => {
    expect(perRecipientVariables({ variableColumns: { name: 1, tid: 2 } }, { other: 'x' })).toEqual(['name', 'tid']);
    expect(perRecipientVariables(null, { name: '王先生', coupon: '满100减10' })).toEqual(['name', 'coupon']);
    expect(perRecipientVariables(null, undefined)).toEqual([]);
  });
});
