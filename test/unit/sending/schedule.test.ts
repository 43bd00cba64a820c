import { afterEach, describe, expect, it } from 'vitest';
import {
  beijingDate,
  beijingDatesBetween,
  formatBeijing,
  isInsideWindow,
  nextWindowOpen,
  parseBeijingDateTime,
  windowCloseAt,
} from '../../../shared/time/beijing';
import { scheduleDecision } from '../../../shared/sending/schedule';

const at = (text: string) => parseBeijingDateTime(text)!;
const DAY = { start: '08:00', end: '20:00' };
const NIGHT = { start: '22:00', end: '06:00' };
const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

describe('Beijing date-times', () => {
  it('parses "YYYY-MM-DD HH:mm" as GMT+8 and formats back', () => {
    expect(new Date(at('2026-12-01 08:00')).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(new Date(at('2026-12-01 07:59')).toISOString()).toBe('2026-11-30T23:59:00.000Z');
    expect(formatBeijing(Date.parse('2026-11-30T16:30:00Z'))).toBe('2026-12-01 00:30');
    expect(formatBeijing(at('2026-02-28 23:59:30'), true)).toBe('2026-02-28 23:59:30');
    expect(beijingDate(Date.parse('2026-11-30T16:00:00Z'))).toBe('20261201');
    expect(beijingDate(Date.parse('2026-11-30T15:59:59Z'))).toBe('20261130');
  });

  it.each(['2026-02-30 10:00', '2026-13-01 10:00', '2026-12-01 24:00', '2026-12-01 10:60', '2026/12/01 10:00', '', '2026-12-01'])('refuses %j', (text) => {
    expect(parseBeijingDateTime(text)).toBeNull();
  });

  it('gives the same answers whatever the PC time zone is', () => {
    const results = ['UTC', 'America/Los_Angeles', 'Asia/Tokyo', 'Pacific/Kiritimati', 'Europe/London'].map((tz) => {
      process.env.TZ = tz;
      const t = at('2026-03-29 01:30'); // a DST night in Europe, none in China
      return [t, formatBeijing(t), isInsideWindow(DAY, t), nextWindowOpen(DAY, t), beijingDate(t)];
    });
    for (const r of results) expect(r).toEqual(results[0]);
  });

  it('lists the Beijing days of a num.query window, newest first, capped', () => {
    expect(beijingDatesBetween(at('2026-11-29 23:00'), at('2026-12-01 01:00'), 30)).toEqual(['20261201', '20261130', '20261129']);
    expect(beijingDatesBetween(at('2026-12-01 10:00'), at('2026-12-01 11:00'), 30)).toEqual(['20261201']);
    expect(beijingDatesBetween(at('2026-10-01 00:00'), at('2026-12-01 00:00'), 30)).toHaveLength(30);
  });
});

describe('marketing window (Beijing time)', () => {
  it.each([
    ['2026-12-01 07:59', false],
    ['2026-12-01 08:00', true],
    ['2026-12-01 12:00', true],
    ['2026-12-01 19:59', true],
    ['2026-12-01 20:00', false],
    ['2026-12-01 23:30', false],
  ])('08:00–20:00 at %s → %s', (time, inside) => {
    expect(isInsideWindow(DAY, at(time))).toBe(inside);
  });

  it.each([
    ['2026-12-01 21:59', false],
    ['2026-12-01 22:00', true],
    ['2026-12-01 23:59', true],
    ['2026-12-02 00:00', true],
    ['2026-12-02 05:59', true],
    ['2026-12-02 06:00', false],
  ])('a window across midnight 22:00–06:00 at %s → %s', (time, inside) => {
    expect(isInsideWindow(NIGHT, at(time))).toBe(inside);
  });

  it('equal start and end = always open', () => {
    expect(isInsideWindow({ start: '00:00', end: '00:00' }, at('2026-12-01 03:00'))).toBe(true);
    expect(windowCloseAt({ start: '09:00', end: '09:00' }, at('2026-12-01 03:00'))).toBeNull();
  });

  it('next opening: later today, tomorrow after the end, or now when open', () => {
    expect(formatBeijing(nextWindowOpen(DAY, at('2026-12-01 06:15')))).toBe('2026-12-01 08:00');
    expect(formatBeijing(nextWindowOpen(DAY, at('2026-12-01 20:00')))).toBe('2026-12-02 08:00');
    expect(formatBeijing(nextWindowOpen(DAY, at('2026-12-31 23:59')))).toBe('2027-01-01 08:00');
    expect(nextWindowOpen(DAY, at('2026-12-01 09:00'))).toBe(at('2026-12-01 09:00'));
    expect(formatBeijing(nextWindowOpen(NIGHT, at('2026-12-01 12:00')))).toBe('2026-12-01 22:00');
  });

  it('closing time of the window in progress, across midnight too', () => {
    expect(formatBeijing(windowCloseAt(DAY, at('2026-12-01 19:00'))!)).toBe('2026-12-01 20:00');
    expect(windowCloseAt(DAY, at('2026-12-01 21:00'))).toBeNull();
    expect(formatBeijing(windowCloseAt(NIGHT, at('2026-12-01 23:00'))!)).toBe('2026-12-02 06:00');
    expect(formatBeijing(windowCloseAt(NIGHT, at('2026-12-02 01:00'))!)).toBe('2026-12-02 06:00');
  });
});

describe('schedule decision at start-up', () => {
  const now = at('2026-12-01 10:00');
  it('future → wait; just due → due; passed while not running → missed (never fires late)', () => {
    expect(scheduleDecision(now + 1, now, 60_000)).toBe('wait');
    expect(scheduleDecision(now - 30_000, now, 60_000)).toBe('due');
    expect(scheduleDecision(now - 61_000, now, 60_000)).toBe('missed');
    expect(scheduleDecision(at('2026-11-30 10:00'), now, 60_000)).toBe('missed');
  });
});
