import { describe, expect, it } from 'vitest';
import { boundedMerges, MERGE_LIMITS, MergeFiller, MAX_COLUMNS, type MergeRange } from '../../../electron/core/recipients/xlsx-cells';
import { buildXlsx, writeFixture } from './fixtures';
import { readAll, useTempDir } from './helpers';

// Issue 16 audit: 100,000 merged ranges A{r}:XFD{r} in a 749 KB file froze main (rows × merges × 16,384 columns).
// Merges are bounded by count and by covered area; columns by the CSV limit.

const { dir, ctx } = useTempDir();
const file = (name: string, data: Uint8Array) => ({ kind: 'file' as const, path: writeFixture(dir, name, data) });

function phoneRows(n: number): (string | null)[][] {
  return [['手机', '备注'], ...Array.from({ length: n }, (_, i) => [String(13800000000 + i), 'x'])];
}

describe('XLSX merged ranges are bounded', () => {
  it('refuses a file with more merged ranges than the limit, naming the fix', async () => {
    const merges = Array.from({ length: MERGE_LIMITS.count + 1 }, (_, i) => `A${i + 2}:XFD${i + 2}`);
    const wb = buildXlsx([{ name: 'S', rows: phoneRows(MERGE_LIMITS.count + 1), merges }]);
    await expect(readAll(ctx, file('many-merges.xlsx', wb))).rejects.toThrow(/合并单元格过多或过大（10001 个合并区域）.*取消合并/);
  });

  it('refuses merges whose area is too large even when they are few', async () => {
    // 3,000 full-width rows: 3,000 × 1,000 columns after clamping = 3,000,000 cells > 2,000,000.
    const merges = Array.from({ length: 3_000 }, (_, i) => `A${i + 2}:XFD${i + 2}`);
    const wb = buildXlsx([{ name: 'S', rows: phoneRows(3_000), merges }]);
    await expect(readAll(ctx, file('wide-merges.xlsx', wb))).rejects.toThrow(/合并区域覆盖的单元格过多/);
  });

  it('still fills an ordinary title merge and keeps rows no wider than the column limit', async () => {
    const rows = [['客户名单', null], ...phoneRows(3)];
    const wb = buildXlsx([{ name: 'S', rows, merges: ['A1:XFD1', 'B3:B5'] }]);
    const { rows: out } = await readAll(ctx, file('title.xlsx', wb));
    expect(out[0]).toHaveLength(MAX_COLUMNS);
    expect(out[0]!.every((c) => c === '客户名单')).toBe(true);
    expect(out.slice(2).map((r) => r[1])).toEqual(['x', 'x', 'x']);
    expect(Math.max(...out.map((r) => r.length))).toBeLessThanOrEqual(MAX_COLUMNS);
  });

  it('clamps ranges to the column limit and drops those wholly beyond it', () => {
    const ranges: MergeRange[] = [
      { r1: 1, c1: 0, r2: 1, c2: 16_383 },
      { r1: 2, c1: MAX_COLUMNS + 5, r2: 9, c2: MAX_COLUMNS + 9 },
    ];
    expect(boundedMerges(ranges)).toEqual([{ r1: 1, c1: 0, r2: 1, c2: MAX_COLUMNS - 1 }]);
  });

  it('does work proportional to covered cells, not rows × ranges', () => {
    // 5,000 one-row ranges over 20,000 rows: the filler touches each range's cells once and no more.
    const ranges = boundedMerges(Array.from({ length: 5_000 }, (_, i) => ({ r1: i * 4 + 1, c1: 0, r2: i * 4 + 1, c2: 3 })));
    const filler = new MergeFiller(ranges);
    let writes = 0;
    for (let r = 1; r <= 20_000; r++) {
      const cells = new Proxy<string[]>(['v'], {
        set(target, key, value) {
          writes++;
          return Reflect.set(target, key, value);
        },
      });
      filler.apply({ r, cells });
    }
    expect(writes).toBe(5_000 * 3);
  });
});
