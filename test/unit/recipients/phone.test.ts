import { describe, expect, it } from 'vitest';
import { INVALID_CODES, normalizePhone, splitPastedNumbers, type InvalidCode } from '../../../shared/sending/phone';
import { normalisePhone } from '../../../electron/core/mq/parse';

const VALID: Array<[string, string]> = [
  ['13800138000', '13800138000'],
  ['19912345678', '19912345678'],
  ['16612345678', '16612345678'],
  [' 13800138000 ', '13800138000'],
  ['138 0013 8000', '13800138000'],
  ['138-0013-8000', '13800138000'],
  ['138.0013.8000', '13800138000'],
  ['(138) 0013-8000', '13800138000'],
  ['（138）00138000', '13800138000'],
  ['+86 138 0013 8000', '13800138000'],
  ['+8613800138000', '13800138000'],
  ['0086 13800138000', '13800138000'],
  ['0086-138-0013-8000', '13800138000'],
  ['8613800138000', '13800138000'],
  ['86-138-0013-8000', '13800138000'],
  ['＋８６ １３８００１３８０００', '13800138000'],
  ['１３８００１３８０００', '13800138000'],
  ['138－0013－8000', '13800138000'],
  ['1.3800138E10', '13800138000'],
  ['1.3800138e+10', '13800138000'],
  ['13800138000.0', '13800138000'],
  ['13800138000.000', '13800138000'],
  ["'13800138000", '13800138000'],
  ['’13800138000', '13800138000'],
  ['="13800138000"', '13800138000'],
  ['=13800138000', '13800138000'],
  ['"13800138000"', '13800138000'],
  ['“13800138000”', '13800138000'],
  ['013800138000', '13800138000'],
  ['\u00a013800138000\u3000', '13800138000'],
  ['13800138000\t', '13800138000'],
];

const INVALID: Array<[string, InvalidCode]> = [
  ['', 'empty'],
  ['   ', 'empty'],
  ['""', 'empty'],
  ['-', 'empty'],
  ['1380013800', 'too-short'],
  ['138001', 'too-short'],
  ['8888888', 'too-short'],
  ['138001380001', 'too-long'],
  ['1380013800012345', 'too-long'],
  ['010-12345678', 'landline'],
  ['0755-88886666', 'landline'],
  ['(021) 6123 4567', 'landline'],
  ['4008123123', 'service'],
  ['800-810-8888', 'service'],
  ['1069012345678', 'service'],
  ['95588', 'service'],
  ['+852 9123 4567', 'foreign'],
  ['85291234567', 'foreign'],
  ['+853 6612 3456', 'foreign'],
  ['+886 912 345 678', 'foreign'],
  ['+1 415 555 0100', 'foreign'],
  ['0044 20 7946 0958', 'foreign'],
  ['12345678901', 'not-mobile'],
  ['10086100861', 'not-mobile'],
  ['23800138000', 'not-mobile'],
  ['138****8000', 'masked'],
  ['138xxxx8000', 'masked'],
  ['13800138000/13900139000', 'multiple'],
  ['13800138000,13900139000', 'multiple'],
  ['1.38E+10', 'lossy-float'],
  ['1.38001E+10', 'lossy-float'],
  ['abc', 'letters'],
  ['张三', 'letters'],
  ['N/A', 'letters'],
  ['13800138000x', 'letters'],
  ['tel:13800138000', 'letters'],
  ['138#0013#8000', 'garbage'],
  ['13800+138000', 'garbage'],
  ['1'.repeat(80), 'garbage'],
];

describe('normalizePhone', () => {
  it.each(VALID)('%j → %s', (raw, phone) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, phone });
  });

  it.each(INVALID)('%j is invalid (%s) with a Chinese reason', (raw, code) => {
    const result = normalizePhone(raw);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe(code);
    expect(result.reason).toMatch(/[\u4e00-\u9fff]/);
  });

  it('every invalid code fires at least once in the table', () => {
    const fired = new Set(INVALID.map(([, code]) => code));
    expect([...INVALID_CODES].filter((c) => !fired.has(c))).toEqual([]);
  });

  it('near misses stay valid: the edges of each rule', () => {
    expect(normalizePhone('13000000000').ok).toBe(true); // lowest 13x
    expect(normalizePhone('19999999999').ok).toBe(true);
    expect(normalizePhone('8613800138000').ok).toBe(true); // 86 prefix without + (13 digits)
    expect(normalizePhone('1.3800138E10').ok).toBe(true); // 8 significant digits: not a lossy display
    expect(normalizePhone('86138001380').ok).toBe(false); // 11 digits starting 86: not stripped
  });

  it('the MQ parser delegates to it and keeps foreign numbers as sent', () => {
    expect(normalisePhone('＋86 138-0013-8000')).toBe('13800138000');
    expect(normalisePhone('0085291234567')).toBe('0085291234567');
  });
});

describe('splitPastedNumbers', () => {
  const cases: Array<[string, string[]]> = [
    ['13800138000\n13900139000', ['13800138000', '13900139000']],
    ['13800138000\r\n13900139000\r\n', ['13800138000', '13900139000']],
    ['13800138000,13900139000', ['13800138000', '13900139000']],
    ['13800138000，13900139000', ['13800138000', '13900139000']],
    ['13800138000、13900139000', ['13800138000', '13900139000']],
    ['13800138000；13900139000;13700137000', ['13800138000', '13900139000', '13700137000']],
    ['13800138000\t13900139000', ['13800138000', '13900139000']],
    ['13800138000 13900139000', ['13800138000', '13900139000']],
    ['138 0013 8000', ['138 0013 8000']],
    ['+86 138 0013 8000 13900139000', ['+86 138 0013 8000', '13900139000']],
    ['13800138000 abc 13900139000', ['13800138000', 'abc', '13900139000']],
    ['\n\n , ,\n', []],
    ['138-0013-8000\n\n\n+86 139 0013 9000', ['138-0013-8000', '+86 139 0013 9000']],
  ];
  it.each(cases)('%j', (text, expected) => {
    expect(splitPastedNumbers(text)).toEqual(expected);
  });
});
