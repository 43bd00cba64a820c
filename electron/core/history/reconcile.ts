import type { Statement } from 'better-sqlite3';
import type { DeliveryState, ReconcileChange, ReconcileResult } from '../../../shared/history/contract';
import type { HistorySettings } from '../../../shared/settings/schema';
import { AppError } from '../../../shared/errors';
import type { Db } from '../db/database';
import type { Logger } from '../log/logger';
import type { SmsRecord, TopClient } from '../top/client';
import { TopError } from '../top/errors';
import { beijingDate } from '../../../shared/time/beijing';
import { beijingTimeToIso } from '../mq/parse';
import { ADOPT_WINDOW_MINUTES } from '../db/migrations/0005-history';
import { withinQueryWindow } from './time';

/**
 * Reconciliation: numbers submitted and still pending after history.reportTimeoutMinutes are checked with
 * num.query (one number + day + biz_id per call, pages ≤ 50) at low limiter priority. Everything it knows lives
 * in campaign_recipients (checked_at / check_count), so a restart simply continues with what is still pending.
 * Pending past history.unknownAfterHours (or outside num.query's 30-day window) → 未知.
 * A report that arrives later still wins (the matcher compares report times, not states).
 */
export interface ReconcileOptions {
  /** Only this campaign. */
  campaignId?: number;
  /** Manual 立即核对 / CLI: check every pending number now, ignoring the timeout and the recheck spacing. */
  now?: boolean;
  /** Upper bound of numbers checked in this run. */
  limit?: number;
  signal?: AbortSignal;
}

interface PendingRow {
  id: number;
  campaign_id: number;
  phone: string;
  /** null: accepted by the ledger's num.query reconciliation, which yields no receipt. */
  biz_id: string | null;
  submitted_at: string | null;
  template_code: string;
}

export interface ReconcilerDeps {
  db: Db;
  shopId: number;
  settings: () => HistorySettings;
  /** Throws AppError (NOT_CONFIGURED, VAULT_LOCKED) when TOP cannot be used. */
  client: () => TopClient;
  log: Logger;
  now: () => number;
  /** Called with the campaigns whose rows changed. */
  onChanged?: (campaignIds: number[]) => void;
}

/** Effective report timeout: env JST_REPORT_TIMEOUT_MIN overrides the setting. */
export function reportTimeoutMinutes(settings: HistorySettings, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.JST_REPORT_TIMEOUT_MIN);
  return env.JST_REPORT_TIMEOUT_MIN !== undefined && env.JST_REPORT_TIMEOUT_MIN !== '' && Number.isFinite(fromEnv) && fromEnv >= 0
    ? fromEnv
    : settings.reportTimeoutMinutes;
}

export class Reconciler {
  private readonly applyFinal: Statement;
  private readonly markChecked: Statement;
  private readonly markUnknown: Statement;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ReconcilerDeps) {
    const { db } = deps;
    // Only a still-pending row changes: a report that landed meanwhile is never overwritten.
    this.applyFinal = db.prepare(`UPDATE campaign_recipients SET delivery = @delivery, err_code = @errCode, reported_at = @reportedAt, rept_time = @reptTime,
        report_id = 0, delivery_source = 'query', query_status = @status, checked_at = @now, check_count = check_count + 1
      WHERE id = @id AND delivery IN ('pending', 'unknown') AND report_id IS NULL`);
    this.markChecked = db.prepare(`UPDATE campaign_recipients SET checked_at = @now, check_count = check_count + 1, query_status = @status WHERE id = @id`);
    this.markUnknown = db.prepare(`UPDATE campaign_recipients SET delivery = 'unknown' WHERE id = ? AND delivery = 'pending'`);
  }

  /** Runs are serialised: the background tick and a manual 立即核对 never query the same number twice at once. */
  run(options: ReconcileOptions = {}): Promise<ReconcileResult> {
    const next = this.queue.then(() => this.runOnce(options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runOnce(options: ReconcileOptions): Promise<ReconcileResult> {
    const { db, shopId, log } = this.deps;
    const now = this.deps.now();
    const settings = this.deps.settings();
    const timeoutMs = (options.now ? 0 : reportTimeoutMinutes(settings)) * 60_000;
    const unknownMs = settings.unknownAfterHours * 3_600_000;
    const result: ReconcileResult = { checked: 0, changed: [], stillPending: 0, becameUnknown: 0, errors: 0 };
    const changedCampaigns = new Set<number>();
    // Pending rows are found through (campaign_id, delivery): per campaign, never a scan of the whole table.
    const scope = (alias = '') => (options.campaignId ? `${alias}campaign_id = ?` : `${alias}campaign_id IN (SELECT id FROM campaigns WHERE shop_id = ?)`);
    const scopeArg = options.campaignId ?? shopId;

    // 1. Past the window: 未知 without a call.
    const unknownCutoff = new Date(now - unknownMs).toISOString();
    const expired = db
      .prepare(`SELECT id, campaign_id, phone FROM campaign_recipients WHERE ${scope()} AND delivery = 'pending' AND submitted_at < ?`)
      .all(scopeArg, unknownCutoff) as Array<{ id: number; campaign_id: number; phone: string }>;
    // Those still inside num.query's window and not checked since the deadline get one last query below.
    db.transaction(() => {
      for (const row of expired) {
        const submitted = this.submittedAt(row.id);
        if (submitted !== null && withinQueryWindow(submitted, now) && !this.checkedSince(row.id, submitted + unknownMs)) continue;
        if (this.markUnknown.run(row.id).changes) this.recordChange(result, changedCampaigns, row, 'pending', 'unknown', '');
      }
    })();

    // 2. Query what timed out. Order rows (OAID sends) have no number to query: reports decide them, or 未知 above.
    const params: unknown[] = [scopeArg, new Date(now - timeoutMs).toISOString()];
    let extra = '';
    if (!options.now) {
      extra += ' AND (r.checked_at IS NULL OR r.checked_at <= ?)';
      params.push(new Date(now - Math.max(timeoutMs, 60_000)).toISOString());
    }
    const limit = options.limit ?? 5000;
    const rows = db
      .prepare(
        `SELECT r.id, r.campaign_id, r.phone, r.biz_id, r.submitted_at, c.template_code FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
         WHERE ${scope('r.')} AND r.delivery = 'pending' AND r.submitted_at <= ?${extra} AND r.tid IS NULL ORDER BY r.submitted_at, r.id LIMIT ${limit}`,
      )
      .all(...params) as PendingRow[];

    if (rows.length) {
      let client: TopClient;
      try {
        client = this.deps.client();
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        result.problem = error.message;
        rows.length = 0;
      }
      for (const row of rows) {
        if (options.signal?.aborted) break;
        const submitted = row.submitted_at ? Date.parse(row.submitted_at) : NaN;
        if (Number.isNaN(submitted) || !withinQueryWindow(submitted, now)) {
          if (this.markUnknown.run(row.id).changes) this.recordChange(result, changedCampaigns, row, 'pending', 'unknown', '');
          continue;
        }
        let records: SmsRecord[];
        try {
          records = await this.query(client!, row, submitted);
        } catch (error) {
          if (!(error instanceof TopError) && !(error instanceof AppError)) throw error;
          result.errors++;
          log.warn('reconcile query failed', { recipient: row.id, error: error instanceof TopError ? error.toJSON() : error.message });
          // A long ban or a broken session stops the run; the next tick retries.
          if (
            error instanceof TopError &&
            (error.kind === 'throttled' ||
              error.category === 'session' ||
              error.category === 'permission' ||
              error.category === 'ip-restricted' ||
              error.category === 'app-key')
          )
            break;
          continue;
        }
        result.checked++;
        const final = pickFinal(records);
        const at = new Date(this.deps.now()).toISOString();
        if (final) {
          const to: DeliveryState = final.status === 'delivered' ? 'delivered' : 'failed';
          const errCode = final.resultCode ?? '';
          const applied = this.applyFinal.run({
            id: row.id,
            delivery: to,
            errCode,
            reportedAt: (final.receivedAt && beijingTimeToIso(final.receivedAt)) ?? at,
            reptTime: final.receivedAt ?? '',
            status: final.statusCode,
            now: at,
          }).changes;
          if (applied) this.recordChange(result, changedCampaigns, row, 'pending', to, errCode);
        } else {
          this.markChecked.run({ id: row.id, now: at, status: records[0]?.statusCode ?? null });
          if (Date.parse(at) - submitted >= unknownMs && this.markUnknown.run(row.id).changes)
            this.recordChange(result, changedCampaigns, row, 'pending', 'unknown', '');
        }
      }
    }
    result.stillPending = db.prepare(`SELECT COUNT(*) FROM campaign_recipients WHERE ${scope()} AND delivery = 'pending'`).pluck().get(scopeArg) as number;
    if (changedCampaigns.size) this.deps.onChanged?.([...changedCampaigns]);
    return result;
  }

  private async query(client: TopClient, row: PendingRow, submitted: number): Promise<SmsRecord[]> {
    const records: SmsRecord[] = [];
    const input = row.biz_id
      ? { phone: row.phone, date: beijingDate(submitted), bizId: row.biz_id, pageSize: 50 }
      : { phone: row.phone, date: beijingDate(submitted), pageSize: 50 };
    for await (const record of client.iterateSmsNum(input, { priority: 'low' })) {
      // Without a receipt, this send is the record of the campaign's template sent at the row's send time.
      if (!row.biz_id && !(record.templateCode === row.template_code && sentNear(record.sentAt, submitted))) continue;
      records.push(record);
      if (records.length >= 500) break;
    }
    return records;
  }

  private submittedAt(id: number): number | null {
    const value = this.deps.db.prepare('SELECT submitted_at FROM campaign_recipients WHERE id = ?').pluck().get(id) as string | null;
    const ms = value ? Date.parse(value) : NaN;
    return Number.isNaN(ms) ? null : ms;
  }

  private checkedSince(id: number, sinceMs: number): boolean {
    const value = this.deps.db.prepare('SELECT checked_at FROM campaign_recipients WHERE id = ?').pluck().get(id) as string | null;
    return value !== null && Date.parse(value) >= sinceMs;
  }

  private recordChange(
    result: ReconcileResult,
    campaigns: Set<number>,
    row: { id: number; campaign_id: number; phone: string },
    from: DeliveryState,
    to: DeliveryState,
    errCode: string,
  ) {
    const change: ReconcileChange = { campaignId: row.campaign_id, recipientId: row.id, phone: row.phone, from, to, errCode };
    result.changed.push(change);
    if (to === 'unknown') result.becameUnknown++;
    campaigns.add(row.campaign_id);
  }
}

const NEAR_MS = ADOPT_WINDOW_MINUTES * 60_000;
function sentNear(sentAt: string | undefined, submitted: number): boolean {
  const iso = sentAt ? beijingTimeToIso(sentAt) : null;
  return iso !== null && Math.abs(Date.parse(iso) - submitted) <= NEAR_MS;
}

/** The record that decides: a final status (2/3), the latest received first. */
function pickFinal(records: SmsRecord[]): SmsRecord | null {
  const finals = records.filter((r) => r.status === 'delivered' || r.status === 'failed');
  finals.sort((a, b) => (b.receivedAt ?? '').localeCompare(a.receivedAt ?? ''));
  return finals[0] ?? null;
}
