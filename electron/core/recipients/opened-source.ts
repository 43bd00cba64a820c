import { open } from 'node:fs/promises';
import type { SourceFormat } from '../../../shared/recipients/contract';
import type { GarbledLines, TextEncoding } from './encoding';

// What every reader (paste, CSV/TXT, XLSX) hands back, and how they read a file's first bytes. Kept apart from
// source.ts (which picks the reader) so the readers do not import their own dispatcher.

export interface RowBatch {
  rows: string[][];
  bytesRead: number;
}

export interface SourceHead {
  rows: string[][];
  /** The whole source fits in what was read. */
  complete: boolean;
  rowsEstimate: number;
}

export interface OpenedSource {
  format: SourceFormat;
  encoding: TextEncoding | null;
  fileName: string | null;
  sheets: string[];
  sheet: string | null;
  totalBytes: number;
  /** The first rows only (reads the start of the file). */
  head(maxRows: number): Promise<SourceHead>;
  /** Every row, in batches, yielding to the event loop between them. */
  batches(): AsyncGenerator<RowBatch>;
  /** Text files: reads the whole file for lines that would come out garbled (mixed encodings, bytes that do not decode). */
  garbledLines?(): Promise<GarbledLines | null>;
}

export async function readHead(path: string, bytes: number): Promise<Uint8Array> {
  const fd = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fd.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fd.close();
  }
}
