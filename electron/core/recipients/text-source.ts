import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { SourceFormat } from '../../../shared/recipients/contract';
import { CsvParser, ListParser, detectDelimiter, detectListOrTable, explicitSeparator } from './csv';
import { badFile, createDecoder, detectEncoding, findGarbledLines, trimPartialUtf8, type TextEncoding } from './encoding';
import { readHead, type OpenedSource } from './opened-source';

// CSV and TXT files (streamed, encoding detected over the whole file) and pastes.

const READ_CHUNK = 256 * 1024;
const SNIFF_BYTES = 64 * 1024;
const HEAD_BYTES = 256 * 1024;

type TextLayout = { mode: 'csv'; delimiter: string; skipFirst: boolean } | { mode: 'list' } | { mode: 'table'; delimiter: string };

function layoutFor(format: SourceFormat, sample: string): TextLayout {
  if (format === 'csv') {
    const sep = explicitSeparator(sample);
    if (sep) return { mode: 'csv', delimiter: sep, skipFirst: true };
    return { mode: 'csv', delimiter: detectDelimiter(sample).delimiter, skipFirst: false };
  }
  const layout = detectListOrTable(sample);
  return layout.mode === 'list' ? layout : { mode: 'table', delimiter: layout.delimiter };
}

function rowParser(layout: TextLayout, sink: (cells: string[]) => void): { push(text: string): void; end(): void } {
  if (layout.mode === 'list') return new ListParser(sink);
  let skip = layout.mode === 'csv' && layout.skipFirst;
  return new CsvParser(layout.delimiter, (cells) => {
    if (skip) skip = false;
    else sink(cells);
  });
}

/** UTF-8 validity of the whole file, read in 1 MB steps (a GBK character after the sample still counts). */
async function wholeFileIsUtf8(path: string): Promise<boolean> {
  let carry: Uint8Array = new Uint8Array(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const complete = trimPartialUtf8(data);
    if (!isUtf8(complete)) return false;
    carry = data.subarray(complete.length);
    if (carry.length > 3) return false;
  }
  return carry.length === 0 || isUtf8(carry);
}

export function textSource(file: { path: string; name: string; size: number }, format: SourceFormat, sniff: Uint8Array): OpenedSource {
  const complete = sniff.length >= file.size;
  const sniffEncoding = detectEncoding(sniff, file.name, complete);
  const decodeSample = (encoding: TextEncoding) => {
    const decoder = createDecoder(encoding);
    return decoder.write(sniff) + (complete ? decoder.end() : '');
  };
  /** The sniffed encoding, unless a byte after the sniff window is not UTF-8 (then the whole file is GB18030). */
  const wholeFileEncoding = async (): Promise<TextEncoding> =>
    sniffEncoding === 'utf-8' && !complete && !(await wholeFileIsUtf8(file.path)) ? 'gb18030' : sniffEncoding;
  const opened: OpenedSource = {
    format,
    encoding: sniffEncoding,
    fileName: file.name,
    sheets: [],
    sheet: null,
    totalBytes: file.size,
    async head(maxRows) {
      const bytes = file.size <= HEAD_BYTES ? await readFile(file.path) : await readHead(file.path, HEAD_BYTES);
      const whole = bytes.length >= file.size;
      const encoding = whole && sniffEncoding === 'utf-8' && !isUtf8(bytes) ? 'gb18030' : sniffEncoding;
      opened.encoding = encoding;
      const decoder = createDecoder(encoding);
      const text = decoder.write(bytes) + (whole ? decoder.end() : '');
      const rows: string[][] = [];
      const parser = rowParser(layoutFor(format, decodeSample(encoding)), (cells) => rows.push(cells));
      // A cut at the end of the window may leave the last row (or an open quote) unfinished: drop it.
      // (Without any line end in the window the first line is fed as is, so an over-long line is refused here too.)
      const lastLf = text.lastIndexOf('\n');
      const usable = whole || lastLf < 0 ? text : text.slice(0, lastLf);
      try {
        parser.push(usable);
        if (whole || lastLf >= 0) parser.end();
      } catch (error) {
        if (whole || rows.length === 0) throw error;
      }
      const all = rows.length;
      const estimate = whole ? all : Math.round((all * file.size) / Math.max(bytes.length, 1));
      return { rows: rows.slice(0, maxRows), complete: whole, rowsEstimate: estimate };
    },
    async garbledLines() {
      const encoding = await wholeFileEncoding();
      opened.encoding = encoding;
      return findGarbledLines(createReadStream(file.path, { highWaterMark: READ_CHUNK }) as AsyncIterable<Buffer>, encoding);
    },
    async *batches() {
      const encoding = await wholeFileEncoding();
      opened.encoding = encoding;
      const decoder = createDecoder(encoding);
      let pending: string[][] = [];
      const parser = rowParser(layoutFor(format, decodeSample(encoding)), (cells) => pending.push(cells));
      let bytesRead = 0;
      for await (const chunk of createReadStream(file.path, { highWaterMark: READ_CHUNK }) as AsyncIterable<Buffer>) {
        bytesRead += chunk.length;
        if (!encoding.startsWith('utf-16') && chunk.includes(0))
          throw badFile(`“${file.name}”在第 ${bytesRead - chunk.length + chunk.indexOf(0) + 1} 字节处含有二进制数据（NUL 字节），不是文本表格。`);
        parser.push(decoder.write(chunk));
        if (pending.length) {
          yield { rows: pending, bytesRead };
          pending = [];
        }
      }
      parser.push(decoder.end());
      parser.end();
      yield { rows: pending, bytesRead };
    },
  };
  return opened;
}

export function pasteSource(text: string): OpenedSource {
  const layout = layoutFor('txt', text.slice(0, SNIFF_BYTES));
  const all = (): string[][] => {
    const rows: string[][] = [];
    const parser = rowParser(layout, (cells) => rows.push(cells));
    parser.push(text);
    parser.end();
    return rows;
  };
  return {
    format: 'paste',
    encoding: null,
    fileName: null,
    sheets: [],
    sheet: null,
    totalBytes: text.length,
    async head(maxRows) {
      const rows = all();
      return { rows: rows.slice(0, maxRows), complete: true, rowsEstimate: rows.length };
    },
    async *batches() {
      yield { rows: all(), bytesRead: text.length };
    },
  };
}
