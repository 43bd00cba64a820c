import { MAX_COLUMNS } from './csv';
import { badFile } from './encoding';

// XLSX cell values and merged ranges.

/**
 * Columns read from a sheet: the CSV limit. Cells beyond it are ignored (XLSX cells carry their own address, so
 * nothing shifts); a cell or a merge reaching XFD would otherwise make every row 16,384 cells wide (a 749 KB file of
 * such merges held main at 100 % CPU for minutes).
 */
export { MAX_COLUMNS };

/** Merged ranges a file may carry: count, and cells they cover (columns clamped to MAX_COLUMNS). */
export const MERGE_LIMITS = { count: 10_000, cells: 2_000_000 } as const;

/** A cell as read: text, or a shared-string index resolved by the caller. */
export type RawCell = string | number;

export interface SheetRow {
  /** 1-based row number in the sheet. */
  r: number;
  cells: RawCell[];
}

export interface MergeRange {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}

export function cellValue(type: string, value: string): RawCell {
  switch (type) {
    case 's': {
      const index = Number(value);
      return Number.isInteger(index) && index >= 0 ? index : '';
    }
    case 'b':
      return value === '1' ? 'TRUE' : 'FALSE';
    case 'n':
      return formatNumber(value);
    default:
      return value; // inlineStr, str (formula text), e (#N/A), d (ISO date)
  }
}

/** Numbers as Excel shows them in General format: 1.3800138E10 → 13800138000, 0.1+0.2 → 0.3. */
export function formatNumber(value: string): string {
  const text = value.trim();
  if (/^-?\d+$/.test(text)) return text;
  const n = Number(text);
  if (!Number.isFinite(n) || text === '') return text;
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(Number(n.toPrecision(15)));
}

/**
 * Ranges clamped to MAX_COLUMNS, dropping those wholly beyond it; refuses a file whose merges exceed MERGE_LIMITS
 * (filling costs rows × columns for each range, so the bound is on the area, not just the count).
 */
export function boundedMerges(ranges: MergeRange[]): MergeRange[] {
  if (ranges.length > MERGE_LIMITS.count) throw tooManyMerges(`${ranges.length} 个合并区域`);
  const out: MergeRange[] = [];
  let cells = 0;
  for (const m of ranges) {
    if (m.r2 < m.r1 || m.c2 < m.c1 || m.c1 >= MAX_COLUMNS) continue;
    const clamped = { ...m, c2: Math.min(m.c2, MAX_COLUMNS - 1) };
    cells += (clamped.r2 - clamped.r1 + 1) * (clamped.c2 - clamped.c1 + 1);
    if (cells > MERGE_LIMITS.cells) throw tooManyMerges('合并区域覆盖的单元格过多');
    out.push(clamped);
  }
  return out;
}

function tooManyMerges(what: string) {
  return badFile(`表格中的合并单元格过多或过大（${what}），无法安全读取。请在 Excel 中选中全部单元格、取消合并后重新保存再导入。`);
}

/** Fills merged ranges (already bounded) from their top-left cell as rows stream by. */
export class MergeFiller {
  private readonly pending: MergeRange[];
  private active: Array<MergeRange & { value: RawCell | undefined }> = [];
  /** Smallest r2 among active ranges: the list is only filtered when a range has ended. */
  private nextEnd = Number.POSITIVE_INFINITY;

  constructor(ranges: MergeRange[]) {
    this.pending = [...ranges].sort((a, b) => b.r1 - a.r1); // pop() gives the smallest r1
  }

  apply(row: SheetRow): void {
    while (this.pending.length && this.pending[this.pending.length - 1]!.r1 <= row.r) {
      const m = this.pending.pop()!;
      this.active.push({ ...m, value: m.r1 === row.r ? row.cells[m.c1] : undefined });
      this.nextEnd = Math.min(this.nextEnd, m.r2);
    }
    if (!this.active.length) return;
    if (row.r > this.nextEnd) {
      this.active = this.active.filter((m) => m.r2 >= row.r);
      this.nextEnd = this.active.reduce((min, m) => Math.min(min, m.r2), Number.POSITIVE_INFINITY);
    }
    for (const m of this.active) {
      if (m.value === undefined) continue;
      for (let c = m.c1; c <= m.c2; c++) if (!(row.r === m.r1 && c === m.c1)) row.cells[c] = m.value;
    }
  }
}
