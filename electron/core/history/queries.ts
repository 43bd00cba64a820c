import { shownRecipient } from '../../../shared/orders/fields';
import type {
  DailyDelivery,
  DeliveryBucket,
  DeliveryState,
  ErrCodeCount,
  HistoryCampaign,
  HistoryCampaignDetail,
  HistoryNumber,
  NumberSend,
  NumberTimeline,
  TimelineEvent,
} from '../../../shared/history/contract';
import type { DeliveryCounts } from '../../../shared/history/rate';
import type { CampaignKind, CampaignState } from '../../../shared/sending/contract';
import { AppError } from '../../../shared/errors';
import type { Db } from '../db/database';
import { normalisePhone } from '../mq/parse';
import { beijingDayKey, beijingDayStart, DAY_MS } from '../../../shared/time/beijing';
import { SQL_BEIJING_SHIFT } from './time';
import { deliveryRate } from '../../../shared/history/rate';

/** Read side of delivery history. All filtering happens here (main), never in the renderer. */
interface CampaignRow {
  id: number;
  name: string;
  kind: CampaignKind;
  state: CampaignState;
  template_name: string;
  template_code: string;
  sign_name: string;
  started_at: string | null;
  finished_at: string | null;
  created_at: string;
  prepared_at: string | null;
  sent: number | null;
  delivered: number | null;
  failed: number | null;
  pending: number | null;
  unknown: number | null;
  billed: number | null;
}

interface NumberRow {
  id: number;
  row_no: number;
  phone: string;
  buyer_nick: string;
  delivery: DeliveryState;
  err_code: string | null;
  biz_id: string;
  submitted_at: string | null;
  reported_at: string | null;
  report_count: number;
  delivery_source: 'report' | 'query' | null;
  checked_at: string | null;
  vars: string;
}

export interface CampaignFilter {
  from?: string;
  to?: string;
  states?: CampaignState[];
  templateCode?: string;
  search?: string;
}

export interface NumbersFilter {
  id: number;
  deliveries?: DeliveryState[];
  errCode?: string;
  search?: string;
  offset: number;
  limit: number;
}

const COUNTS_SQL = `SELECT campaign_id, COUNT(*) AS sent, SUM(delivery = 'delivered') AS delivered, SUM(delivery = 'failed') AS failed,
    SUM(delivery = 'pending') AS pending, SUM(delivery = 'unknown') AS unknown, SUM(COALESCE(segments, 1)) AS billed
  FROM campaign_recipients WHERE delivery IS NOT NULL`;

export class HistoryQueries {
  constructor(
    private readonly db: Db,
    private readonly shopId: number,
  ) {}

  campaigns(filter: CampaignFilter = {}): HistoryCampaign[] {
    const where = ['c.shop_id = @shopId'];
    const params: Record<string, unknown> = { shopId: this.shopId };
    if (filter.states?.length) {
      where.push(`c.state IN (${filter.states.map((_, i) => `@s${i}`).join(', ')})`);
      filter.states.forEach((s, i) => (params[`s${i}`] = s));
    } else where.push("c.state != 'draft'");
    if (filter.from) {
      where.push('COALESCE(c.started_at, c.created_at) >= @from');
      params.from = new Date(beijingDayStart(filter.from)).toISOString();
    }
    if (filter.to) {
      where.push('COALESCE(c.started_at, c.created_at) < @to');
      params.to = new Date(beijingDayStart(filter.to) + DAY_MS).toISOString();
    }
    if (filter.templateCode) {
      where.push('c.template_code = @templateCode');
      params.templateCode = filter.templateCode;
    }
    if (filter.search) {
      where.push("c.name LIKE @search ESCAPE '\\'");
      params.search = `%${likeEscape(filter.search)}%`;
    }
    const rows = this.db
      .prepare(
        `SELECT c.id, c.name, c.kind, c.state, c.template_name, c.template_code, c.sign_name, c.started_at, c.finished_at, c.created_at, c.prepared_at,
            k.sent, k.delivered, k.failed, k.pending, k.unknown, k.billed
         FROM campaigns c LEFT JOIN (${COUNTS_SQL} AND shop_id = @shopId GROUP BY campaign_id) k ON k.campaign_id = c.id
         WHERE ${where.join(' AND ')} ORDER BY COALESCE(c.started_at, c.created_at) DESC, c.id DESC LIMIT 2000`,
      )
      .all(params) as CampaignRow[];
    return rows.map(campaignFromRow);
  }

  campaign(id: number): HistoryCampaign {
    const row = this.db
      .prepare(
        `SELECT c.id, c.name, c.kind, c.state, c.template_name, c.template_code, c.sign_name, c.started_at, c.finished_at, c.created_at, c.prepared_at,
            k.sent, k.delivered, k.failed, k.pending, k.unknown, k.billed
         FROM campaigns c LEFT JOIN (${COUNTS_SQL} AND campaign_id = @id) k ON k.campaign_id = c.id
         WHERE c.shop_id = @shopId AND c.id = @id`,
      )
      .get({ shopId: this.shopId, id }) as CampaignRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `找不到发送任务 #${id}。`);
    return campaignFromRow(row);
  }

  counts(id: number): DeliveryCounts {
    return this.campaign(id).counts;
  }

  /** The same counts for many campaigns in one grouped scan (the 发送 list); campaigns with nothing sent are absent. */
  countsByCampaign(ids: readonly number[]): Map<number, DeliveryCounts> {
    const out = new Map<number, DeliveryCounts>();
    if (!ids.length) return out;
    const rows = this.db
      .prepare(`${COUNTS_SQL} AND shop_id = ? AND campaign_id IN (SELECT value FROM json_each(?)) GROUP BY campaign_id`)
      .all(this.shopId, JSON.stringify(ids)) as Array<Pick<CampaignRow, 'sent' | 'delivered' | 'failed' | 'pending' | 'unknown'> & { campaign_id: number }>;
    for (const row of rows) out.set(row.campaign_id, deliveryCountsFromRow(row));
    return out;
  }

  detail(id: number, now: number): HistoryCampaignDetail {
    const { timeline, lastCheckAt, totals } = this.timelineBuckets(id, now);
    const row = this.db
      .prepare(
        `SELECT id, name, kind, state, template_name, template_code, sign_name, started_at, finished_at, created_at, prepared_at FROM campaigns WHERE shop_id = ? AND id = ?`,
      )
      .get(this.shopId, id) as CampaignRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `找不到发送任务 #${id}。`);
    const campaign = campaignFromRow({ ...row, ...totals });
    const errCodes = this.db
      .prepare(
        `SELECT COALESCE(err_code, '') AS errCode, COUNT(*) AS count FROM campaign_recipients WHERE campaign_id = ? AND delivery = 'failed' GROUP BY 1 ORDER BY count DESC, errCode`,
      )
      .all(id) as ErrCodeCount[];
    return { campaign, errCodes, timeline, reconcile: { lastRunAt: lastCheckAt, waiting: campaign.counts.pending } };
  }

  /**
   * Delivered / failed per bucket of report time, and numbers still waiting at each bucket's end. One scan grouped by
   * minute (ISO prefixes, no date arithmetic in SQL); buckets are sized in JS to keep ≤ 60 of them.
   */
  private timelineBuckets(id: number, now: number) {
    const groups = this.db
      .prepare(
        `SELECT delivery, substr(submitted_at, 1, 16) AS s, substr(reported_at, 1, 16) AS r, COUNT(*) AS n, SUM(COALESCE(segments, 1)) AS segments, MAX(checked_at) AS checked
         FROM campaign_recipients WHERE campaign_id = ? AND delivery IS NOT NULL GROUP BY 1, 2, 3`,
      )
      .all(id) as Array<{ delivery: DeliveryState; s: string | null; r: string | null; n: number; segments: number; checked: string | null }>;
    const totals = { sent: 0, delivered: 0, failed: 0, pending: 0, unknown: 0, billed: 0 };
    for (const g of groups) {
      totals.sent += g.n;
      totals[g.delivery] += g.n;
      totals.billed += g.segments;
    }
    const minute = (prefix: string | null) => (prefix ? Date.parse(`${prefix}:00.000Z`) : NaN);
    let first = Infinity;
    let last = -Infinity;
    let open = 0;
    let lastCheckAt: string | null = null;
    for (const g of groups) {
      const s = minute(g.s);
      const r = minute(g.r);
      if (!Number.isNaN(s)) first = Math.min(first, s);
      if (!Number.isNaN(r)) last = Math.max(last, r);
      if (!Number.isNaN(s)) last = Math.max(last, s);
      if (g.delivery === 'pending' || g.delivery === 'unknown') open += g.n;
      if (g.checked && (!lastCheckAt || g.checked > lastCheckAt)) lastCheckAt = g.checked;
    }
    if (!Number.isFinite(first)) return { timeline: { bucketMinutes: 60, buckets: [] as DeliveryBucket[] }, lastCheckAt, totals };
    // At least half an hour on the axis, so a campaign whose reports all came within a minute still reads as a curve.
    const end = Math.max(last, open ? Math.min(now, first + 3 * 86_400_000) : 0, first + 30 * 60_000);
    const minutes = [1, 5, 15, 30, 60, 180, 360, 720, 1440].find((m) => (end - first) / (m * 60_000) <= 60) ?? 1440;
    const size = minutes * 60_000;
    const count = Math.floor((end - first) / size) + 1;
    const buckets: DeliveryBucket[] = Array.from({ length: count }, (_, i) => ({
      at: new Date(first + i * size).toISOString(),
      delivered: 0,
      failed: 0,
      pending: 0,
    }));
    const submittedPer = new Array<number>(count).fill(0);
    const index = (ms: number) => Math.min(count - 1, Math.max(0, Math.floor((ms - first) / size)));
    for (const g of groups) {
      const s = minute(g.s);
      if (!Number.isNaN(s)) submittedPer[index(s)]! += g.n;
      const r = minute(g.r);
      if ((g.delivery === 'delivered' || g.delivery === 'failed') && !Number.isNaN(r)) buckets[index(r)]![g.delivery] += g.n;
      else if ((g.delivery === 'delivered' || g.delivery === 'failed') && !Number.isNaN(s)) buckets[index(s)]![g.delivery] += g.n;
    }
    let waiting = 0;
    buckets.forEach((bucket, i) => {
      waiting += submittedPer[i]! - bucket.delivered - bucket.failed;
      bucket.pending = Math.max(0, waiting);
    });
    return { timeline: { bucketMinutes: minutes, buckets }, lastCheckAt, totals };
  }

  numbers(filter: NumbersFilter): { items: HistoryNumber[]; total: number; offset: number } {
    const where = ['campaign_id = @id'];
    const params: Record<string, unknown> = { id: filter.id, limit: filter.limit, offset: filter.offset };
    if (filter.deliveries?.length) {
      where.push(`delivery IN (${filter.deliveries.map((_, i) => `@d${i}`).join(', ')})`);
      filter.deliveries.forEach((d, i) => (params[`d${i}`] = d));
    } else where.push('delivery IS NOT NULL');
    if (filter.errCode !== undefined && filter.errCode !== '') {
      // A failure reason filter (the chart's and the dropdown's codes); indexed for failed rows only, which keeps ingest cheap.
      where.push("delivery = 'failed' AND err_code = @errCode");
      params.errCode = filter.errCode;
    }
    const search = numberSearch(filter.search);
    if (search) {
      // Every row with a delivery state was submitted; the term lets the planner use the sent-rows-only number indexes (0007).
      where.push('submitted_at IS NOT NULL', search.sql);
      Object.assign(params, search.params);
    }
    const clause = where.join(' AND ');
    const total = this.db.prepare(`SELECT COUNT(*) FROM campaign_recipients WHERE ${clause}`).pluck().get(params) as number;
    const rows = this.db
      .prepare(
        `SELECT id, row_no, phone, delivery, err_code, biz_id, submitted_at, reported_at, report_count, delivery_source, checked_at, vars, buyer_nick
         FROM campaign_recipients WHERE ${clause} ORDER BY id LIMIT @limit OFFSET @offset`,
      )
      .all(params) as NumberRow[];
    return { items: rows.map(numberFromRow), total, offset: filter.offset };
  }

  /** Every row of a campaign with a delivery state, in order (exports, CLI). */
  *allNumbers(id: number, deliveries?: DeliveryState[]): Generator<HistoryNumber> {
    const filter = deliveries?.length ? `AND delivery IN (${deliveries.map(() => '?').join(', ')})` : 'AND delivery IS NOT NULL';
    const statement = this.db.prepare(
      `SELECT id, row_no, phone, delivery, err_code, biz_id, submitted_at, reported_at, report_count, delivery_source, checked_at, vars, buyer_nick
       FROM campaign_recipients WHERE campaign_id = ? ${filter} ORDER BY id`,
    );
    for (const row of statement.iterate(id, ...(deliveries ?? [])) as Iterable<NumberRow>) yield numberFromRow(row);
  }

  timeline(recipientId: number): NumberTimeline {
    const row = this.db
      .prepare(
        `SELECT r.id, r.campaign_id, c.name AS campaign_name, c.prepared_at, r.phone, r.delivery, r.err_code, r.biz_id, r.submitted_at, r.report_id,
            r.delivery_source, r.reported_at, r.checked_at, r.query_status, r.status
         FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id WHERE r.shop_id = ? AND r.id = ?`,
      )
      .get(this.shopId, recipientId) as
      | {
          id: number;
          campaign_id: number;
          campaign_name: string;
          prepared_at: string | null;
          phone: string;
          delivery: DeliveryState | null;
          err_code: string | null;
          biz_id: string | null;
          submitted_at: string | null;
          report_id: number | null;
          delivery_source: 'report' | 'query' | null;
          reported_at: string | null;
          checked_at: string | null;
          query_status: number | null;
          status: string;
        }
      | undefined;
    if (!row) throw new AppError('NOT_FOUND', `找不到号码记录 #${recipientId}。`);
    const events: TimelineEvent[] = [];
    if (row.prepared_at) events.push({ kind: 'prepared', at: row.prepared_at });
    if (row.submitted_at) events.push({ kind: 'submitted', at: row.submitted_at });
    if (row.biz_id) {
      const reports = this.db
        .prepare(
          `SELECT id, state, err_code, reported_at, received_at FROM delivery_reports WHERE shop_id = ? AND biz_id = ? AND phone = ? ORDER BY rept_time, id`,
        )
        .all(this.shopId, row.biz_id, row.phone) as Array<{ id: number; state: string; err_code: string; reported_at: string | null; received_at: string }>;
      for (const r of reports)
        events.push({
          kind: 'report',
          at: r.reported_at ?? r.received_at,
          state: r.state,
          errCode: r.err_code,
          final: row.delivery_source === 'report' && r.id === row.report_id,
        });
    }
    if (row.checked_at) {
      events.push({
        kind: 'query',
        at: row.checked_at,
        state: row.query_status === null ? undefined : String(row.query_status),
        errCode: row.delivery_source === 'query' ? (row.err_code ?? '') : undefined,
        final: row.delivery_source === 'query',
      });
    }
    if (row.delivery === 'unknown') events.push({ kind: 'unknown', at: null });
    if (row.submitted_at) {
      const replies = this.db
        .prepare(
          `SELECT content, COALESCE(replied_at, received_at) AS at FROM replies WHERE shop_id = ? AND phone = ? AND COALESCE(replied_at, received_at) >= ? ORDER BY at LIMIT 20`,
        )
        .all(this.shopId, row.phone, row.submitted_at) as Array<{ content: string; at: string }>;
      for (const r of replies) events.push({ kind: 'reply', at: r.at, text: r.content });
    }
    // Prepared and submitted come first whatever the clocks say (a report's time has whole seconds only); the rest by time.
    const rank = (e: TimelineEvent) => (e.kind === 'prepared' ? 0 : e.kind === 'submitted' ? 1 : e.kind === 'unknown' ? 3 : 2);
    events.sort((a, b) => rank(a) - rank(b) || (a.at ?? '\uffff').localeCompare(b.at ?? '\uffff'));
    return {
      recipientId: row.id,
      campaignId: row.campaign_id,
      campaignName: row.campaign_name,
      phone: shownRecipient(row.phone),
      delivery: row.delivery,
      errCode: row.err_code ?? '',
      events,
    };
  }

  lookup(phoneInput: string): NumberSend[] {
    const phone = normalisePhone(phoneInput);
    const rows = this.db
      .prepare(
        `SELECT r.id, r.campaign_id, c.name, c.template_name, r.submitted_at, r.delivery, r.err_code, r.biz_id
         FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
         WHERE r.shop_id = ? AND r.phone = ? AND r.submitted_at IS NOT NULL AND r.delivery IS NOT NULL ORDER BY r.submitted_at DESC, r.id DESC LIMIT 500`,
      )
      .all(this.shopId, phone) as Array<{
      id: number;
      campaign_id: number;
      name: string;
      template_name: string;
      submitted_at: string | null;
      delivery: DeliveryState;
      err_code: string | null;
      biz_id: string;
    }>;
    return rows.map((r) => ({
      recipientId: r.id,
      campaignId: r.campaign_id,
      campaignName: r.name,
      templateName: r.template_name,
      submittedAt: r.submitted_at,
      delivery: r.delivery,
      errCode: r.err_code ?? '',
      bizId: r.biz_id,
    }));
  }

  daily(days: number, now: number): DailyDelivery[] {
    const firstStart = beijingDayStart(beijingDayKey(now)) - (days - 1) * DAY_MS;
    const rows = this.db
      .prepare(
        `SELECT substr(datetime(submitted_at, ?), 1, 10) AS day, COUNT(*) AS sent, SUM(delivery = 'delivered') AS delivered, SUM(delivery = 'failed') AS failed,
            SUM(delivery = 'pending') AS pending, SUM(delivery = 'unknown') AS unknown
         FROM campaign_recipients WHERE shop_id = ? AND submitted_at >= ? AND submitted_at IS NOT NULL AND delivery IS NOT NULL GROUP BY day`,
      )
      .all(SQL_BEIJING_SHIFT, this.shopId, new Date(firstStart).toISOString()) as DailyDelivery[];
    const byDay = new Map(rows.map((r) => [r.day, r]));
    return Array.from({ length: days }, (_, i) => {
      const day = beijingDayKey(firstStart + i * DAY_MS);
      const r = byDay.get(day);
      return { day, sent: r?.sent ?? 0, delivered: r?.delivered ?? 0, failed: r?.failed ?? 0, pending: r?.pending ?? 0, unknown: r?.unknown ?? 0 };
    });
  }
}

export const ZERO_DELIVERY: Readonly<DeliveryCounts> = { sent: 0, delivered: 0, failed: 0, pending: 0, unknown: 0 };

function deliveryCountsFromRow(row: Pick<CampaignRow, 'sent' | 'delivered' | 'failed' | 'pending' | 'unknown'>): DeliveryCounts {
  return { sent: row.sent ?? 0, delivered: row.delivered ?? 0, failed: row.failed ?? 0, pending: row.pending ?? 0, unknown: row.unknown ?? 0 };
}

function campaignFromRow(row: CampaignRow): HistoryCampaign {
  const counts = deliveryCountsFromRow(row);
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    state: row.state,
    templateName: row.template_name,
    templateCode: row.template_code,
    signName: row.sign_name,
    counts,
    deliveryRate: deliveryRate(counts),
    billedSegments: row.billed ?? 0,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    createdAt: row.created_at,
  };
}

function numberFromRow(row: NumberRow): HistoryNumber {
  return {
    id: row.id,
    rowNo: row.row_no,
    phone: shownRecipient(row.phone, row.buyer_nick),
    key: row.phone,
    buyerNick: row.buyer_nick ?? '',
    delivery: row.delivery,
    errCode: row.err_code ?? '',
    bizId: row.biz_id,
    submittedAt: row.submitted_at,
    reportedAt: row.reported_at,
    reportCount: row.report_count,
    source: row.delivery_source,
    checkedAt: row.checked_at,
    vars: parseVars(row.vars),
  };
}

function parseVars(text: string): Record<string, string> {
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
  } catch {
    // a corrupt vars cell shows as no variables
  }
  return {};
}

/**
 * Number search, always on an index: a whole number (exact), a beginning (1xx…, prefix range on (campaign_id, phone)),
 * or a tail of at least 4 digits (尾号; the (campaign_id, last four) expression index, then the full tail).
 * Digits in the middle of a number are not searched (that would scan every row of a 100k campaign).
 */
export function numberSearch(raw: string | undefined): { sql: string; params: Record<string, string> } | null {
  const digits = (raw ?? '').replace(/\D/g, '').replace(/^(86|0086)(?=1\d{10}$)/, '');
  if (!digits) return null;
  if (digits.length === 11) return { sql: 'phone = @phone', params: { phone: digits } };
  if (digits.startsWith('1') && digits.length >= 3) return { sql: 'phone >= @from AND phone < @to', params: { from: digits, to: digits + ':' } };
  if (digits.length >= 4)
    return { sql: `substr(phone, -4) = @tail4 AND phone LIKE @tail ESCAPE '\\'`, params: { tail4: digits.slice(-4), tail: `%${digits}` } };
  return { sql: 'phone >= @from AND phone < @to', params: { from: digits, to: digits + ':' } };
}

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
