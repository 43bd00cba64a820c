import { normalizePhone } from '../../../shared/sending/phone';
import { storedText } from '../../../shared/stored-text';
import type { SuppressionImportResult } from '../../../shared/suppression/contract';
import type { CoreContext } from '../context';
import { inspectSource, openSource, type AnySource } from '../recipients';
import type { SuppressionStore } from './store';

export interface BlacklistImportRequest {
  source: AnySource;
  /** Defaults to what the recipients inspection decides (header detection, the column that looks most like phones). */
  hasHeader?: boolean;
  phoneColumn?: number;
}

const INVALID_SHOWN = 20;
/** As many numbers as a suppression.changed event carries (the inbox marks their threads). */
const EVENT_PHONES = 1_000;

/**
 * A blacklist file (CSV/TXT/XLSX, read by the recipients readers: encodings, zip caps, streaming) into the do-not-send
 * list with source 'import'. Every non-blank row counts once: added, already listed (also a repeat inside the file) or
 * invalid. One suppression.changed event at the end instead of one per batch.
 */
export async function importBlacklist(
  ctx: Pick<CoreContext, 'profileDir' | 'onClose'>,
  suppression: SuppressionStore,
  request: BlacklistImportRequest,
): Promise<SuppressionImportResult> {
  const inspection = request.hasHeader === undefined || request.phoneColumn === undefined ? await inspectSource(ctx, request.source) : null;
  const hasHeader = request.hasHeader ?? inspection!.hasHeader;
  const phoneColumn = request.phoneColumn ?? inspection!.phoneColumn ?? 0;
  const opened = await openSource(ctx, request.source);
  const note = storedText.imported(opened.fileName).slice(0, 200);
  const result: SuppressionImportResult = { rows: 0, added: 0, already: 0, invalid: 0, invalidSamples: [] };
  let headerPending = hasHeader;
  const shown: string[] = [];
  for await (const batch of opened.batches()) {
    const valid: string[] = [];
    for (const cells of batch.rows) {
      if (!cells.some((c) => c.trim())) continue;
      if (headerPending) {
        headerPending = false;
        continue;
      }
      result.rows++;
      const raw = (cells[phoneColumn] ?? '').trim();
      const phone = normalizePhone(raw);
      if (phone.ok) valid.push(phone.phone);
      else {
        result.invalid++;
        if (result.invalidSamples.length < INVALID_SHOWN) result.invalidSamples.push(raw.slice(0, 64));
      }
    }
    if (!valid.length) continue;
    const { added, changed } = suppression.insertCanonical(valid, { reason: 'block', source: 'import', note });
    result.added += added.length;
    result.already += valid.length - added.length;
    if (shown.length < EVENT_PHONES) shown.push(...changed.slice(0, EVENT_PHONES - shown.length));
  }
  if (shown.length) suppression.emitChanged('import', shown);
  return result;
}
