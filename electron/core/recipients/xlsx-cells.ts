import type { SheetRow } from './xlsx';

// XLSX cell values and merged ranges.

/** A cell as read: text, or a shared-string index resolved by the caller. */
export type RawCell = string | number;

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

/** Fills merged ranges from their top-left cell as rows stream by (ranges sorted by first row). */
export class MergeFiller {
  private readonly pending: MergeRange[];
  private active: Array<MergeRange & { value: RawCell | undefined }> = [];

  constructor(ranges: MergeRange[]) {
    this.pending = [...ranges].sort((a, b) => b.r1 - a.r1); // pop() gives the smallest r1
  }

  apply(row: SheetRow): void {
    while (this.pending.length && this.pending[this.pending.length - 1]!.r1 <= row.r) {
      const m = this.pending.pop()!;
      this.active.push({ ...m, value: m.r1 === row.r ? row.cells[m.c1] : undefined });
    }
    if (!this.active.length) return;
    this.active = this.active.filter((m) => m.r2 >= row.r);
    for (const m of this.active) {
      if (m.value === undefined) continue;
      for (let c = m.c1; c <= m.c2 && c < 16_384; c++) if (!(row.r === m.r1 && c === m.c1)) row.cells[c] = m.value;
    }
  }
}
