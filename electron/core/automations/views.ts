import type {
  AutomationCounts,
  AutomationDecisionView,
  AutomationKind,
  AutomationLogQuery,
  DecisionOutcome,
  SkipReason,
  UrgePayEffect,
} from '../../../shared/automations/contract';
import type { Page } from '../../../shared/contract-kit';
import { beijingMidnight, DAY_MS, formatBeijing } from '../../../shared/time/beijing';
import type { Db } from '../db/database';

const emptyCounts = (): AutomationCounts => ({ triggered: 0, sent: 0, skipped: 0, skippedBy: {} });

/** Today's and the last 7 days' counts per kind (Beijing days; 7 days = today and the 6 before). */
export function countsByKind(db: Db, shopId: number, now: number): Map<AutomationKind, { today: AutomationCounts; week: AutomationCounts }> {
  const today = beijingMidnight(now).midnight;
  const week = today - 6 * DAY_MS;
  const out = new Map<AutomationKind, { today: AutomationCounts; week: AutomationCounts }>();
  const get = (kind: AutomationKind) => {
    let c = out.get(kind);
    if (!c) out.set(kind, (c = { today: emptyCounts(), week: emptyCounts() }));
    return c;
  };
  const seen = db
    .prepare('SELECT kind, seen_at >= @today AS today, COUNT(*) AS n FROM automation_triggers WHERE shop_id = @shopId AND seen_at >= @week GROUP BY kind, 2')
    .all({ shopId, today, week }) as Array<{ kind: AutomationKind; today: number; n: number }>;
  for (const r of seen) {
    const c = get(r.kind);
    c.week.triggered += r.n;
    if (r.today) c.today.triggered += r.n;
  }
  const decided = db
    .prepare(
      `SELECT kind, state, reason, decided_at >= @today AS today, COUNT(*) AS n FROM automation_triggers
       WHERE shop_id = @shopId AND state <> 'pending' AND decided_at >= @week GROUP BY kind, state, reason, 4`,
    )
    .all({ shopId, today, week }) as Array<{ kind: AutomationKind; state: 'sent' | 'skipped'; reason: SkipReason | null; today: number; n: number }>;
  for (const r of decided) {
    const c = get(r.kind);
    for (const period of r.today ? [c.today, c.week] : [c.week]) {
      if (r.state === 'sent') period.sent += r.n;
      else {
        period.skipped += r.n;
        if (r.reason) period.skippedBy[r.reason] = (period.skippedBy[r.reason] ?? 0) + r.n;
      }
    }
  }
  return out;
}

export function countsOf(map: ReturnType<typeof countsByKind>, kind: AutomationKind) {
  return map.get(kind) ?? { today: emptyCounts(), week: emptyCounts() };
}

interface LogRow {
  id: number;
  tid: string;
  kind: AutomationKind;
  topic: string;
  trigger_key: string;
  seen_at: number;
  due_at: number;
  decided_at: number | null;
  state: 'pending' | 'sent' | 'skipped';
  reason: SkipReason | null;
  campaign_id: number | null;
}

const OUTCOME_STATE: Record<DecisionOutcome, string> = { sent: 'sent', skipped: 'skipped', waiting: 'pending' };

/** The decision log, newest trigger first (a waiting item shows as 'waiting'). */
export function decisionLog(
  db: Db,
  shopId: number,
  q: Pick<AutomationLogQuery, 'kind' | 'outcome' | 'reason' | 'tid' | 'page' | 'pageSize'>,
  sendStatus?: (campaignId: number, tid: string) => string | undefined,
): Page<AutomationDecisionView> {
  const where = ['t.shop_id = @shopId'];
  const params: Record<string, unknown> = { shopId };
  if (q.kind) {
    where.push('t.kind = @kind');
    params.kind = q.kind;
  }
  if (q.outcome) {
    where.push('t.state = @state');
    params.state = OUTCOME_STATE[q.outcome];
  }
  if (q.reason) {
    where.push('t.reason = @reason');
    params.reason = q.reason;
  }
  if (q.tid) {
    where.push('t.tid >= @tidFrom AND t.tid < @tidTo');
    params.tidFrom = q.tid;
    params.tidTo = `${q.tid}:`;
  }
  const clause = where.join(' AND ');
  const total = db.prepare(`SELECT COUNT(*) FROM automation_triggers t WHERE ${clause}`).pluck().get(params) as number;
  const rows = db
    .prepare(
      `SELECT t.id, t.tid, t.kind, t.topic, t.trigger_key, t.seen_at, t.due_at, t.decided_at, t.state, t.reason, b.campaign_id
       FROM automation_triggers t LEFT JOIN automation_batches b ON b.id = t.batch_id
       WHERE ${clause} ORDER BY t.id DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }) as LogRow[];
  return { items: rows.map((r) => decisionView(r, sendStatus)), total, page: q.page, pageSize: q.pageSize };
}

function decisionView(r: LogRow, sendStatus?: (campaignId: number, tid: string) => string | undefined): AutomationDecisionView {
  const view: AutomationDecisionView = {
    id: r.id,
    tid: r.tid,
    kind: r.kind,
    trigger: r.trigger_key === 'pre-close' ? 'pre-close' : r.topic,
    triggeredAt: formatBeijing(r.seen_at, true),
    dueAt: formatBeijing(r.due_at, true),
    decidedAt: r.decided_at === null ? null : formatBeijing(r.decided_at, true),
    outcome: r.state === 'pending' ? 'waiting' : r.state,
  };
  if (r.reason) view.reason = r.reason;
  if (r.campaign_id !== null) {
    view.campaignId = r.campaign_id;
    const status = sendStatus?.(r.campaign_id, r.tid);
    if (status) view.sendStatus = status;
  }
  return view;
}

/** 催付 effect: of the 催付 sent in the last `days` days, the orders paid within 24 h after the send. */
export function urgePayEffect(db: Db, shopId: number, now: number, days: number): UrgePayEffect {
  const row = db
    .prepare(
      `SELECT COUNT(*) AS urged,
         SUM(o.pay_at IS NOT NULL AND o.pay_at >= t.decided_at AND o.pay_at <= t.decided_at + 86400000) AS responded,
         SUM(CASE WHEN o.pay_at IS NOT NULL AND o.pay_at >= t.decided_at AND o.pay_at <= t.decided_at + 86400000 THEN COALESCE(o.payment_fen, 0) ELSE 0 END) AS fen
       FROM automation_triggers t LEFT JOIN orders o ON o.shop_id = t.shop_id AND o.tid = t.tid
       WHERE t.shop_id = ? AND t.kind = 'urge-pay' AND t.state = 'sent' AND t.decided_at >= ?`,
    )
    .get(shopId, now - days * DAY_MS) as { urged: number; responded: number | null; fen: number | null };
  const responded = row.responded ?? 0;
  const fen = row.fen ?? 0;
  return {
    days,
    urged: row.urged,
    responded,
    rate: row.urged ? responded / row.urged : 0,
    amount: `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`,
  };
}
