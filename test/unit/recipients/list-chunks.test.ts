import { describe, expect, it } from 'vitest';
import { ListParser } from '../../../electron/core/recipients/csv';
import { splitPastedNumbers } from '../../../shared/sending/phone';

// Issue 16 audit: a space-separated TXT lost the number at every 256 KB read boundary (106 invalid rows in 20 MB).
// Fed in any chunking, the list parser gives exactly what one pass over the whole text gives.

function parse(text: string, chunk: number): string[] {
  const rows: string[] = [];
  const parser = new ListParser((cells) => rows.push(cells[0]!));
  for (let i = 0; i < text.length; i += chunk) parser.push(text.slice(i, i + chunk));
  parser.end();
  return rows;
}

const numbers = Array.from({ length: 30_000 }, (_, i) => String(13_800_000_000 + i * 7));

describe('list parser across chunk boundaries', () => {
  it.each([4_097, 65_536, 256 * 1024, 9_973])('space-separated numbers in %i-character chunks are all whole', (chunk) => {
    const text = numbers.join(' ');
    const rows = parse(text, chunk);
    expect(rows).toEqual(numbers);
  });

  it('numbers written with inner spaces ("138 0013 8000") survive a cut inside them', () => {
    const spaced = numbers.slice(0, 3_000).map((n) => `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`);
    const text = spaced.join('  ');
    for (const chunk of [4_099, 5_003, 7_919]) expect(parse(text, chunk)).toEqual(splitPastedNumbers(text));
  });

  it('a long run of words without separators stays bounded and is kept as invalid tokens', () => {
    const text = 'abc '.repeat(5_000);
    const rows = parse(text, 1_000);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.length <= 256)).toBe(true);
  });
});
