import type { DeliveryState } from '../../../shared/history/contract';
import type { Db } from '../db/database';

/** What `jst-sms campaign <id> --json` adds: delivery counts, and per number its report state and err_code. */
export interface DeliveryCliCounts {
  delivered: number;
  failed: number;
  pending: number;
  unknown: number;
}

export function deliveryCounts(db: Db, campaignId: number): DeliveryCliCounts {
  const row = db
    .prepare(
      `SELECT COALESCE(SUM(delivery = 'delivered'), 0) AS delivered, COALESCE(SUM(delivery = 'failed'), 0) AS failed,
          COALESCE(SUM(delivery = 'pending'), 0) AS pending, COALESCE(SUM(delivery = 'unknown'), 0) AS unknown
       FROM campaign_recipients WHERE campaign_id = ? AND delivery IS NOT NULL`,
    )
    .get(campaignId) as DeliveryCliCounts;
  return row;
}

/** Recipient row id → report state (null = never submitted) and err_code, for every row of the campaign. */
export function numberDeliveries(db: Db, campaignId: number): Map<number, { report: DeliveryState | null; errCode: string | null }> {
  const rows = db.prepare('SELECT id, delivery, err_code FROM campaign_recipients WHERE campaign_id = ?').all(campaignId) as Array<{
    id: number;
    delivery: DeliveryState | null;
    err_code: string | null;
  }>;
  return new Map(rows.map((r) => [r.id, { report: r.delivery, errCode: r.err_code }]));
}

/** The CLI's campaign object with the delivery counts merged into `counts`. */
export function withDeliveryCounts<T extends { id: number; counts: object }>(db: Db, campaign: T): T & { counts: T['counts'] & DeliveryCliCounts } {
  return { ...campaign, counts: { ...campaign.counts, ...deliveryCounts(db, campaign.id) } };
}
