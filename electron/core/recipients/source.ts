import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { MAX_UPLOAD_BYTES } from '../../../shared/uploads/contract';
import type { CoreContext } from '../context';
import { badFile, refuseBinary } from './encoding';
import { readHead, type OpenedSource } from './opened-source';
import { pasteSource, textSource } from './text-source';
import { tooBig, uploadStore } from './uploads';
import { XlsxReader } from './xlsx';
import { MergeFiller, type MergeRange, type RawCell, type SheetRow, boundedMerges } from './xlsx-cells';
import type { ZipLimits } from './zip';
import { type RecipientSource, type SourceFormat } from '../../../shared/recipients/contract';

/** What the readers accept: the contract's sources, plus a local file for the CLI and tests. */
export type AnySource = RecipientSource | { kind: 'file'; path: string; name?: string; sheet?: string };

export interface OpenOptions {
  zipLimits?: ZipLimits;
}

const SNIFF_BYTES = 64 * 1024;
/** Hand the event loop back at least this often while a big source is read. */
const SLICE_MS = 12;

export async function openSource(ctx: Pick<CoreContext, 'profileDir' | 'onClose'>, source: AnySource, options: OpenOptions = {}): Promise<OpenedSource> {
  if (source.kind === 'paste') return pasteSource(source.text);
  const file = source.kind === 'upload' ? uploadStore(ctx).file(source.uploadId) : await localFile(source.path, source.name);
  if (file.size > MAX_UPLOAD_BYTES) throw tooBig(file.size);
  if (file.size === 0) throw badFile(`文件“${file.name}”是空的。`);
  const head = await readHead(file.path, SNIFF_BYTES);
  const format = formatOf(file.name, head);
  if (format === 'xlsx') return xlsxSource(file, source.sheet ?? null, options.zipLimits);
  refuseBinary(head, file.name);
  return textSource(file, format, head);
}

async function localFile(path: string, name?: string) {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw badFile(`“${path}”不是文件。`);
    return { path, name: name ?? basename(path), size: s.size };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw badFile(`找不到文件“${path}”。`);
    throw error;
  }
}

function formatOf(name: string, head: Uint8Array): SourceFormat {
  const ext = extname(name).toLowerCase();
  const isZip = head[0] === 0x50 && head[1] === 0x4b;
  if (ext === '.xls' && !isZip) throw badFile(`“${name}”是旧版 Excel（.xls），无法读取。请在 Excel 中另存为 .xlsx 或 CSV。`);
  if (ext === '.xlsx' || ext === '.xlsm') {
    if (!isZip) {
      refuseBinary(head, name);
      throw badFile(`“${name}”不是有效的 .xlsx 文件（可能是改了扩展名的文本或已损坏）。请在 Excel 中重新另存为 .xlsx，或改成 .csv。`);
    }
    return 'xlsx';
  }
  if (ext === '.csv') return 'csv';
  if (ext === '.txt' || ext === '.tsv' || ext === '.text') return 'txt';
  return isZip ? 'xlsx' : 'csv';
}

// ---- XLSX ----

async function xlsxSource(file: { path: string; name: string; size: number }, sheetName: string | null, limits?: ZipLimits): Promise<OpenedSource> {
  const buf = await readFile(file.path);
  const reader = new XlsxReader(buf, limits);
  const sheet = reader.sheet(sheetName);
  const toText = (cells: RawCell[], strings: string[]): string[] => {
    const out = new Array<string>(cells.length);
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i];
      out[i] = c === undefined ? '' : typeof c === 'number' ? (strings[c] ?? '') : c;
    }
    return out;
  };
  return {
    format: 'xlsx',
    encoding: null,
    fileName: file.name,
    sheets: reader.sheets.map((s) => s.name),
    sheet: sheet.name,
    totalBytes: file.size,
    async head(maxRows) {
      const raw: SheetRow[] = [];
      const dim = { rows: null as number | null };
      await drive(reader.dimensionRows(sheet, dim));
      await drive(
        reader.rows(
          sheet,
          (row) => raw.push(row),
          () => raw.length >= maxRows,
        ),
      );
      let maxIndex = -1;
      for (const row of raw) for (const c of row.cells) if (typeof c === 'number' && c > maxIndex) maxIndex = c;
      const strings: string[] = [];
      if (maxIndex >= 0) await drive(reader.sharedStrings(strings, maxIndex));
      const rows = withGaps(raw).map((r) => toText(r.cells, strings));
      const complete = raw.length < maxRows;
      return { rows, complete, rowsEstimate: complete ? rows.length : Math.max(dim.rows ?? 0, rows.length) };
    },
    async *batches() {
      const merges: MergeRange[] = [];
      await drive(reader.merges(sheet, merges));
      const bounded = boundedMerges(merges);
      const filler = bounded.length ? new MergeFiller(bounded) : null;
      const strings: string[] = [];
      await drive(reader.sharedStrings(strings));
      let pending: string[][] = [];
      let lastR = 0;
      let sliceStart = performance.now();
      for (const _ of reader.rows(sheet, (row) => {
        filler?.apply(row);
        // Rows Excel leaves out (empty) keep their place, so row numbers match the sheet (gaps capped).
        for (let gap = Math.min(row.r - lastR - 1, 1_000); gap > 0; gap--) pending.push([]);
        lastR = row.r;
        pending.push(toText(row.cells, strings));
      })) {
        if (pending.length >= 5_000 || performance.now() - sliceStart > SLICE_MS) {
          yield { rows: pending, bytesRead: 0 };
          pending = [];
          await yieldToLoop();
          sliceStart = performance.now();
        }
      }
      yield { rows: pending, bytesRead: file.size };
    },
  };
}

function withGaps(rows: SheetRow[]): SheetRow[] {
  const out: SheetRow[] = [];
  let last = 0;
  for (const row of rows) {
    for (let r = last + 1; r < row.r && r - last <= 1_000; r++) out.push({ r, cells: [] });
    out.push(row);
    last = row.r;
  }
  return out;
}

/** Runs a step generator, handing the event loop back every few milliseconds. */
export async function drive(steps: Generator<void, void, void>): Promise<void> {
  let start = performance.now();
  for (const _ of steps) {
    if (performance.now() - start > SLICE_MS) {
      await yieldToLoop();
      start = performance.now();
    }
  }
}
