import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { AppError } from '../../../shared/errors';

// Text files from Chinese sellers: UTF-8 (with or without BOM), GBK/GB18030 (Excel's "CSV" on a Chinese
// Windows), UTF-16 LE/BE with BOM (Excel's "Unicode text"). Anything with NUL bytes that is not UTF-16 is binary.

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be';

export function badFile(message: string): AppError {
  return new AppError('BAD_REQUEST', message);
}

/** Refuses files that are not text, by their first bytes, with a message saying what they look like. */
export function refuseBinary(head: Uint8Array, fileName: string): void {
  const b = head;
  const starts = (...sig: number[]) => sig.every((v, i) => b[i] === v);
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0x50, 0x4b, 0x05, 0x06)) {
    throw badFile(`“${fileName}”其实是 Excel 工作簿（.xlsx）或压缩包，不是文本 CSV。请把扩展名改回 .xlsx 再选择，或在 Excel 中“另存为 CSV”。`);
  }
  if (starts(0xd0, 0xcf, 0x11, 0xe0))
    throw badFile(`“${fileName}”是旧版 Excel（.xls）或加密的工作簿，无法读取。请在 Excel 中另存为 .xlsx 或 CSV（不要设置密码）。`);
  if (starts(0x25, 0x50, 0x44, 0x46)) throw badFile(`“${fileName}”是 PDF 文件，不是表格。`);
  if (starts(0x89, 0x50, 0x4e, 0x47) || starts(0xff, 0xd8, 0xff) || starts(0x47, 0x49, 0x46, 0x38)) throw badFile(`“${fileName}”是图片，不是表格。`);
  if (starts(0x1f, 0x8b) || starts(0x52, 0x61, 0x72, 0x21) || starts(0x37, 0x7a, 0xbc, 0xaf)) throw badFile(`“${fileName}”是压缩包，请先解压。`);
}

/**
 * Detects the encoding from the BOM, NUL-byte layout (UTF-16 without BOM) and UTF-8 validity of `sample`.
 * `complete` = sample is the whole file (else a sequence cut at its end is not held against UTF-8).
 */
export function detectEncoding(sample: Uint8Array, fileName: string, complete: boolean): TextEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8-bom';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  const head = sample.subarray(0, 4096);
  let nulEven = 0;
  let nulOdd = 0;
  for (let i = 0; i < head.length; i++) {
    if (head[i] !== 0) continue;
    if (i % 2 === 0) nulEven++;
    else nulOdd++;
  }
  if (nulEven + nulOdd > 0) {
    const half = head.length / 2;
    // ASCII-heavy UTF-16 has a NUL in (nearly) every other byte.
    if (nulOdd > half * 0.6 && nulEven < half * 0.05) return 'utf-16le';
    if (nulEven > half * 0.6 && nulOdd < half * 0.05) return 'utf-16be';
    throw badFile(`“${fileName}”含有二进制数据（NUL 字节），不是文本表格。请确认选对了文件，或在 Excel 中另存为 CSV。`);
  }
  return isUtf8(complete ? sample : trimPartialUtf8(sample)) ? 'utf-8' : 'gb18030';
}

/** Drops an incomplete UTF-8 sequence at the end (a sample cut mid-character). */
export function trimPartialUtf8(bytes: Uint8Array): Uint8Array {
  let i = bytes.length - 1;
  let back = 0;
  while (i >= 0 && back < 4 && (bytes[i]! & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0) return bytes;
  const lead = bytes[i]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return need > back + 1 ? bytes.subarray(0, i) : bytes;
}

export interface ChunkDecoder {
  write(bytes: Uint8Array): string;
  end(): string;
}

/** Streaming decoder; strips the BOM. */
export function createDecoder(encoding: TextEncoding): ChunkDecoder {
  if (encoding === 'gb18030') {
    const decoder = iconv.getDecoder('gb18030');
    return { write: (bytes) => decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)), end: () => decoder.end() ?? '' };
  }
  const label = encoding === 'utf-8-bom' ? 'utf-8' : encoding;
  const decoder = new TextDecoder(label, { ignoreBOM: false });
  return { write: (bytes) => decoder.decode(bytes, { stream: true }), end: () => decoder.decode() };
}

/** Lines of a text file that will not read as the seller typed them under the encoding chosen for the whole file. */
export interface GarbledLines {
  /** 'mixed': UTF-8 lines inside a file read as GBK (张三 → 寮犱笁); 'invalid': bytes the chosen encoding cannot decode. */
  kind: 'mixed' | 'invalid';
  /** File line numbers (1-based), the first LINES_SHOWN. */
  lines: number[];
  count: number;
}

const LINES_SHOWN = 20;
const LF = 0x0a;
/** Chinese text and full-width punctuation: what a UTF-8 line of a seller's file has that a GBK line only has by chance. */
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

function hasHighByte(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

/**
 * Reads the whole file (chunks in order) and finds the lines that come out garbled under `encoding`: in a file read
 * as GB18030, lines that are valid UTF-8 with Chinese in them (a GBK line almost never is); under any encoding, lines
 * with sequences the decoder replaces (U+FFFD). UTF-16 files are decoded as a whole and not scanned by line.
 */
export async function findGarbledLines(chunks: AsyncIterable<Uint8Array>, encoding: TextEncoding): Promise<GarbledLines | null> {
  if (encoding.startsWith('utf-16')) return null;
  const mixed: number[] = [];
  const invalid: number[] = [];
  let mixedCount = 0;
  let invalidCount = 0;
  let lineNo = 0;
  let carry: Uint8Array = new Uint8Array(0);
  const decode = (bytes: Uint8Array) => (encoding === 'gb18030' ? iconv.decode(Buffer.from(bytes), 'gb18030') : Buffer.from(bytes).toString('utf8'));
  const scan = (bytes: Uint8Array) => {
    // One decode per chunk; lines are decoded one by one only in a chunk that has a replaced sequence.
    const anyInvalid = decode(bytes).includes('\uFFFD');
    for (let start = 0; start < bytes.length;) {
      let end = bytes.indexOf(LF, start);
      if (end < 0) end = bytes.length;
      lineNo++;
      if (hasHighByte(bytes, start, end)) {
        const line = bytes.subarray(start, end);
        const asGbk = encoding === 'gb18030';
        if (asGbk && isUtf8(line) && CJK.test(Buffer.from(line).toString('utf8'))) {
          if (mixedCount++ < LINES_SHOWN) mixed.push(lineNo);
        } else if (anyInvalid && decode(line).includes('\uFFFD')) {
          if (invalidCount++ < LINES_SHOWN) invalid.push(lineNo);
        }
      }
      start = end + 1;
    }
  };
  for await (const chunk of chunks) {
    const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const lastLf = data.lastIndexOf(LF);
    if (lastLf < 0) {
      carry = data;
      continue;
    }
    scan(data.subarray(0, lastLf + 1));
    carry = data.subarray(lastLf + 1);
  }
  if (carry.length) scan(carry);
  if (mixedCount) return { kind: 'mixed', lines: mixed, count: mixedCount };
  if (invalidCount) return { kind: 'invalid', lines: invalid, count: invalidCount };
  return null;
}

/** The seller's words for garbled lines (the CLI prints it; the app shows its own translation of the same facts). */
export function garbledLinesMessage(found: GarbledLines, encoding: string): string {
  const where = `第 ${found.lines.join('、')} 行${found.count > found.lines.length ? '等' : ''}`;
  return found.kind === 'mixed'
    ? `文件混用了两种编码（UTF-8 和 GBK）：按 GBK 读取时，${where}（共 ${found.count} 行）的中文会变成乱码（如“张三”变成“寮犱笁”），乱码会原样发进短信。请在 Excel 或记事本中把文件统一另存为一种编码后重新选择。`
    : `文件${where}（共 ${found.count} 行）有按 ${encoding.toUpperCase()} 无法识别的字节，这些行的文字会变成乱码（“�”），乱码会原样发进短信。请把文件统一另存为 UTF-8 后重新选择。`;
}
