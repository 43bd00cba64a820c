import { z } from 'zod';
import { request, short } from '../contract-kit';

// Recipient lists (issue 9): pasted text or an uploaded CSV/TXT/XLSX, inspected for the mapping step, then imported
// into a campaign (progress per campaign).

/** A paste box is for a few thousand numbers; bigger lists come as files. */
export const MAX_PASTE_CHARS = 600_000;

export const RecipientSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('paste'), text: z.string().max(MAX_PASTE_CHARS) }).strict(),
  z.object({ kind: z.literal('upload'), uploadId: short(64).min(1), sheet: short(128).optional() }).strict(),
]);
export type RecipientSource = z.infer<typeof RecipientSource>;

export type SourceFormat = 'paste' | 'csv' | 'txt' | 'xlsx';
export interface SourceColumn {
  index: number;
  /** Header text when the first row is a header, else 列 1, 列 2 … */
  header: string;
  samples: string[];
}
/** What the mapping step shows: detected format, encoding, sheets, header and columns. */
export interface SourceInspection {
  format: SourceFormat;
  /** 'utf-8', 'utf-8-bom', 'gb18030', 'utf-16le', 'utf-16be' (CSV/TXT). */
  encoding: string | null;
  sheets: string[];
  sheet: string | null;
  hasHeader: boolean;
  columns: SourceColumn[];
  /** Suggested phone column (the one whose samples look most like mobile numbers). */
  phoneColumn: number | null;
  /** Variable name → column index, for headers equal to a template variable. */
  suggestedVariables: Record<string, number>;
  /** First rows, cells as text. */
  preview: string[][];
  /** Rough row count (exact for paste). */
  rowsEstimate: number;
  /**
   * Text files whose lines would come out garbled: 'mixed' = UTF-8 lines in a file read as GBK, 'invalid' = bytes the
   * file's encoding cannot decode. File line numbers (first 20) and how many; `message` is the Chinese text (CLI).
   */
  encodingWarning: { kind: 'mixed' | 'invalid'; lines: number[]; count: number; message: string } | null;
}

export const RecipientMapping = z
  .object({
    hasHeader: z.boolean(),
    phoneColumn: z.number().int().min(0).max(999),
    /** ${var} → column index */
    variableColumns: z.record(short(64).min(1), z.number().int().min(0).max(999)).default({}),
  })
  .strict();
export type RecipientMapping = z.infer<typeof RecipientMapping>;

export type ImportState = 'running' | 'done' | 'failed' | 'cancelled';
export interface ImportProgress {
  campaignId: number;
  state: ImportState;
  processedRows: number;
  bytesRead: number;
  totalBytes: number;
  /** Chinese, when failed. */
  error?: string;
}

export const recipientsRequests = {
  /** Mapping step: format, encoding, sheets, header guess, columns and samples (reads the start of the file only). */
  'recipients.inspect': request<SourceInspection>()(
    z
      .object({
        source: RecipientSource,
        hasHeader: z.boolean().optional(),
        /** the chosen template's ${var} names (headers equal to one map themselves) */ templateVariables: z.array(short(64).min(1)).max(100).optional(),
      })
      .strict(),
  ),
} as const;
