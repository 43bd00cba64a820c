import { Inflate } from 'fflate';
import { badFile } from './encoding';

// Minimal ZIP reader for XLSX with a zip-bomb guard: entries are inflated in small compressed slices and the
// output is counted as it comes, so nothing inflates much past the budget whatever the headers claim.

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export interface ZipLimits {
  /** Sum of inflated bytes over every entry read from one workbook. */
  maxTotalBytes: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxTotalBytes: 512 * 1024 * 1024, maxEntries: 10_000 };

/** Compressed bytes per inflate push: bounds one push's output to ~1000× this (deflate's maximum ratio). */
const SLICE = 4 * 1024;

const corrupt = () => badFile('Excel 文件已损坏或不完整（ZIP 结构无效），请重新保存后再试。');

export class ZipReader {
  readonly entries = new Map<string, ZipEntry>();
  /** Inflated bytes counted once per entry (a sheet read twice — merges, then rows — counts once). */
  private inflated = 0;
  private readonly inflatedByEntry = new Map<string, number>();

  constructor(
    private readonly buf: Uint8Array,
    private readonly limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  ) {
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let eocd = -1;
    for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
      if (view.getUint32(i, true) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw corrupt();
    const count = view.getUint16(eocd + 10, true);
    const cdSize = view.getUint32(eocd + 12, true);
    const cdOffset = view.getUint32(eocd + 16, true);
    if (count === 0xffff || cdOffset === 0xffffffff) throw badFile('不支持 ZIP64 格式的 Excel 文件（文件过大），请拆分后再试。');
    if (count > limits.maxEntries) throw badFile(`Excel 文件包含 ${count} 个内部文件，超过上限 ${limits.maxEntries}，拒绝读取（可能是恶意压缩包）。`);
    if (cdOffset + cdSize > buf.length) throw corrupt();
    const decoder = new TextDecoder();
    let p = cdOffset;
    for (let i = 0; i < count; i++) {
      if (p + 46 > buf.length || view.getUint32(p, true) !== 0x02014b50) throw corrupt();
      const method = view.getUint16(p + 10, true);
      const compressedSize = view.getUint32(p + 20, true);
      const size = view.getUint32(p + 24, true);
      const nameLen = view.getUint16(p + 28, true);
      const extraLen = view.getUint16(p + 30, true);
      const commentLen = view.getUint16(p + 32, true);
      const localOffset = view.getUint32(p + 42, true);
      const name = decoder.decode(buf.subarray(p + 46, p + 46 + nameLen));
      this.entries.set(name.replace(/\\/g, '/'), { name, method, compressedSize, size, localOffset });
      p += 46 + nameLen + extraLen + commentLen;
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /**
   * Inflates an entry slice by slice; onChunk returns false to stop early (inspect reads only the start).
   * Yields between slices when asked so big sheets do not hold the event loop.
   */
  *inflate(name: string, onChunk: (bytes: Uint8Array) => boolean | void): Generator<void, void, void> {
    const entry = this.entries.get(name);
    if (!entry) throw corrupt();
    const { buf } = this;
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const lo = entry.localOffset;
    if (lo + 30 > buf.length || view.getUint32(lo, true) !== 0x04034b50) throw corrupt();
    const start = lo + 30 + view.getUint16(lo + 26, true) + view.getUint16(lo + 28, true);
    const end = start + entry.compressedSize;
    if (end > buf.length) throw corrupt();
    const counted = this.inflatedByEntry.get(name) ?? 0;
    if (this.inflated - counted + entry.size > this.limits.maxTotalBytes) throw this.bomb();
    const data = buf.subarray(start, end);
    let stop = false;
    let pass = 0;
    const take = (bytes: Uint8Array) => {
      if (stop) return;
      pass += bytes.length;
      const before = this.inflatedByEntry.get(name) ?? 0;
      if (pass > before) {
        this.inflated += pass - before;
        this.inflatedByEntry.set(name, pass);
      }
      if (this.inflated > this.limits.maxTotalBytes) throw this.bomb();
      if (onChunk(bytes) === false) stop = true;
    };
    if (entry.method === 0) {
      for (let i = 0; i < data.length && !stop; i += SLICE * 64) {
        take(data.subarray(i, i + SLICE * 64));
        yield;
      }
      return;
    }
    if (entry.method !== 8) throw badFile('Excel 文件使用了不支持的压缩方式，请在 Excel 中重新保存。');
    const inflater = new Inflate((chunk) => take(chunk));
    try {
      for (let i = 0; i < data.length && !stop; i += SLICE) {
        inflater.push(data.subarray(i, i + SLICE), i + SLICE >= data.length);
        yield;
      }
    } catch (error) {
      if (error instanceof Error && error.name === 'AppError') throw error;
      throw corrupt();
    }
    if (!stop && data.length === 0) throw corrupt();
  }

  private bomb() {
    return badFile(
      `Excel 文件解压后超过 ${Math.round(this.limits.maxTotalBytes / 1048576)} MB，拒绝读取（可能是恶意压缩包，或表格太大）。请只保留需要的列后另存。`,
    );
  }
}
