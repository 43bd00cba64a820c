import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  beijingDate,
  beijingDayKey,
  beijingDaysBefore,
  beijingDayStart,
  beijingMidnight,
  beijingText,
  formatBeijing,
  isInsideWindow,
  nextWindowOpen,
  parseBeijingDateTime,
  parseBeijingDay,
  windowCloseAt,
} from '../../../shared/time/beijing';

const at = (text: string) => parseBeijingDateTime(text)!;
const DAY = { start: '08:00', end: '20:00' };
const NIGHT = { start: '22:00', end: '06:00' };

describe('Beijing days', () => {
  it('a day starts at Beijing midnight = 16:00 UTC the evening before', () => {
    const midnight = Date.parse('2026-11-30T16:00:00.000Z');
    expect(beijingDayKey(midnight - 1)).toBe('2026-11-30');
    expect(beijingDayKey(midnight)).toBe('2026-12-01');
    expect(beijingDate(midnight)).toBe('20261201');
    expect(beijingDayStart('2026-12-01')).toBe(midnight);
    expect(beijingMidnight(midnight + 5_000)).toEqual({ midnight, offset: 5_000 });
    expect(beijingMidnight(midnight - 1)).toEqual({ midnight: midnight - 86_400_000, offset: 86_399_999 });
  });

  it('year and leap-day boundaries', () => {
    expect(beijingDayKey(at('2026-12-31 23:59:59') + 999)).toBe('2026-12-31');
    expect(beijingDayKey(at('2027-01-01 00:00'))).toBe('2027-01-01');
    expect(formatBeijing(at('2028-02-28 23:59') + 60_000)).toBe('2028-02-29 00:00');
    expect(formatBeijing(Date.parse('1969-12-31T16:00:00Z'), true)).toBe('1970-01-01 00:00:00');
  });

  it('parses days in both forms and refuses what is not a date', () => {
    expect(parseBeijingDay('2026-12-01')).toBe(Date.parse('2026-11-30T16:00:00Z'));
    expect(parseBeijingDay('20261201')).toBe(Date.parse('2026-11-30T16:00:00Z'));
    for (const bad of ['2026-02-29', '20260230', '2026-13-01', '2026-1-01', '', 'today', '2026-12-01 00:00']) expect(parseBeijingDay(bad)).toBeNull();
    expect(parseBeijingDay('2028-02-29')).not.toBeNull();
  });

  it('counts calendar days, not 24-hour periods', () => {
    expect(beijingDaysBefore(at('2026-11-30 23:59'), at('2026-12-01 00:00'))).toBe(1);
    expect(beijingDaysBefore(at('2026-12-01 00:00'), at('2026-12-01 23:59'))).toBe(0);
    expect(beijingDaysBefore(at('2026-12-02 00:00'), at('2026-12-01 23:59'))).toBe(-1);
    expect(beijingDaysBefore(at('2026-11-02 00:00'), at('2026-12-01 23:59'))).toBe(29);
  });
});

describe('parse and format', () => {
  it.each(['2026-02-29 10:00', '2026-04-31 10:00', '2026-12-01 23:59:60', '2026-12-01 25:00', ' 2026-12-01', '2026-12-01T10', '2026-12-01 10:00 +08:00'])(
    'refuses %j',
    (text) => expect(parseBeijingDateTime(text)).toBeNull(),
  );

  it('accepts a T separator and optional seconds, round-trips with seconds', () => {
    expect(parseBeijingDateTime('2026-12-01T08:00')).toBe(Date.parse('2026-12-01T00:00:00Z'));
    expect(formatBeijing(at('2026-12-01 19:59:59'), true)).toBe('2026-12-01 19:59:59');
  });

  it('beijingText: TOP/CLI text of ISO or epoch, empty when absent or invalid', () => {
    expect(beijingText('2026-12-01T12:00:05.000Z')).toBe('2026-12-01 20:00:05');
    expect(beijingText(Date.parse('2026-12-01T12:00:05Z'))).toBe('2026-12-01 20:00:05');
    for (const none of [null, undefined, '', 'not a date']) expect(beijingText(none)).toBe('');
  });
});

describe('windows at their edges', () => {
  it('19:59:59.999 is inside 08:00–20:00, 20:00:00 is not; it then opens at 08:00 tomorrow', () => {
    expect(isInsideWindow(DAY, at('2026-12-01 19:59:59') + 999)).toBe(true);
    expect(windowCloseAt(DAY, at('2026-12-01 19:59:59'))).toBe(at('2026-12-01 20:00'));
    expect(isInsideWindow(DAY, at('2026-12-01 20:00'))).toBe(false);
    expect(windowCloseAt(DAY, at('2026-12-01 20:00'))).toBeNull();
    expect(nextWindowOpen(DAY, at('2026-12-01 20:00'))).toBe(at('2026-12-02 08:00'));
    expect(nextWindowOpen(DAY, at('2026-12-01 07:59:59'))).toBe(at('2026-12-01 08:00'));
  });

  it('a window wrapping midnight: open from 22:00 through 05:59:59, closes at 06:00 the right day', () => {
    expect(isInsideWindow(NIGHT, at('2026-12-01 21:59:59'))).toBe(false);
    expect(nextWindowOpen(NIGHT, at('2026-12-01 21:59:59'))).toBe(at('2026-12-01 22:00'));
    expect(windowCloseAt(NIGHT, at('2026-12-01 22:00'))).toBe(at('2026-12-02 06:00'));
    expect(windowCloseAt(NIGHT, at('2026-12-02 00:00'))).toBe(at('2026-12-02 06:00'));
    expect(isInsideWindow(NIGHT, at('2026-12-02 05:59:59'))).toBe(true);
    expect(isInsideWindow(NIGHT, at('2026-12-02 06:00'))).toBe(false);
    expect(nextWindowOpen(NIGHT, at('2026-12-02 06:00'))).toBe(at('2026-12-02 22:00'));
  });

  it('refuses a malformed window time', () => {
    expect(() => isInsideWindow({ start: '8:00', end: '20:00' }, 0)).toThrow(RangeError);
  });
});

describe('a PC in another time zone', () => {
  // Late evening in Los Angeles (UTC-8) is already the next morning in Beijing: the PC's date differs.
  const NOW = '2026-12-01T05:30:00.000Z'; // LA 2026-11-30 21:30, Beijing 2026-12-01 13:30
  const probe = (tz: string) => {
    const tsx = resolve(import.meta.dirname, '../../../node_modules/tsx/dist/cli.mjs');
    const run = spawnSync(process.execPath, [tsx, resolve(import.meta.dirname, 'zone-probe.ts'), NOW], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout) as Record<string, unknown>;
  };

  it('gives Beijing answers in Los Angeles, Kiritimati (UTC+14) and UTC alike, the date picker included', () => {
    const results = ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'].map(probe);
    expect(results.map((r) => r.zoneOffsetMinutes)).toEqual([480, -840, 0]); // the zones really were in effect
    for (const r of results) {
      const { zoneOffsetMinutes: _zone, ...answers } = r;
      expect(answers).toEqual({
        at: Date.parse('2026-03-28T17:30:00.000Z'),
        formatted: '2026-03-29 01:30:00',
        dayKey: '2026-12-01',
        day: Date.parse('2026-11-30T16:00:00.000Z'),
        daysBefore: 1,
        inside: true,
        nextOpen: '2026-12-02 08:00',
        pickerToday: '2026-12-01 13:30',
        yesterdayDisabled: true,
        todayDisabled: false,
        roundTrip: '2026-12-01T12:34:00.000Z',
      });
    }
  });
});
