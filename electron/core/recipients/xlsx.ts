import sax from 'sax';
import { badFile } from './encoding';
import { cellValue, columnIndex, type MergeRange, type RawCell, type SheetRow, MAX_COLUMNS, MERGE_LIMITS } from './xlsx-cells';
import { ZipReader, type ZipLimits } from './zip';

// XLSX (Office Open XML) reader: workbook.xml for the sheet list, sharedStrings.xml and the chosen sheet parsed
// with sax while they inflate. Cells: shared strings, inline strings, numbers (1.3800138E10 → 13800138000),
// booleans, formulas (their cached value), merged ranges (filled from the top-left cell). DOCTYPE refused.

export interface XlsxSheet {
  name: string;
  path: string;
}

type Handlers = {
  open?: (name: string, attrs: Record<string, string>) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
};

const localName = (name: string) => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

/** A sax parser (strict) that refuses DOCTYPE and reports XML errors in Chinese. */
function xmlParser(part: string, h: Handlers) {
  const parser = sax.parser(true, { trim: false, normalize: false, position: false });
  parser.onerror = (error) => {
    throw badFile(`Excel 文件中的 ${part} 不是有效的 XML（${String(error.message).split('\n')[0]}）。`);
  };
  parser.ondoctype = () => {
    throw badFile(`Excel 文件中的 ${part} 含有 DOCTYPE/实体声明，出于安全原因拒绝读取。请在 Excel 中重新保存。`);
  };
  if (h.open) parser.onopentag = (node) => h.open!(localName(node.name), node.attributes as Record<string, string>);
  if (h.close) parser.onclosetag = (name) => h.close!(localName(name));
  if (h.text) {
    parser.ontext = h.text;
    parser.oncdata = h.text;
  }
  return parser;
}

export class XlsxReader {
  private readonly zip: ZipReader;
  readonly sheets: XlsxSheet[];
  private readonly sharedStringsPath: string | null;

  constructor(buf: Uint8Array, limits?: ZipLimits) {
    this.zip = new ZipReader(buf, limits);
    const rootRels = this.zip.has('_rels/.rels') ? this.rels('_rels/.rels', '') : [];
    const workbookPath = rootRels.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
    if (!this.zip.has(workbookPath)) throw badFile('这不是有效的 Excel 工作簿（找不到 workbook.xml）。请确认文件是 .xlsx 格式。');
    const dir = workbookPath.includes('/') ? workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1) : '';
    const relsPath = `${dir}_rels/${workbookPath.slice(dir.length)}.rels`;
    const rels = this.zip.has(relsPath) ? this.rels(relsPath, dir) : [];
    const byId = new Map(rels.map((r) => [r.id, r.target]));
    const sheets: XlsxSheet[] = [];
    this.readSmall(workbookPath, {
      open: (name, a) => {
        if (name !== 'sheet') return;
        const rid = a['r:id'] ?? Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1] ?? '';
        const path = byId.get(rid) ?? `${dir}worksheets/sheet${sheets.length + 1}.xml`;
        sheets.push({ name: a.name ?? `Sheet${sheets.length + 1}`, path });
      },
    });
    this.sheets = sheets.filter((s) => this.zip.has(s.path));
    if (!this.sheets.length) throw badFile('Excel 工作簿里没有可读取的工作表。');
    const ss = rels.find((r) => r.type.endsWith('/sharedStrings'))?.target ?? `${dir}sharedStrings.xml`;
    this.sharedStringsPath = this.zip.has(ss) ? ss : null;
  }

  sheet(name?: string | null): XlsxSheet {
    if (!name) return this.sheets[0]!;
    const found = this.sheets.find((s) => s.name === name);
    if (!found) throw badFile(`工作表“${name}”不存在。可选：${this.sheets.map((s) => s.name).join('、')}`);
    return found;
  }

  /** Shared strings up to index `upTo` (inclusive; all when omitted). Rich text runs joined, phonetic runs dropped. */
  *sharedStrings(out: string[], upTo = Number.POSITIVE_INFINITY): Generator<void, void, void> {
    if (!this.sharedStringsPath) return;
    let current: string | null = null;
    let inT = false;
    let inPhonetic = 0;
    let done = false;
    const parser = xmlParser('sharedStrings.xml', {
      open: (name) => {
        if (name === 'si') current = '';
        else if (name === 't' && inPhonetic === 0) inT = true;
        else if (name === 'rPh') inPhonetic++;
      },
      close: (name) => {
        if (name === 't') inT = false;
        else if (name === 'rPh') inPhonetic--;
        else if (name === 'si') {
          out.push(current ?? '');
          current = null;
          if (out.length > upTo) done = true;
        }
      },
      text: (t) => {
        if (inT && current !== null) current += t;
      },
    });
    yield* this.stream(this.sharedStringsPath, parser, () => done);
  }

  /** The sheet's <dimension ref="A1:C1000"/> row count, read from its start; null when absent. */
  *dimensionRows(sheet: XlsxSheet, out: { rows: number | null }): Generator<void, void, void> {
    let done = false;
    const parser = xmlParser(sheet.path, {
      open: (name, a) => {
        if (name === 'dimension') {
          const m = /:?[A-Z]*(\d+)$/.exec(a.ref ?? '');
          out.rows = m ? Number(m[1]) : null;
          done = true;
        } else if (name === 'sheetData') done = true;
      },
    });
    yield* this.stream(sheet.path, parser, () => done);
  }

  /** Merged ranges (they follow sheetData, so this reads the whole sheet, without building rows). */
  *merges(sheet: XlsxSheet, out: MergeRange[]): Generator<void, void, void> {
    const marker = Buffer.from('<mergeCell');
    let tail = '';
    let carry = Buffer.alloc(0);
    let found = false;
    yield* this.zip.inflate(sheet.path, (bytes) => {
      const chunk = carry.length ? Buffer.concat([carry, bytes]) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (!found) {
        const at = chunk.indexOf(marker);
        if (at < 0) {
          carry = Buffer.from(chunk.subarray(Math.max(0, chunk.length - marker.length)));
          return;
        }
        found = true;
        tail += chunk.subarray(at).toString('latin1');
      } else if (tail.length < 8 * 1024 * 1024) {
        tail += Buffer.from(bytes).toString('latin1');
      }
      carry = Buffer.alloc(0);
    });
    // One past the limit is enough for the caller to refuse the file; parsing the rest would only cost time.
    for (const m of tail.matchAll(/<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"/g)) {
      out.push({ r1: Number(m[2]), c1: columnIndex(m[1]!), r2: Number(m[4]), c2: columnIndex(m[3]!) });
      if (out.length > MERGE_LIMITS.count) break;
    }
  }

  /** Rows of a sheet as they inflate; onRow is called synchronously; return false from `stop` to end early. */
  *rows(sheet: XlsxSheet, onRow: (row: SheetRow) => void, stop: () => boolean = () => false): Generator<void, void, void> {
    let row: RawCell[] = [];
    let r = 0;
    let col = -1;
    let type = '';
    let value: string | null = null;
    let capture: 'v' | 't' | null = null;
    let inInline = false;
    let inPhonetic = 0;
    let inSheetData = false;
    const parser = xmlParser(sheet.path, {
      open: (name, a) => {
        switch (name) {
          case 'sheetData':
            inSheetData = true;
            break;
          case 'row':
            r = a.r ? Number(a.r) : r + 1;
            row = [];
            col = -1;
            break;
          case 'c':
            col = a.r ? columnIndex(a.r.replace(/\d+$/, '')) : col + 1;
            type = a.t ?? 'n';
            value = null;
            break;
          case 'v':
            if (!inInline) {
              capture = 'v';
              value = '';
            }
            break;
          case 'is':
            inInline = true;
            value = '';
            break;
          case 'rPh':
            inPhonetic++;
            break;
          case 't':
            if (inInline && inPhonetic === 0) capture = 't';
            break;
        }
      },
      close: (name) => {
        switch (name) {
          case 'v':
          case 't':
            capture = null;
            break;
          case 'is':
            inInline = false;
            break;
          case 'rPh':
            inPhonetic--;
            break;
          case 'c':
            if (inSheetData && col >= 0 && col < MAX_COLUMNS && value !== null) row[col] = cellValue(type, value);
            break;
          case 'row':
            if (inSheetData) onRow({ r, cells: row });
            break;
          case 'sheetData':
            inSheetData = false;
            break;
        }
      },
      text: (t) => {
        if (capture && value !== null) value += t;
      },
    });
    yield* this.stream(sheet.path, parser, stop);
  }

  private *stream(path: string, parser: sax.SAXParser, stop: () => boolean): Generator<void, void, void> {
    const decoder = new TextDecoder('utf-8');
    yield* this.zip.inflate(path, (bytes) => {
      parser.write(decoder.decode(bytes, { stream: true }));
      return !stop();
    });
    if (!stop()) parser.write(decoder.decode()).close();
  }

  private readSmall(path: string, h: Handlers): void {
    for (const _ of this.stream(path, xmlParser(path, h), () => false));
  }

  private rels(path: string, base: string): Array<{ id: string; type: string; target: string }> {
    const out: Array<{ id: string; type: string; target: string }> = [];
    this.readSmall(path, {
      open: (name, a) => {
        if (name !== 'Relationship' || a.TargetMode === 'External') return;
        const target = a.Target ?? '';
        out.push({ id: a.Id ?? '', type: a.Type ?? '', target: target.startsWith('/') ? target.slice(1) : resolvePath(base, target) });
      },
    });
    return out;
  }
}

function resolvePath(base: string, target: string): string {
  const parts = (base + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}
