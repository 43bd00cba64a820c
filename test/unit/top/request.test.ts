import { afterEach, describe, expect, it } from 'vitest';
import { encodeBusinessParams, encodeParamValue, formEncode, signRequest, topTimestamp } from '../../../electron/core/top/request';
import { beijingDate } from '../../../shared/time/beijing';

describe('timestamp (GMT+8 regardless of the PC time zone)', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('formats yyyy-MM-dd HH:mm:ss in GMT+8', () => {
    expect(topTimestamp(Date.UTC(2024, 4, 1, 4, 0, 0))).toBe('2024-05-01 12:00:00');
    // 23:30 UTC on New Year's Eve is already the next year in Beijing.
    expect(topTimestamp(Date.UTC(2023, 11, 31, 23, 30, 5))).toBe('2024-01-01 07:30:05');
    expect(topTimestamp(Date.UTC(2024, 1, 28, 16, 0, 0))).toBe('2024-02-29 00:00:00');
    expect(beijingDate(Date.UTC(2024, 1, 28, 16, 0, 0))).toBe('20240229');
    expect(beijingDate(Date.UTC(2024, 1, 28, 15, 59, 59))).toBe('20240228');
  });

  it.each(['America/New_York', 'Asia/Tokyo', 'Pacific/Kiritimati', 'Etc/GMT+12', 'UTC', 'Europe/London'])('ignores TZ=%s', (tz) => {
    const instant = Date.UTC(2024, 6, 15, 20, 5, 9); // a summer date, so DST zones are in DST
    process.env.TZ = tz;
    // Prove the zone change took effect in this process (local hour differs from UTC hour except for UTC/London-winter).
    const localHour = new Date(instant).getHours();
    if (tz === 'America/New_York') expect(localHour).toBe(16);
    if (tz === 'Asia/Tokyo') expect(localHour).toBe(5);
    expect(topTimestamp(instant)).toBe('2024-07-16 04:05:09');
  });
});

describe('parameter encoding (spec §1.4)', () => {
  it('encodes each declared type', () => {
    expect(encodeParamValue('x')).toBe('x');
    expect(encodeParamValue(12)).toBe('12');
    expect(encodeParamValue(true)).toBe('true');
    expect(encodeParamValue(false)).toBe('false');
    expect(encodeParamValue(new Date(Date.UTC(2024, 4, 1, 4, 0, 0)))).toBe('2024-05-01 12:00:00');
    expect(encodeParamValue({ template_code: 'SMS_1', n: 1 })).toBe('{"template_code":"SMS_1","n":1}');
    expect(encodeParamValue(['a', 'b', 3])).toBe('a,b,3');
    expect(encodeParamValue([{ file_name: 'a' }])).toBe('[{"file_name":"a"}]');
  });

  it('never sends empty values', () => {
    expect(encodeParamValue('')).toBeUndefined();
    expect(encodeParamValue(null)).toBeUndefined();
    expect(encodeParamValue(undefined)).toBeUndefined();
    expect(encodeBusinessParams({ a: '', b: undefined, c: null, d: 'x' })).toEqual({ d: 'x' });
  });

  it('refuses non-finite numbers and business params that shadow system params', () => {
    expect(() => encodeParamValue(Number.NaN)).toThrow();
    expect(() => encodeBusinessParams({ sign: 'x' })).toThrow(/system parameter/);
    expect(() => encodeBusinessParams({ timestamp: 'x' })).toThrow(/system parameter/);
  });
});

describe('request building', () => {
  const now = Date.UTC(2024, 4, 1, 4, 0, 0);

  it('sends every system parameter', () => {
    const wire = signRequest(
      { method: 'taobao.jst.sms.template.query', appKey: 'ak', session: 'sess', now, signMethod: 'hmac-sha256', simplify: true, partnerId: 'jst-sms-desk-1' },
      { q: '1' },
      'secret',
    );
    expect(wire).toMatchObject({
      method: 'taobao.jst.sms.template.query',
      app_key: 'ak',
      session: 'sess',
      timestamp: '2024-05-01 12:00:00',
      v: '2.0',
      format: 'json',
      simplify: 'true',
      sign_method: 'hmac-sha256',
      partner_id: 'jst-sms-desk-1',
      q: '1',
    });
    expect(wire.sign).toMatch(/^[0-9A-F]{64}$/);
  });

  it('omits an empty session and partner id and can turn simplify off', () => {
    const wire = signRequest({ method: 'm.x', appKey: 'ak', session: '', now, signMethod: 'md5', simplify: false }, {}, 'secret');
    expect(wire).not.toHaveProperty('session');
    expect(wire).not.toHaveProperty('partner_id');
    expect(wire.simplify).toBe('false');
    expect(wire.sign).toMatch(/^[0-9A-F]{32}$/);
  });

  it('form-encodes UTF-8', () => {
    expect(formEncode({ sign_name: '测试店铺', x: 'a b&c' })).toBe('sign_name=%E6%B5%8B%E8%AF%95%E5%BA%97%E9%93%BA&x=a+b%26c');
  });
});
