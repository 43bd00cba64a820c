import { describe, expect, it } from 'vitest';
import { signatureBaseString, signParams, signRequest, encodeBusinessParams } from '../../../electron/core/top/request';

// Every vector of spec §1.5.
const VECTOR_1 = {
  method: 'taobao.item.seller.get',
  app_key: '12345678',
  session: 'test',
  timestamp: '2020-01-01 12:00:00',
  format: 'json',
  v: '2.0',
};

const VECTOR_2 = {
  method: 'taobao.jst.sms.message.direct.batchsend',
  app_key: '12345678',
  session: 'test-session',
  timestamp: '2024-05-01 12:00:00',
  format: 'json',
  v: '2.0',
  simplify: 'true',
  sign_name: '测试店铺',
  sms_template_code: 'SMS_100001',
  rec_num: '["13800000000","13900000000"]',
  sms_content: '[{"name":"张三"},{"name":"李四"}]',
};

describe('signature (spec §1.5 vectors)', () => {
  it('builds the published base string for vector 1', () => {
    expect(signatureBaseString({ ...VECTOR_1, sign_method: 'md5' })).toBe(
      'app_key12345678formatjsonmethodtaobao.item.seller.getsessiontestsign_methodmd5timestamp2020-01-01 12:00:00v2.0',
    );
  });

  it.each([
    ['md5', 'A599E42DFE311554D1F1922126AC87E5'],
    ['hmac', '5C7B008810D0A3E416820839E3EF5434'],
    ['hmac-sha256', 'C59642E8789B0C6086E944BE83EEAD14702857718D4F521A715F2EAB7F0E6A81'],
  ] as const)('vector 1 with %s', (method, expected) => {
    expect(signParams({ ...VECTOR_1, sign_method: method }, 'secret', method)).toBe(expected);
  });

  it.each([
    ['md5', '5ABFC3AAFE7C506A9243034AC7F73C72'],
    ['hmac', '7DD94E142C8EF23CC70C3FD70A386D09'],
    ['hmac-sha256', '85DA89E51695D310C706D7EEC7A028A0BE4AD50952069224F0D5545898320A2E'],
  ] as const)('vector 2 (UTF-8, JSON-valued params) with %s', (method, expected) => {
    expect(signParams({ ...VECTOR_2, sign_method: method }, 'secret', method)).toBe(expected);
  });

  it('sorts vector 2 in the documented key order', () => {
    const base = signatureBaseString({ ...VECTOR_2, sign_method: 'md5' });
    const order = [
      'app_key',
      'format',
      'method',
      'rec_num',
      'session',
      'sign_method',
      'sign_name',
      'simplify',
      'sms_content',
      'sms_template_code',
      'timestamp',
      'v',
    ];
    const positions = order.map((k) => base.indexOf(k + ({ ...VECTOR_2, sign_method: 'md5' } as Record<string, string>)[k]));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('ignores `sign` and empty values, and the order params were given in', () => {
    const shuffled = Object.fromEntries(Object.entries({ ...VECTOR_1, sign_method: 'md5' }).reverse());
    expect(signParams({ ...shuffled, sign: 'WHATEVER', empty: '' }, 'secret', 'md5')).toBe('A599E42DFE311554D1F1922126AC87E5');
  });

  it('outputs uppercase hex of the right length', () => {
    expect(signParams({ a: 'b' }, 's', 'md5')).toMatch(/^[0-9A-F]{32}$/);
    expect(signParams({ a: 'b' }, 's', 'hmac')).toMatch(/^[0-9A-F]{32}$/);
    expect(signParams({ a: 'b' }, 's', 'hmac-sha256')).toMatch(/^[0-9A-F]{64}$/);
  });

  it('signRequest reproduces vector 2 end to end from typed input (session and sign_method are signed)', () => {
    const business = encodeBusinessParams({
      sign_name: '测试店铺',
      sms_template_code: 'SMS_100001',
      rec_num: JSON.stringify(['13800000000', '13900000000']),
      sms_content: JSON.stringify([{ name: '张三' }, { name: '李四' }]),
    });
    const now = Date.UTC(2024, 4, 1, 4, 0, 0); // 12:00:00 GMT+8
    for (const [signMethod, expected] of [
      ['md5', '5ABFC3AAFE7C506A9243034AC7F73C72'],
      ['hmac', '7DD94E142C8EF23CC70C3FD70A386D09'],
      ['hmac-sha256', '85DA89E51695D310C706D7EEC7A028A0BE4AD50952069224F0D5545898320A2E'],
    ] as const) {
      const wire = signRequest({ method: VECTOR_2.method, appKey: '12345678', session: 'test-session', now, signMethod, simplify: true }, business, 'secret');
      expect(wire.sign).toBe(expected);
    }
  });
});
