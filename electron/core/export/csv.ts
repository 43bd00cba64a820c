import type { FilePayload } from '../../../shared/contract-kit';
import { formatBeijing } from '../../../shared/time/beijing';

// CSV for the seller's Excel: UTF-8 with a BOM (else Excel shows Chinese as mojibake), CRLF, RFC 4180 quoting,
// and a formula-injection guard: a cell starting with = + - @ (or tab/CR) gets a leading ' so Excel shows it
// as text instead of evaluating it (untrusted cells such as reply text or raw imported values).

const BOM = '\uFEFF';
const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvCell = string | number | boolean | null | undefined;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

/** Builds a CSV in pieces (big exports add rows page by page) and returns it as a FilePayload. */
export class CsvWriter {
  private readonly parts: Buffer[] = [];
  private pending = '';
  private bytes = 0;

  constructor(header?: readonly CsvCell[]) {
    this.pending = BOM;
    if (header) this.row(header);
  }

  row(cells: readonly CsvCell[]): void {
    this.pending += csvLine(cells);
    if (this.pending.length > 64 * 1024) this.flush();
  }

  get size(): number {
    return this.bytes + Buffer.byteLength(this.pending);
  }

  toBuffer(): Buffer {
    this.flush();
    return Buffer.concat(this.parts);
  }

  toFile(fileName: string): FilePayload {
    return { fileName, mime: 'text/csv;charset=utf-8', data: this.toBuffer().toString('base64') };
  }

  private flush(): void {
    if (!this.pending) return;
    const buf = Buffer.from(this.pending, 'utf8');
    this.parts.push(buf);
    this.bytes += buf.length;
    this.pending = '';
  }
}

/** File names for exports: Beijing date and time, e.g. 免打扰名单-20261201-1530.csv. */
export function exportFileName(base: string, now: number): string {
  return `${base}-${formatBeijing(now).replace(/[-:]/g, '').replace(' ', '-')}.csv`;
}
