import type { Statement } from 'better-sqlite3';
import type { DeliveryReport } from '../../../shared/messages/contract';
import type { Db } from '../db/database';
import { ADOPT_WINDOW_MINUTES } from '../db/migrations/0005-history';
import { beijingTimeToIso } from '../mq/parse';

/**
 * Report → recipient matching by (shop, biz_id, phone). Runs inside the consumed batch's transaction (an MQ
 * ingest hook), so a report is either applied to its row or parked in history_unmatched — never dropped.
 * A parked report is applied by the 0005 triggers the moment the ledger gives its row the biz_id.
 *
 * Final wins: the deciding report is the latest by (rept_time, id); an older report arriving late only counts
 * towards report_count (it stays in delivery_reports for the timeline). States other than '1'/'2' are kept
 * verbatim and counted but never decide.
 */
export interface MatchOutcome {
  matched: number;
  parked: number;
  /** Campaigns whose rows changed. */
  campaignIds: number[];
}

/** Report `state` → delivery; null = not a final state. */
export function deliveryOfReportState(state: string): 'delivered' | 'failed' | null {
  return state === '1' ? 'delivered' : state === '2' ? 'failed' : null;
}

const COLUMNS = 8; // bizId, phone, count, reportId, reptTime, delivery, errCode, reportedAt
/** Rows per UPDATE … FROM (VALUES …): one statement per consumed batch instead of one per number. */
const PER_STATEMENT = 64;

export class ReportMatcher {
  private readonly applyStatements = new Map<number, Statement>();
  private readonly parkStatements = new Map<number, Statement>();
  private readonly adopt: Statement;

  constructor(private readonly db: Db) {
    // A row accepted without a receipt (the ledger confirmed an unknown-outcome chunk with num.query) takes the biz_id
    // of a report for its number sent within the window around its submitted_at; the 0005 trigger then applies it.
    this.adopt = db.prepare(`UPDATE campaign_recipients SET biz_id = @bizId WHERE id = (
        SELECT id FROM campaign_recipients WHERE shop_id = @shopId AND phone = @phone AND status = 'accepted' AND biz_id IS NULL
          AND submitted_at BETWEEN @from AND @to ORDER BY abs(julianday(submitted_at) - julianday(@at)), id LIMIT 1)
      RETURNING campaign_id`);
  }

  /** Must run inside a transaction (the ingest batch's). */
  match(shopId: number, reports: readonly DeliveryReport[]): MatchOutcome {
    // One row update per (biz_id, phone): count every report, pick the deciding one in memory.
    const groups = new Map<string, { bizId: string; phone: string; reports: DeliveryReport[]; final: DeliveryReport | null }>();
    for (const report of reports) {
      const key = `${report.bizId}\u0000${report.phone}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { bizId: report.bizId, phone: report.phone, reports: [], final: null }));
      group.reports.push(report);
      if (deliveryOfReportState(report.state) && (!group.final || laterThan(report, group.final))) group.final = report;
    }
    const campaignIds = new Set<number>();
    const matchedKeys = new Set<string>();
    const candidates = [...groups.values()].filter((g) => g.bizId && g.phone);
    for (let i = 0; i < candidates.length; i += PER_STATEMENT) {
      const slice = candidates.slice(i, i + PER_STATEMENT);
      const values = slice.flatMap((g) => {
        const f = g.final;
        return [
          g.bizId,
          g.phone,
          g.reports.length,
          f?.id ?? null,
          f?.reportTime ?? null,
          f ? deliveryOfReportState(f.state) : null,
          f?.errCode ?? null,
          f?.reportedAt ?? null,
        ];
      });
      for (const row of this.applyStatement(slice.length).all(...values, { shopId }) as Array<{ campaign_id: number; biz_id: string; phone: string }>) {
        campaignIds.add(row.campaign_id);
        matchedKeys.add(`${row.biz_id}\u0000${row.phone}`);
      }
    }
    const unmatched: DeliveryReport[] = [];
    let matched = 0;
    for (const [key, group] of groups) {
      if (matchedKeys.has(key)) matched += group.reports.length;
      else unmatched.push(...group.reports);
    }
    this.park(shopId, unmatched);
    const adoptedKeys = new Set<string>();
    for (const report of unmatched) {
      const key = `${report.bizId}\u0000${report.phone}`;
      const at = report.sendTime ? beijingTimeToIso(report.sendTime) : null;
      if (!at || !report.bizId || !report.phone || adoptedKeys.has(key)) continue;
      const ms = Date.parse(at);
      const window = ADOPT_WINDOW_MINUTES * 60_000;
      const rows = this.adopt.all({
        shopId,
        bizId: report.bizId,
        phone: report.phone,
        at,
        from: new Date(ms - window).toISOString(),
        to: new Date(ms + window).toISOString(),
      }) as Array<{ campaign_id: number }>;
      if (rows.length) {
        adoptedKeys.add(key);
        for (const row of rows) campaignIds.add(row.campaign_id);
      }
    }
    const adopted = unmatched.filter((r) => adoptedKeys.has(`${r.bizId}\u0000${r.phone}`)).length;
    return { matched: matched + adopted, parked: unmatched.length - adopted, campaignIds: [...campaignIds] };
  }

  /**
   * Final wins: the deciding report is the latest by (rept_time, id); an older report arriving late only counts.
   * v.delivery is null when no report of the group has a final state ('1'/'2').
   */
  private applyStatement(rows: number): Statement {
    let statement = this.applyStatements.get(rows);
    if (!statement) {
      const tuple = `(${Array.from({ length: COLUMNS }, () => '?').join(', ')})`;
      const final = `(v.delivery IS NOT NULL AND (r.report_id IS NULL OR r.rept_time IS NULL OR r.rept_time < v.rept OR (r.rept_time = v.rept AND r.report_id < v.rid)))`;
      statement = this.db.prepare(`WITH v (biz, phone, cnt, rid, rept, delivery, err, rat) AS (VALUES ${Array.from({ length: rows }, () => tuple).join(', ')})
        UPDATE campaign_recipients AS r SET
          report_count = r.report_count + v.cnt,
          delivery = CASE WHEN ${final} THEN v.delivery ELSE r.delivery END,
          err_code = CASE WHEN ${final} THEN v.err ELSE r.err_code END,
          reported_at = CASE WHEN ${final} THEN v.rat ELSE r.reported_at END,
          delivery_source = CASE WHEN ${final} THEN 'report' ELSE r.delivery_source END,
          rept_time = CASE WHEN ${final} THEN v.rept ELSE r.rept_time END,
          report_id = CASE WHEN ${final} THEN v.rid ELSE r.report_id END
        -- "+" keeps the planner on the (biz_id, phone) index: with a shop_id index it would scan the shop per row.
        FROM v WHERE r.biz_id = v.biz AND r.phone = v.phone AND +r.shop_id = @shopId
        RETURNING campaign_id, biz_id, phone`);
      this.applyStatements.set(rows, statement);
    }
    return statement;
  }

  private park(shopId: number, reports: DeliveryReport[]) {
    const PER_PARK = 100;
    for (let i = 0; i < reports.length; i += PER_PARK) {
      const slice = reports.slice(i, i + PER_PARK);
      let statement = this.parkStatements.get(slice.length);
      if (!statement) {
        statement = this.db.prepare(
          `INSERT INTO history_unmatched (report_id, shop_id, biz_id, phone, received_at) VALUES ${slice.map(() => '(?, ?, ?, ?, ?)').join(', ')} ON CONFLICT (report_id) DO NOTHING`,
        );
        this.parkStatements.set(slice.length, statement);
      }
      statement.run(slice.flatMap((r) => [r.id, shopId, r.bizId, r.phone, r.receivedAt]));
    }
  }
}

function laterThan(a: DeliveryReport, b: DeliveryReport): boolean {
  return a.reportTime > b.reportTime || (a.reportTime === b.reportTime && a.id > b.id);
}
