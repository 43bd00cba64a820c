import type { Statement } from 'better-sqlite3';
import type { AutomationKind, SkipReason } from '../../../shared/automations/contract';
import { beijingMidnight, DAY_MS, isInsideWindow, nextWindowOpen, type DailyWindow } from '../../../shared/time/beijing';
import type { Db } from '../db/database';
import { signatureProblem } from '../sending/drafts';
import { NEXT_DAY_GRACE_MS, STALE_AFTER_MINUTES, type Rule } from './rules';
import { ORDER_FACT_COLUMNS, orderReason, ratedStatement, type OrderFacts } from './triggers';

/** A persisted trigger as the decision loop reads it. */
export interface TriggerRow {
  id: number;
  kind: AutomationKind;
  tid: string;
  trigger_key: string;
  buyer_open_uid: string;
  base_at: number;
  due_at: number;
  deferred: number;
}
export const TRIGGER_COLUMNS = 'id, kind, tid, trigger_key, buyer_open_uid, base_at, due_at, deferred';

export type Decision = { decision: 'send' } | { decision: 'skip'; reason: SkipReason } | { decision: 'wait' } | { decision: 'defer'; dueAt: number };

/** The chosen template as the local store knows it (null: no such approved template here). */
export interface TemplateFacts {
  code: string;
  approved: boolean;
  marketing: boolean;
  /** A marketing template also needs an approved signature of this shop. */
  signOk: boolean;
}

/**
 * What a decision reads besides the trigger. The run path reads the database inside its transaction (a send decided a
 * moment ago counts at once); the preview adds its own would-be sends on top (see PreviewTally).
 */
export interface DecisionFacts {
  order(tid: string): OrderFacts | null;
  rated(tid: string): boolean;
  /** Another trigger of this order and kind already sent (one SMS per order per kind). */
  sentSameKind(tid: string, kind: AutomationKind): boolean;
  /** SMS sent to this buyer by automations since `since` (all kinds, or one kind). */
  buyerSentSince(uid: string, since: number, kind?: AutomationKind): number;
  /** The buyer paid another order since `since`. */
  buyerPaidOtherSince(uid: string, tid: string, since: number): boolean;
  optedOut(uid: string, marketing: boolean): boolean;
}

export interface DecideContext {
  now: number;
  rule: Rule;
  template: TemplateFacts | null;
  buyerDailyCap: number;
  /** Marketing templates also keep to the marketing window. */
  marketingWindow: DailyWindow;
}

/** The window a send must fall into: the rule's, and for marketing also the marketing window. */
function nextAllowed(windows: DailyWindow[], now: number): number {
  let t = now;
  // Two daily windows: a few steps always settle (each step moves to an opening of one of them).
  for (let i = 0; i < 6; i++) {
    const outside = windows.find((w) => !isInsideWindow(w, t));
    if (!outside) return t;
    t = nextWindowOpen(outside, t);
  }
  return Number.POSITIVE_INFINITY; // the windows never overlap
}

/**
 * One decision, in the order the seller would ask "why not?": the order's own state (paid, closed, refund, rated),
 * one per order per kind, usefulness (stale), the template, the window, opt-out, the buyer's other orders and the
 * per-buyer cap. A disabled rule is decided elsewhere (its items wait until stale).
 */
export function decide(t: TriggerRow, c: DecideContext, facts: DecisionFacts): Decision {
  const order = facts.order(t.tid);
  const fromOrder = orderReason(t.kind, order, () => facts.rated(t.tid));
  if (fromOrder) return { decision: 'skip', reason: fromOrder };
  if (t.kind !== 'refund' && facts.sentSameKind(t.tid, t.kind)) return { decision: 'skip', reason: 'duplicate' };
  if (t.deferred ? c.now > t.due_at + NEXT_DAY_GRACE_MS : c.now > t.due_at + STALE_AFTER_MINUTES[t.kind] * 60_000) return { decision: 'skip', reason: 'stale' };
  if (!c.template || !c.template.approved || !c.template.signOk || !c.rule.signName) return { decision: 'skip', reason: 'template-not-approved' };
  const windows = c.template.marketing ? [c.rule.window, c.marketingWindow] : [c.rule.window];
  const allowedAt = nextAllowed(windows, c.now);
  if (allowedAt > c.now) {
    if (c.rule.outsideWindow === 'skip' || t.deferred || !Number.isFinite(allowedAt)) return { decision: 'skip', reason: 'quiet-hours' };
    return { decision: 'defer', dueAt: allowedAt };
  }
  const uid = t.buyer_open_uid || order?.buyer_open_uid || '';
  if (uid && facts.optedOut(uid, c.template.marketing)) return { decision: 'skip', reason: 'opted-out' };
  if (uid) {
    const today = beijingMidnight(c.now).midnight;
    if (t.kind === 'urge-pay') {
      // CRM practice: no 催付 to a buyer who paid another order today or yesterday, or who was 催付'd today.
      if (facts.buyerPaidOtherSince(uid, t.tid, today - DAY_MS)) return { decision: 'skip', reason: 'paid' };
      if (facts.buyerSentSince(uid, today, 'urge-pay') > 0) return { decision: 'skip', reason: 'capped' };
    }
    if (facts.buyerSentSince(uid, today) >= c.buyerDailyCap) return { decision: 'skip', reason: 'capped' };
  }
  return { decision: 'send' };
}

/** DecisionFacts from the database (prepared once per engine). */
export class DbFacts implements DecisionFacts {
  private readonly orderStmt: Statement;
  private readonly ratedStmt: Statement;
  private readonly sameKind: Statement;
  private readonly buyerAll: Statement;
  private readonly buyerKind: Statement;
  private readonly paidOther: Statement;
  private readonly templateStmt: Statement;

  constructor(
    private readonly db: Db,
    private readonly shopId: number,
    private readonly optOut: (uid: string, marketing: boolean) => boolean,
  ) {
    this.orderStmt = db.prepare(`SELECT ${ORDER_FACT_COLUMNS} FROM orders WHERE shop_id = ? AND tid = ?`);
    this.ratedStmt = ratedStatement(db);
    this.sameKind = db.prepare("SELECT 1 FROM automation_triggers WHERE shop_id = ? AND tid = ? AND kind = ? AND state = 'sent' LIMIT 1");
    this.buyerAll = db
      .prepare("SELECT COUNT(*) FROM automation_triggers WHERE shop_id = ? AND buyer_open_uid = ? AND state = 'sent' AND decided_at >= ?")
      .pluck();
    this.buyerKind = db
      .prepare("SELECT COUNT(*) FROM automation_triggers WHERE shop_id = ? AND buyer_open_uid = ? AND state = 'sent' AND decided_at >= ? AND kind = ?")
      .pluck();
    this.paidOther = db.prepare("SELECT 1 FROM orders WHERE shop_id = ? AND buyer_open_uid = ? AND tid <> ? AND buyer_open_uid <> '' AND pay_at >= ? LIMIT 1");
    this.templateStmt = db.prepare(
      "SELECT type, status FROM sms_templates WHERE shop_id = ? AND platform_code = ? ORDER BY (status = 'approved') DESC, id DESC LIMIT 1",
    );
  }

  order(tid: string): OrderFacts | null {
    return (this.orderStmt.get(this.shopId, tid) as OrderFacts | undefined) ?? null;
  }
  rated(tid: string): boolean {
    return this.ratedStmt.get(this.shopId, tid) !== undefined;
  }
  sentSameKind(tid: string, kind: AutomationKind): boolean {
    return this.sameKind.get(this.shopId, tid, kind) !== undefined;
  }
  buyerSentSince(uid: string, since: number, kind?: AutomationKind): number {
    return (kind ? this.buyerKind.get(this.shopId, uid, since, kind) : this.buyerAll.get(this.shopId, uid, since)) as number;
  }
  buyerPaidOtherSince(uid: string, tid: string, since: number): boolean {
    return this.paidOther.get(this.shopId, uid, tid, since) !== undefined;
  }
  optedOut(uid: string, marketing: boolean): boolean {
    return this.optOut(uid, marketing);
  }

  template(code: string, signName: string): TemplateFacts | null {
    if (!code) return null;
    const row = this.templateStmt.get(this.shopId, code) as { type: number; status: string } | undefined;
    if (!row) return null;
    const marketing = row.type === 2;
    return {
      code,
      approved: row.status === 'approved',
      marketing,
      signOk: signatureProblem({ db: this.db, shopId: this.shopId }, signName, row.type) === null,
    };
  }
}

/** Preview: what the run would decide, counting its own would-be sends (nothing is written). */
export class PreviewTally implements DecisionFacts {
  private readonly sent = new Map<string, Array<{ kind: AutomationKind; at: number }>>();
  private readonly sentKinds = new Set<string>();

  constructor(private readonly base: DecisionFacts) {}

  record(t: TriggerRow, at: number): void {
    const uid = t.buyer_open_uid;
    if (uid) this.sent.set(uid, [...(this.sent.get(uid) ?? []), { kind: t.kind, at }]);
    this.sentKinds.add(`${t.tid}|${t.kind}`);
  }

  order(tid: string) {
    return this.base.order(tid);
  }
  rated(tid: string) {
    return this.base.rated(tid);
  }
  sentSameKind(tid: string, kind: AutomationKind) {
    return this.sentKinds.has(`${tid}|${kind}`) || this.base.sentSameKind(tid, kind);
  }
  buyerSentSince(uid: string, since: number, kind?: AutomationKind) {
    const own = (this.sent.get(uid) ?? []).filter((s) => s.at >= since && (!kind || s.kind === kind)).length;
    return own + this.base.buyerSentSince(uid, since, kind);
  }
  buyerPaidOtherSince(uid: string, tid: string, since: number) {
    return this.base.buyerPaidOtherSince(uid, tid, since);
  }
  optedOut(uid: string, marketing: boolean) {
    return this.base.optedOut(uid, marketing);
  }
}
