import { splitPastedNumbers, normalizePhone } from '../../../shared/sending/phone';
import { badFile } from './encoding';

// Streaming CSV (RFC 4180: quoted fields, "" escapes, newlines inside quotes, CRLF/LF/CR) and the
// "list" reader for TXT files and pastes (one number per line, or separated by , 、 ； tab …).

export const MAX_COLUMNS = 1_000;
export const MAX_CELL_CHARS = 32_000;

export type RowSink = (cells: string[]) => void;

const QUOTE = 34;
const LF = 10;
const CR = 13;

export class CsvParser {
  private row: string[] = [];
  private field = '';
  private inQuotes = false;
  /** Just saw a quote inside a quoted field: either "" (escape) or the closing quote. */
  private quotePending = false;
  private skipLf = false;
  private fieldStarted = false;
  private lineNo = 1;
  private quoteLine = 1;
  private readonly delim: number;

  constructor(
    delimiter: string,
    private readonly onRow: RowSink,
  ) {
    this.delim = delimiter.charCodeAt(0);
  }

  push(text: string): void {
    const delim = this.delim;
    let runStart = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (this.skipLf) {
        this.skipLf = false;
        if (c === LF) {
          runStart = i + 1;
          continue;
        }
      }
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === QUOTE) {
            this.field += '"';
            runStart = i + 1;
            continue;
          }
          this.inQuotes = false; // closing quote; fall through to unquoted handling of c
          runStart = i;
        } else {
          if (c === QUOTE) {
            this.append(text, runStart, i);
            this.quotePending = true;
            runStart = i + 1;
          } else if (c === LF) {
            this.lineNo++;
          }
          continue;
        }
      }
      if (c === delim) {
        this.append(text, runStart, i);
        this.endField();
        runStart = i + 1;
      } else if (c === LF || c === CR) {
        this.append(text, runStart, i);
        this.endRow();
        this.lineNo++;
        if (c === CR) this.skipLf = true;
        runStart = i + 1;
      } else if (c === QUOTE && !this.fieldStarted && i === runStart && this.field === '') {
        this.inQuotes = true;
        this.quoteLine = this.lineNo;
        this.fieldStarted = true;
        runStart = i + 1;
      } else {
        this.fieldStarted = true;
      }
    }
    if (!this.quotePending) this.append(text, runStart, n);
  }

  end(): void {
    if (this.inQuotes && !this.quotePending) throw badFile(`第 ${this.quoteLine} 行的引号没有闭合，文件可能被截断或格式有误。`);
    this.inQuotes = false;
    this.quotePending = false;
    if (this.field !== '' || this.row.length) this.endRow();
  }

  private append(text: string, from: number, to: number): void {
    if (to <= from) return;
    if (this.field.length + (to - from) > MAX_CELL_CHARS) {
      throw badFile(`第 ${this.lineNo} 行有一个单元格超过 ${MAX_CELL_CHARS} 个字符${this.inQuotes ? '（可能有引号没有闭合）' : ''}，文件不像号码表格。`);
    }
    this.field += text.slice(from, to);
    this.fieldStarted = true;
  }

  private endField(): void {
    this.row.push(this.field);
    this.field = '';
    this.fieldStarted = false;
    if (this.row.length > MAX_COLUMNS)
      throw badFile(`第 ${this.lineNo} 行超过 ${MAX_COLUMNS} 列。如果是一行写了很多号码，请改成每行一个号码，或用 TXT / 粘贴导入。`);
  }

  private endRow(): void {
    this.endField();
    const row = this.row;
    this.row = [];
    this.onRow(row);
  }
}

/** Tokens of a list (TXT/paste): each becomes a one-cell row. Carries an unfinished token across chunks. */
export class ListParser {
  private carry = '';

  constructor(private readonly onRow: RowSink) {}

  push(text: string): void {
    const data = this.carry + text;
    const cut = lastSeparator(data);
    if (cut < 0) {
      this.carry = data;
      if (this.carry.length > 4_096) this.emitSettled();
      return;
    }
    this.carry = data.slice(cut + 1);
    this.emit(data.slice(0, cut + 1));
  }

  end(): void {
    this.flush();
  }

  /**
   * A long run without hard separators (numbers separated by spaces only): emit every number the greedy space split
   * has settled, and carry the last one (it may still grow: "138 0013" + "8000") and the unfinished piece at the
   * end of the chunk. The split restarts from an empty state after each number, so the result equals one whole pass.
   */
  private emitSettled(): void {
    const lastSpace = /\s+\S*$/.exec(this.carry);
    if (!lastSpace) return this.flush(); // one run without any space: a single (invalid) token
    const tokens = splitPastedNumbers(this.carry.slice(0, lastSpace.index));
    const last = tokens.pop() ?? '';
    if (last.length > 4_096) return this.flush(); // not numbers: a long run of text is one (invalid) token
    for (const token of tokens) this.onRow([token.length > 256 ? token.slice(0, 256) : token]);
    this.carry = last + this.carry.slice(lastSpace.index);
  }

  private flush(): void {
    const rest = this.carry;
    this.carry = '';
    this.emit(rest);
  }

  private emit(text: string): void {
    for (const token of splitPastedNumbers(text)) this.onRow([token.length > 256 ? token.slice(0, 256) : token]);
  }
}

const LIST_SEPARATORS = /[\r\n,，;；、\t|]/;
function lastSeparator(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) if (LIST_SEPARATORS.test(text[i]!)) return i;
  return -1;
}

/** Counts fields per line for a candidate delimiter (quote-aware, good enough for sniffing). */
function fieldsPerLine(lines: string[], delim: string): number[] {
  return lines.map((line) => {
    let count = 1;
    let inQuotes = false;
    for (const ch of line) {
      if (ch === '"') inQuotes = !inQuotes;
      else if (ch === delim && !inQuotes) count++;
    }
    return count;
  });
}

function sampleLines(sample: string): string[] {
  return sample
    .split(/\r\n|\n|\r/)
    .slice(0, 60)
    .filter((l) => l.trim() !== '');
}

/** The delimiter that splits most sample lines into the same number (> 1) of fields. */
export function detectDelimiter(sample: string, candidates: readonly string[] = [',', ';', '\t']): { delimiter: string; columns: number } {
  const lines = sampleLines(sample).slice(0, 50);
  let best = { delimiter: candidates[0]!, columns: 1, score: 0 };
  for (const delim of candidates) {
    const counts = fieldsPerLine(lines, delim);
    const tally = new Map<number, number>();
    for (const c of counts) if (c > 1) tally.set(c, (tally.get(c) ?? 0) + 1);
    for (const [columns, score] of tally) {
      if (score > best.score || (score === best.score && columns > best.columns && best.score > 0)) best = { delimiter: delim, columns, score };
    }
  }
  return { delimiter: best.delimiter, columns: best.score > 0 ? best.columns : 1 };
}

/** Excel's `sep=;` first line. */
export function explicitSeparator(sample: string): string | null {
  const m = /^sep=(.)\r?\n/.exec(sample);
  return m ? m[1]! : null;
}

/**
 * TXT and paste: a table when most lines split the same way with at most one number per line (e.g. pasted
 * from Excel: number<TAB>name); a list otherwise (one number per line, or many per line).
 */
export function detectListOrTable(sample: string): { mode: 'list' } | { mode: 'table'; delimiter: string } {
  const lines = sampleLines(sample);
  if (!lines.length) return { mode: 'list' };
  const { delimiter, columns } = detectDelimiter(sample, ['\t', ',', ';', '|', '，', '；']);
  if (columns < 2) return { mode: 'list' };
  const split = lines.map((l) => l.split(delimiter));
  const consistent = split.filter((cells) => cells.length === columns).length / lines.length;
  const manyNumbers = split.some((cells) => cells.filter((c) => normalizePhone(c).ok).length > 1);
  if (manyNumbers || consistent < 0.8) return { mode: 'list' };
  return { mode: 'table', delimiter };
}
