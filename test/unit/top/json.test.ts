import { describe, expect, it } from 'vitest';
import { parseJsonLossless } from '../../../electron/core/top/json';

describe('lossless JSON', () => {
  it('keeps integers above 2^53 exact, as strings', () => {
    const parsed = parseJsonLossless('{"id":1590159531380428537,"small":42,"neg":-9007199254740993,"f":1.5,"e":1e3}') as Record<string, unknown>;
    expect(parsed.id).toBe('1590159531380428537');
    expect(parsed.neg).toBe('-9007199254740993');
    expect(parsed.small).toBe(42);
    expect(parsed.f).toBe(1.5);
    expect(parsed.e).toBe(1000);
    // Plain JSON.parse would have rounded it.
    expect(String((JSON.parse('{"id":1590159531380428537}') as { id: number }).id)).not.toBe('1590159531380428537');
  });

  it('keeps the largest safe integer a number', () => {
    expect(parseJsonLossless('[9007199254740991, 9007199254740992]')).toEqual([9007199254740991, '9007199254740992']);
  });

  it('parses nested structures, escapes and unicode like JSON.parse', () => {
    const text = '{"a":[1,{"b":"x\\"y\\\\z\\u4e2d"}],"c":null,"d":true,"e":false,"big":[12345678901234567890],"s":"1234567890123456789"}';
    const parsed = parseJsonLossless(text) as Record<string, unknown>;
    expect(parsed).toEqual({ a: [1, { b: 'x"y\\z中' }], c: null, d: true, e: false, big: ['12345678901234567890'], s: '1234567890123456789' });
  });

  it('keeps "__proto__" as plain data', () => {
    const parsed = parseJsonLossless('{"__proto__":{"polluted":1},"n":12345678901234567890}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(parsed)).toContain('__proto__');
  });

  it('rejects invalid JSON on both paths', () => {
    expect(() => parseJsonLossless('{"a":1,}')).toThrow(SyntaxError);
    expect(() => parseJsonLossless('{"a":12345678901234567890,}')).toThrow(SyntaxError);
    expect(() => parseJsonLossless('{"a":12345678901234567890} x')).toThrow(SyntaxError);
    expect(() => parseJsonLossless('<html>12345678901234567</html>')).toThrow(SyntaxError);
  });
});
