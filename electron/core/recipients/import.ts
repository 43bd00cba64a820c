import type { Statement } from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { AppError } from '../../../shared/errors';
import type { RecipientStatus } from '../../../shared/sending/contract';
import { normalizePhone } from '../../../shared/sending/phone';
import type { CoreContext } from '../context';
import type { Db } from '../db/database';
import { suppressionReason, type SuppressionStore } from '../suppression/store';
import { PhoneIndex } from './phone-index';
import { openSource, type AnySource, type OpenOptions } from './source';
import type { ImportProgress, ImportState, RecipientMapping } from '../../../shared/recipients/contract';
import { userKeyedMap } from '../../../shared/records';
import { storedText } from '../../../shared/stored-text';
import { pidAlive } from '../process-guards';

/**
 * Replaces a draft campaign's recipients from a source: streamed, normalised, deduplicated (first wins),
 * suppressed numbers removed; EVERY source row is stored (valid | duplicate | invalid | suppressed, with a
 * Chinese reason) so the seller can download what was dropped. Batched transactions, yielding between them.
 * A failure or cancel removes the rows written so far and leaves import_state/import_error on the campaign.
 */
export type ImportContext = Pick<CoreContext, 'db' | 'shopId' | 'events' | 'profileDir' | 'onClose' | 'log' | 'clock'>;

export interface ImportRequest extends OpenOptions {
  campaignId: number;
  source: AnySource;
  mapping: RecipientMapping;
  signal?: AbortSignal;
}

export interface ImportSummary {
  rows: number;
  valid: number;
  duplicate: number;
  invalid: number;
  suppressed: number;
}

const PROGRESS_MS = 200;
const SLICE_ROWS = { start: 2_000, min: 1_000, max: 20_000 };
/** Longest the import holds the event loop per slice (then it yields). */
const SLICE_BUDGET_MS = 120;
const INSERT_GROUP = 100;
const DELETE_BATCH = 5_000;
const MAX_RAW = 200;
const MAX_VAR = 1_000;
/** Bound per row (shop and campaign are part of the statement). */
const COLUMNS = 6;

const running = new WeakMap<Db, Set<number>>();

export function isImportRunning(db: Db, campaignId: number): boolean {
  return running.get(db)?.has(campaignId) ?? false;
}

/** One slice's rows as columns, reused slice after slice (no object per row for the collector to chase). */
class PendingRows {
  length = 0;
  readonly rowNo: number[] = [];
  readonly phone: string[] = [];
  readonly raw: string[] = [];
  readonly status: RecipientStatus[] = [];
  readonly reason: string[] = [];
  readonly vars: string[] = [];

  push(rowNo: number, phone: string, raw: string, status: RecipientStatus, reason: string, vars: string): void {
    const i = this.length++;
    this.rowNo[i] = rowNo;
    this.phone[i] = phone;
    this.raw[i] = raw;
    this.status[i] = status;
    this.reason[i] = reason;
    this.vars[i] = vars;
  }

  clear(): void {
    this.length = 0;
  }
}

/**
 * The vars column of a row, as JSON.stringify of the user-keyed map would write it (same key order), without building
 * the map: each key's `"name":` is encoded once per import.
 */
function varsEncoder(variableColumns: Record<string, number>): (cells: string[]) => string {
  const ordered = userKeyedMap<number>();
  for (const [name, column] of Object.entries(variableColumns)) ordered[name] = column;
  const entries = Object.entries(ordered);
  if (!entries.length) return () => '{}';
  const prefixes = entries.map(([name], i) => `${i === 0 ? '{' : ','}${JSON.stringify(name)}:`);
  const columns = entries.map(([, column]) => column);
  return (cells) => {
    let json = '';
    for (let i = 0; i < columns.length; i++) json += prefixes[i]! + JSON.stringify((cells[columns[i]!] ?? '').trim().slice(0, MAX_VAR));
    return json + '}';
  };
}

export async function importRecipients(ctx: ImportContext, suppression: SuppressionStore, request: ImportRequest): Promise<ImportSummary> {
  const { db, shopId } = ctx;
  const { campaignId, mapping, signal } = request;
  const campaign = db.prepare('SELECT id, state FROM campaigns WHERE id = ? AND shop_id = ?').get(campaignId, shopId) as
    { id: number; state: string } | undefined;
  if (!campaign) throw new AppError('NOT_FOUND', `活动 ${campaignId} 不存在。`);
  if (campaign.state !== 'draft') throw new AppError('CONFLICT', '只有草稿活动可以导入收件人；已开始或已排期的活动不能更换名单。');
  let active = running.get(db);
  if (!active) running.set(db, (active = new Set()));
  if (active.has(campaignId)) throw new AppError('CONFLICT', '该活动正在导入收件人，请等待完成。');
  active.add(campaignId);
  // Index maintenance of a big import thrashes SQLite's default 2 MB page cache; give it 32 MB while it runs.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('cache_size = -32768');

  const counts: ImportSummary = { rows: 0, valid: 0, duplicate: 0, invalid: 0, suppressed: 0 };
  let processedRows = 0;
  let bytesRead = 0;
  let totalBytes = 0;
  let lastProgress = 0;
  const progress = (state: ImportState, error?: string) => {
    const payload: ImportProgress = { campaignId, state, processedRows, bytesRead, totalBytes, ...(error ? { error } : {}) };
    ctx.events.emit('campaigns.importProgress', payload);
  };
  const setCampaign = (fields: Record<string, unknown>) => {
    const names = Object.keys(fields);
    db.prepare(`UPDATE campaigns SET ${names.map((n) => `${n} = @${n}`).join(', ')}, updated_at = @updated_at WHERE id = @id`).run({
      ...fields,
      updated_at: new Date().toISOString(),
      id: campaignId,
    });
  };

  try {
    setCampaign({ import_state: 'running', import_pid: process.pid, import_error: '', rows_total: 0, mapping: JSON.stringify(mapping) });
    ctx.events.emit('campaigns.changed', { id: campaignId, state: 'draft' });
    progress('running');
    await deleteRecipients(db, campaignId);
    throwIfAborted(signal);

    const opened = await openSource(ctx, request.source, request);
    totalBytes = opened.totalBytes;
    const storeSource = () => JSON.stringify({ format: opened.format, fileName: opened.fileName, sheet: opened.sheet, encoding: opened.encoding });
    setCampaign({ source: storeSource() });

    const touch = db.prepare('UPDATE campaigns SET updated_at = ? WHERE id = ?');
    const writer = new RowWriter(db, shopId, campaignId);
    const seen = new PhoneIndex();
    const encodeVars = varsEncoder(mapping.variableColumns);
    const phoneColumn = mapping.phoneColumn;
    const pending = new PendingRows();
    const validAt: number[] = [];
    let headerPending = mapping.hasHeader;
    let rowNo = 0;

    const processSlice = (rows: string[][], from: number, to: number) => {
      pending.clear();
      validAt.length = 0;
      for (let r = from; r < to; r++) {
        const cells = rows[r]!;
        if (headerPending) {
          if (cells.some((c) => c.trim())) headerPending = false;
          continue;
        }
        rowNo++;
        if (!cells.some((c) => c.trim())) continue;
        const raw = (cells[phoneColumn] ?? '').trim();
        const vars = encodeVars(cells);
        const result = normalizePhone(raw);
        const shownRaw = raw.length > MAX_RAW ? raw.slice(0, MAX_RAW) : raw;
        if (!result.ok) {
          pending.push(rowNo, '', shownRaw, 'invalid', result.reason, vars);
          continue;
        }
        const first = seen.addIfAbsent(Number(result.phone), rowNo);
        if (first >= 0) {
          pending.push(rowNo, result.phone, shownRaw, 'duplicate', storedText.duplicateOfRow(first), vars);
          continue;
        }
        validAt.push(pending.length);
        pending.push(rowNo, result.phone, shownRaw, 'valid', '', vars);
      }
      if (validAt.length) {
        // The template is chosen after the import: only entries that block every send leave here; 退订 numbers are
        // left out of marketing at preparation (and shown by the pre-send check).
        const hits = suppression.filterSuppressed(
          validAt.map((i) => pending.phone[i]!),
          'service',
        );
        if (hits.size) {
          for (const i of validAt) {
            const entry = hits.get(pending.phone[i]!);
            if (entry) {
              pending.status[i] = 'suppressed';
              pending.reason[i] = suppressionReason(entry);
            }
          }
        }
      }
      for (let i = 0; i < pending.length; i++) counts[pending.status[i] as keyof Omit<ImportSummary, 'rows'>]++;
      counts.rows += pending.length;
      writer.write(pending);
      processedRows = rowNo;
    };

    // Slices of a few thousand rows, each its own transaction, yielding between them so a 1M-row import does not
    // freeze the window. The slice grows while it stays well under the budget (fewer commits: each one rewrites the
    // index pages it touched) and shrinks when the machine is slow.
    let sliceRows = SLICE_ROWS.start;
    for await (const batch of opened.batches()) {
      for (let at = 0; at < batch.rows.length;) {
        throwIfAborted(signal);
        const to = Math.min(batch.rows.length, at + sliceRows);
        const started = performance.now();
        processSlice(batch.rows, at, to);
        at = to;
        const took = performance.now() - started;
        if (took < SLICE_BUDGET_MS / 3) sliceRows = Math.min(SLICE_ROWS.max, sliceRows * 2);
        else if (took > SLICE_BUDGET_MS) sliceRows = Math.max(SLICE_ROWS.min, Math.floor(sliceRows / 2));
        const now = ctx.clock.now();
        if (now - lastProgress >= PROGRESS_MS) {
          lastProgress = now;
          touch.run(new Date(now).toISOString(), campaignId); // alive: start-up recovery leaves a fresh import alone
          progress('running');
        }
        await yieldToLoop();
      }
      bytesRead = batch.bytesRead || bytesRead;
    }
    throwIfAborted(signal);
    if (counts.rows === 0) throw new AppError('BAD_REQUEST', mapping.hasHeader ? '文件里只有表头，没有号码行。' : '没有读到任何号码（文件或粘贴内容为空）。');
    bytesRead = totalBytes;
    setCampaign({ import_state: 'done', import_pid: null, rows_total: counts.rows, source: storeSource() });
    progress('done');
    ctx.events.emit('campaigns.changed', { id: campaignId, state: 'draft' });
    return counts;
  } catch (error) {
    const cancelled = signal?.aborted === true;
    const appError = error instanceof AppError ? error : cancelled ? new AppError('CONFLICT', '导入已取消。') : internal(ctx, error);
    const message = cancelled ? '导入已取消。' : `导入失败：${appError.message}`;
    try {
      await deleteRecipients(db, campaignId);
      setCampaign({ import_state: cancelled ? 'cancelled' : 'failed', import_pid: null, import_error: message, rows_total: 0 });
    } catch (cleanupError) {
      ctx.log.error('import cleanup failed', { campaignId, error: cleanupError });
    }
    processedRows = 0;
    progress(cancelled ? 'cancelled' : 'failed', message);
    ctx.events.emit('campaigns.changed', { id: campaignId, state: 'draft' });
    throw cancelled ? new AppError('CONFLICT', '导入已取消。') : appError;
  } finally {
    active.delete(campaignId);
    if (!active.size) db.pragma(`cache_size = ${Number(cacheSize) || -2000}`);
  }
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new AppError('CONFLICT', '导入已取消。');
}

function internal(ctx: ImportContext, error: unknown): AppError {
  ctx.log.error('recipient import failed', { error });
  return new AppError('INTERNAL', '读取文件时发生内部错误，详情已写入日志。');
}

/** Deletes a campaign's recipient rows a slice at a time (1M rows in one statement would hold the loop for seconds). */
export async function deleteRecipients(db: Db, campaignId: number): Promise<void> {
  const del = db.prepare(`DELETE FROM campaign_recipients WHERE id IN (SELECT id FROM campaign_recipients WHERE campaign_id = ? LIMIT ${DELETE_BATCH})`);
  while (del.run(campaignId).changes > 0) await yieldToLoop();
}

/**
 * Multi-row INSERTs of 100 rows (one statement per 100 rows is several times cheaper than one per row). The shop and
 * campaign are the same for every row: written into the statement once, not bound 1M times.
 */
class RowWriter {
  private readonly group: Statement;
  private readonly single: Statement;
  private readonly insertAll: (rows: PendingRows) => void;

  constructor(db: Db, shopId: number, campaignId: number) {
    if (!Number.isSafeInteger(shopId) || !Number.isSafeInteger(campaignId)) throw new Error('shop and campaign ids must be integers');
    const cols = 'shop_id, campaign_id, row_no, phone, raw, status, reason, vars';
    const one = `(${shopId}, ${campaignId}, ${new Array(COLUMNS).fill('?').join(', ')})`;
    this.group = db.prepare(`INSERT INTO campaign_recipients (${cols}) VALUES ${new Array(INSERT_GROUP).fill(one).join(', ')}`);
    this.single = db.prepare(`INSERT INTO campaign_recipients (${cols}) VALUES ${one}`);
    const params = new Array(INSERT_GROUP * COLUMNS);
    const single = new Array(COLUMNS);
    this.insertAll = db.transaction((rows: PendingRows) => {
      let i = 0;
      for (; i + INSERT_GROUP <= rows.length; i += INSERT_GROUP) {
        for (let j = 0; j < INSERT_GROUP; j++) fill(params, j * COLUMNS, rows, i + j);
        this.group.run(params);
      }
      for (; i < rows.length; i++) {
        fill(single, 0, rows, i);
        this.single.run(single);
      }
    });
  }

  write(rows: PendingRows): void {
    if (rows.length) this.insertAll(rows);
  }
}

function fill(params: unknown[], at: number, rows: PendingRows, i: number): void {
  params[at] = rows.rowNo[i];
  params[at + 1] = rows.phone[i];
  params[at + 2] = rows.raw[i];
  params[at + 3] = rows.status[i];
  params[at + 4] = rows.reason[i];
  params[at + 5] = rows.vars[i];
}

/** An import touches its campaign several times a second; one silent this long has no process behind it (even if its pid was reused). */
export const STALE_IMPORT_MS = 60_000;
export const INTERRUPTED_IMPORT_MESSAGE = '导入被中断：导入它的程序在导入过程中退出，号码没有导入。';

/**
 * An import left `running` by a process that is gone (the app or a CLI killed mid-import): its process no longer
 * exists, or it has not touched the campaign for a minute. Its partial rows are dropped (a slice at a time) and it
 * ends `failed` with a message saying so. One still alive (e.g. a CLI importing on the same profile) is left alone.
 * Run at the app's start and before a campaign is checked or started, so no host ever sees a dead import as running.
 */
export async function recoverInterruptedImports(
  ctx: Pick<CoreContext, 'db' | 'shopId'>,
  now: number,
  options: { campaignId?: number; processAlive?: (pid: number) => boolean } = {},
): Promise<number[]> {
  const { db } = ctx;
  const alive = options.processAlive ?? pidAlive;
  const cutoff = new Date(now - STALE_IMPORT_MS).toISOString();
  const rows = db
    .prepare(
      `SELECT id, import_pid, updated_at FROM campaigns WHERE shop_id = ? AND import_state = 'running'${options.campaignId === undefined ? '' : ' AND id = ?'}`,
    )
    .all(...[ctx.shopId, ...(options.campaignId === undefined ? [] : [options.campaignId])]) as { id: number; import_pid: number | null; updated_at: string }[];
  let active = running.get(db);
  if (!active) running.set(db, (active = new Set()));
  const ids = rows
    .filter((r) => !active.has(r.id))
    .filter((r) => r.updated_at < cutoff || (r.import_pid !== null && (r.import_pid === process.pid || !alive(r.import_pid))))
    .map((r) => r.id);
  for (const id of ids) active.add(id); // a new import of these waits until the clean-up is done
  try {
    for (const id of ids) {
      await deleteRecipients(db, id);
      db.prepare(
        "UPDATE campaigns SET import_state = 'failed', import_pid = NULL, import_error = ?, rows_total = 0, updated_at = ? WHERE id = ? AND import_state = 'running'",
      ).run(INTERRUPTED_IMPORT_MESSAGE, new Date(now).toISOString(), id);
    }
  } finally {
    for (const id of ids) active.delete(id);
  }
  return ids;
}
