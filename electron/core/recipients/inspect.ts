import type { SourceColumn, SourceInspection } from '../../../shared/recipients/contract';
import { normalizePhone } from '../../../shared/sending/phone';
import { normalizeVariableName } from '../../../shared/sms/config';
import type { CoreContext } from '../context';
import { garbledLinesMessage } from './encoding';
import { openSource, type AnySource, type OpenOptions } from './source';

export interface InspectOptions extends OpenOptions {
  hasHeader?: boolean;
  /** ${var} names of the chosen template: a header equal to one maps itself. */
  templateVariables?: readonly string[];
}

const HEAD_ROWS = 200;
const PREVIEW_ROWS = 20;
const SAMPLES = 5;
const MAX_SHOWN_COLUMNS = 200;
const PHONE_HEADER = /手机|电话|号码|联系方式|mobile|phone|tel|cell/i;

/** A header row has no valid number and at least one label-like cell (text, not just digits/punctuation). */
export function looksLikeHeader(row: readonly string[] | undefined): boolean {
  if (!row || !row.some((c) => c.trim())) return false;
  if (row.some((c) => normalizePhone(c).ok)) return false;
  return row.some((c) => /[A-Za-z\u3400-\u9FFF]/.test(c) && !/^\s*[-+]?\d[\d.,\s]*\s*$/.test(c));
}

const isBlank = (row: readonly string[]) => row.every((c) => !c.trim());

/** The mapping step's view of a source; reads only the start of a file. */
export async function inspectSource(
  ctx: Pick<CoreContext, 'profileDir' | 'onClose'>,
  source: AnySource,
  options: InspectOptions = {},
): Promise<SourceInspection> {
  const opened = await openSource(ctx, source, options);
  const head = await opened.head(HEAD_ROWS + 1);
  const firstRow = head.rows.find((r) => !isBlank(r));
  const hasHeader = options.hasHeader ?? looksLikeHeader(firstRow);
  const headerAt = hasHeader && firstRow ? head.rows.indexOf(firstRow) : -1;
  const header = headerAt >= 0 ? head.rows[headerAt]! : [];
  const data = head.rows
    .slice(headerAt + 1)
    .filter((r) => !isBlank(r))
    .slice(0, HEAD_ROWS);
  const width = Math.min(MAX_SHOWN_COLUMNS, Math.max(header.length, ...data.map((r) => r.length), 0));

  const columns: SourceColumn[] = [];
  const validCounts: number[] = [];
  for (let index = 0; index < width; index++) {
    const values = data.map((r) => (r[index] ?? '').trim());
    columns.push({
      index,
      header: header[index]?.trim() || `列 ${index + 1}`,
      samples: values
        .filter(Boolean)
        .slice(0, SAMPLES)
        .map((v) => v.slice(0, 100)),
    });
    validCounts.push(values.filter((v) => v && normalizePhone(v).ok).length);
  }
  let phoneColumn: number | null = null;
  const best = Math.max(0, ...validCounts);
  if (best > 0) phoneColumn = validCounts.indexOf(best);
  else {
    const byHeader = columns.find((c) => hasHeader && PHONE_HEADER.test(c.header));
    phoneColumn = byHeader ? byHeader.index : width > 0 ? 0 : null;
  }

  const suggestedVariables: Record<string, number> = {};
  if (hasHeader) {
    for (const name of options.templateVariables ?? []) {
      const wanted = normalizeVariableName(name);
      const column = columns.find((c) => c.index !== phoneColumn && normalizeVariableName(c.header.trim()) === wanted);
      if (column) suggestedVariables[name] = column.index;
    }
  }

  const rowsEstimate = Math.max(0, head.rowsEstimate - (hasHeader ? 1 : 0));
  // Before the import, so a mixed UTF-8/GBK file is not sent out as 寮犱笁 (the whole file is read for this).
  const garbled = opened.garbledLines ? await opened.garbledLines() : null;
  return {
    format: opened.format,
    encoding: opened.encoding,
    sheets: opened.sheets,
    sheet: opened.sheet,
    hasHeader,
    columns,
    phoneColumn,
    suggestedVariables,
    preview: data.slice(0, PREVIEW_ROWS).map((r) => Array.from({ length: width }, (_, i) => (r[i] ?? '').slice(0, 200))),
    rowsEstimate,
    encodingWarning: garbled ? { ...garbled, message: garbledLinesMessage(garbled, opened.encoding ?? '') } : null,
  };
}
