import { describe, expect, it } from 'vitest';
import { PhoneIndex } from '../../../electron/core/recipients/phone-index';

describe('PhoneIndex', () => {
  it('keeps the first row per number through growth, like a Map', () => {
    const index = new PhoneIndex(4);
    const reference = new Map<number, number>();
    // Mismatches are collected and asserted once: 200k expect() calls took > 20 s on a busy machine.
    const mismatches: string[] = [];
    for (let row = 1; row <= 200_000; row++) {
      const phone = 13000000000 + ((row * 7919) % 150_000); // repeats after 150k distinct numbers
      const expected = reference.get(phone) ?? -1;
      if (expected < 0) reference.set(phone, row);
      const got = index.addIfAbsent(phone, row);
      if (got !== expected && mismatches.length < 10) mismatches.push(`row ${row}: ${got} instead of ${expected}`);
    }
    expect(mismatches).toEqual([]);
    expect(index.size).toBe(reference.size);
    expect(index.get(13000000000 + 7919)).toBe(1);
    expect(index.get(19999999999)).toBe(-1);
  });
});
