import type { Statement } from 'better-sqlite3';
import type { AutomationKind, AutomationRunResult } from '../../../shared/automations/contract';
import type { DailyWindow } from '../../../shared/time/beijing';
import type { Clock } from '../clock';
import type { Db } from '../db/database';
import type { Logger } from '../log/logger';
import { DbFacts, decide, TRIGGER_COLUMNS, type DecideContext, type Decision, type TemplateFacts, type TriggerRow } from './decide';
import { STALE_AFTER_MINUTES, type Rule, type RuleStore } from './rules';

/** At most this many orders per send call (the OAID batchsend limit). */
export const BATCH_SIZE = 50;
const PAGE_SIZE = 200;
/**
 * Items decided per transaction before the loop yields (ingest, requests and timers run in between): 50 decisions stay
 * well under the 50 ms stall budget even on a busy machine; a page is read in one keyset query, decided in slices.
 */
const SLICE_SIZE = BATCH_SIZE;
/** Between passes when nothing is due sooner (new triggers wake the loop at once). */
const MAX_IDLE_MS = 60_000;
const MIN_IDLE_MS = 250;
/** A re-check the platform could not answer is tried again after this (the item stays pending; staleness ends it). */
const RECHECK_RETRY_MS = 60_000;
const RECHECK_CONCURRENCY = 8;

export interface SendBatch {
  batchId: number;
  kind: AutomationKind;
  templateCode: string;
  signName: string;
  tids: string[];
}

/**
 * The send path automations use (the orders issue's OAID send through the crash-safe ledger). create() runs inside the
 * engine's transaction, so the decision and the campaign that carries it commit together or not at all.
 */
export interface AutomationSender {
  /** Creates the batch's ledger campaign (kind 'automation', one SMS per order), not started yet. Synchronous. */
  create(batch: SendBatch): number;
  /** Hands a created campaign to the send engine; a campaign already started is left alone (start-up recovery). */
  start(campaignId: number): Promise<void>;
  /** Every order of the campaign has its final outcome. */
  settled(campaignId: number): boolean;
}

/**
 * The order's facts right before a send, applied to the local store: `live` asks the platform now (催付: paid or closed
 * meanwhile?), otherwise a cached OAID will do. 'no-oaid' when the order cannot be reached by OAID; throws when the
 * platform could not be asked (the item waits and is tried again).
 */
export type OrderRecheck = (tid: string, live: boolean) => Promise<'ok' | 'no-oaid'>;

export interface EngineSettings {
  buyerDailyCap: number;
  marketingWindow: DailyWindow;
}

/** Crash-test seams: run between the decision's commit and the hand-over to the send engine. */
export interface AutomationHooks {
  afterDecide?(batch: SendBatch, campaignId: number): void | Promise<void>;
}

export interface EngineDeps {
  db: Db;
  shopId: number;
  clock: Clock;
  log: Logger;
  rules: RuleStore;
  sender: AutomationSender;
  recheck: OrderRecheck;
  optedOut: (uid: string, marketing: boolean) => boolean;
  settings: () => EngineSettings;
  onChanged?: (kinds: AutomationKind[], cause: 'decided' | 'sent') => void;
  hooks?: AutomationHooks;
}

export interface PassResult extends AutomationRunResult {
  campaigns: number[];
}

function emptyResult(): PassResult {
  return { decided: 0, sent: 0, skipped: {}, campaigns: [] };
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * The decision loop: due triggers of enabled rules are decided on ctx.clock — skipped with one reason, moved to the
 * next window opening (次日发送), or sent in batches of ≤ 50 through the sender. Each batch's decisions and its ledger
 * campaign commit in one transaction; the ledger then makes each call at most once (in_flight / unknown).
 */
export class AutomationEngine {
  readonly facts: DbFacts;
  private readonly due: Statement;
  private readonly byId: Statement;
  private readonly skipStmt: Statement;
  private readonly deferStmt: Statement;
  private readonly sendStmt: Statement;
  private readonly newBatch: Statement;
  private readonly linkBatch: Statement;
  private readonly startedStmt: Statement;
  private readonly closeStale: Statement;
  private readonly retryAt = new Map<number, number>();
  private running: Promise<PassResult> | null = null;
  private loop: Promise<void> | null = null;
  private stopped = false;
  /** A wake() that came while a pass was running: the loop passes again instead of sleeping. */
  private dirty = false;
  private wakeUp: AbortController | null = null;

  constructor(private readonly d: EngineDeps) {
    const { db } = d;
    this.facts = new DbFacts(db, d.shopId, d.optedOut);
    this.due = db.prepare(
      `SELECT ${TRIGGER_COLUMNS} FROM automation_triggers WHERE shop_id = @shopId AND kind = @kind AND state = 'pending' AND due_at <= @now
         AND (due_at > @afterDue OR (due_at = @afterDue AND id > @afterId)) ORDER BY due_at, id LIMIT @limit`,
    );
    this.byId = db.prepare(`SELECT ${TRIGGER_COLUMNS} FROM automation_triggers WHERE id = ? AND state = 'pending'`);
    this.skipStmt = db.prepare("UPDATE automation_triggers SET state = 'skipped', reason = ?, decided_at = ? WHERE id = ? AND state = 'pending'");
    this.deferStmt = db.prepare("UPDATE automation_triggers SET due_at = ?, deferred = 1 WHERE id = ? AND state = 'pending'");
    this.sendStmt = db.prepare("UPDATE automation_triggers SET state = 'sent', batch_id = ?, decided_at = ? WHERE id = ? AND state = 'pending'");
    this.newBatch = db.prepare('INSERT INTO automation_batches (shop_id, kind, size, created_at) VALUES (?, ?, 0, ?)');
    this.linkBatch = db.prepare('UPDATE automation_batches SET campaign_id = ?, size = ? WHERE id = ?');
    this.startedStmt = db.prepare('UPDATE automation_batches SET started_at = ? WHERE id = ?');
    this.closeStale = db.prepare(
      `UPDATE automation_triggers SET state = 'skipped', reason = 'disabled', decided_at = @now WHERE id IN (
         SELECT id FROM automation_triggers WHERE shop_id = @shopId AND kind = @kind AND state = 'pending' AND due_at < @staleBefore LIMIT @limit)`,
    );
  }

  /** The context one decision is made in. */
  context(rule: Rule, template: TemplateFacts | null, now: number): DecideContext {
    const s = this.d.settings();
    return { now, rule, template, buyerDailyCap: s.buyerDailyCap, marketingWindow: s.marketingWindow };
  }

  /** Decides everything due now (one pass at a time; a second caller shares the running pass). */
  runOnce(): Promise<PassResult> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private tally(result: PassResult, d: Decision) {
    if (d.decision === 'skip') {
      result.decided++;
      result.skipped[d.reason] = (result.skipped[d.reason] ?? 0) + 1;
    } else if (d.decision === 'send') {
      result.decided++;
      result.sent++;
    }
  }

  private async pass(): Promise<PassResult> {
    const result = emptyResult();
    const touched = new Set<AutomationKind>();
    for (const rule of this.d.rules.all()) {
      if (!rule.enabled) {
        const n = await this.closeDisabled(rule, this.d.clock.now());
        if (n) {
          result.decided += n;
          result.skipped.disabled = (result.skipped.disabled ?? 0) + n;
          touched.add(rule.kind);
        }
        continue;
      }
      if (await this.passKind(rule, result)) touched.add(rule.kind);
    }
    if (touched.size) this.d.onChanged?.([...touched], 'decided');
    return result;
  }

  /** Items of a rule that is off wait for it (enabling covers them) until they are stale: then 'disabled' (in slices). */
  private async closeDisabled(rule: Rule, now: number): Promise<number> {
    let closed = 0;
    for (;;) {
      const staleBefore = now - STALE_AFTER_MINUTES[rule.kind] * 60_000;
      const n = this.closeStale.run({ now, shopId: this.d.shopId, kind: rule.kind, staleBefore, limit: SLICE_SIZE }).changes;
      closed += n;
      if (n < SLICE_SIZE) return closed;
      await yieldToLoop();
    }
  }

  private async passKind(rule: Rule, result: PassResult): Promise<boolean> {
    const { db, clock, shopId } = this.d;
    const template = this.facts.template(rule.templateCode, rule.signName);
    const now = clock.now();
    let cursor = { due: Number.NEGATIVE_INFINITY, id: 0 };
    let changed = false;
    for (;;) {
      const page = this.due.all({ shopId, kind: rule.kind, now, afterDue: cursor.due, afterId: cursor.id, limit: PAGE_SIZE }) as TriggerRow[];
      if (!page.length) break;
      const last = page[page.length - 1]!;
      cursor = { due: last.due_at, id: last.id };

      // First look, from local facts: most skips are decided here without asking the platform.
      const candidates: TriggerRow[] = [];
      for (let i = 0; i < page.length; i += SLICE_SIZE) {
        if (i) await yieldToLoop();
        const at = clock.now();
        const ctx = this.context(rule, template, at);
        db.transaction(() => {
          for (const t of page.slice(i, i + SLICE_SIZE)) {
            if ((this.retryAt.get(t.id) ?? 0) > at) continue;
            const d = decide(t, ctx, this.facts);
            if (d.decision === 'send') candidates.push(t);
            else if (this.write(t, d, at)) {
              this.tally(result, d);
              changed = true;
            }
          }
        })();
      }

      // The live re-check (催付) or the OAID, right before the send; then the final decision with what it found.
      const ready: TriggerRow[] = [];
      await mapLimit(candidates, RECHECK_CONCURRENCY, async (t) => {
        try {
          const found = await this.d.recheck(t.tid, t.kind === 'urge-pay');
          if (found === 'no-oaid') {
            if (this.skipStmt.run('no-oaid', clock.now(), t.id).changes) {
              this.tally(result, { decision: 'skip', reason: 'no-oaid' });
              changed = true;
            }
          } else ready.push(t);
          this.retryAt.delete(t.id);
        } catch (error) {
          this.retryAt.set(t.id, clock.now() + RECHECK_RETRY_MS);
          this.d.log.warn('automation re-check failed; the item waits', { kind: t.kind, error: error instanceof Error ? error.message : String(error) });
        }
      });
      ready.sort((a, b) => a.due_at - b.due_at || a.id - b.id);
      const campaignsBefore = result.campaigns.length;
      for (let i = 0; i < ready.length; i += BATCH_SIZE) {
        await yieldToLoop();
        if (await this.commitBatch(rule, template, ready.slice(i, i + BATCH_SIZE), result)) changed = true;
      }
      // One notice per page, not per batch: listeners refetch counts on each.
      if (result.campaigns.length > campaignsBefore) this.d.onChanged?.([rule.kind], 'sent');
      if (page.length < PAGE_SIZE) break;
      await yieldToLoop();
    }
    return changed;
  }

  private write(t: TriggerRow, d: Decision, at: number): boolean {
    if (d.decision === 'skip') return this.skipStmt.run(d.reason, at, t.id).changes > 0;
    if (d.decision === 'defer') this.deferStmt.run(d.dueAt, t.id);
    return false;
  }

  /**
   * One transaction per batch of ≤ 50: each item decided again on the database as it is now (an event ingested during
   * the re-check counts; so does a send decided a moment ago for the same buyer), the ones that go linked to their
   * batch and its ledger campaign. All of it commits, or none of it; then the campaign is handed to the send engine.
   */
  private async commitBatch(rule: Rule, template: TemplateFacts | null, items: TriggerRow[], result: PassResult): Promise<boolean> {
    const { db, clock, shopId } = this.d;
    const at = clock.now();
    const ctx = this.context(rule, template, at);
    let changed = false;
    const created = db.transaction(() => {
      const tids: string[] = [];
      let batchId = 0;
      for (const item of items) {
        const t = this.byId.get(item.id) as TriggerRow | undefined;
        if (!t) continue; // decided meanwhile (an event cancelled it)
        const d = decide(t, ctx, this.facts);
        if (d.decision === 'send') {
          if (!batchId) batchId = Number(this.newBatch.run(shopId, rule.kind, at).lastInsertRowid);
          this.sendStmt.run(batchId, at, t.id);
          tids.push(t.tid);
        } else if (!this.write(t, d, at)) continue;
        this.tally(result, d);
        changed = true;
      }
      if (!tids.length) return null;
      const batch: SendBatch = { batchId, kind: rule.kind, templateCode: rule.templateCode, signName: rule.signName, tids };
      const campaignId = this.d.sender.create(batch);
      this.linkBatch.run(campaignId, tids.length, batchId);
      return { batch, campaignId };
    })();
    if (created) {
      result.campaigns.push(created.campaignId);
      await this.d.hooks?.afterDecide?.(created.batch, created.campaignId);
      await this.handOver(created.batch.batchId, created.campaignId);
    }
    return changed;
  }

  private async handOver(batchId: number, campaignId: number) {
    try {
      await this.d.sender.start(campaignId);
      this.startedStmt.run(this.d.clock.now(), batchId);
    } catch (error) {
      // The campaign stays created; the next start-up (or pass) hands it over again.
      this.d.log.error('automation batch could not be started', { batchId, campaignId, error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Batches whose decision committed but whose campaign was not handed to the send engine (a crash in between). */
  async recover(): Promise<number[]> {
    const rows = this.d.db
      .prepare('SELECT id, campaign_id FROM automation_batches WHERE shop_id = ? AND started_at IS NULL AND campaign_id IS NOT NULL ORDER BY id')
      .all(this.d.shopId) as Array<{ id: number; campaign_id: number }>;
    for (const r of rows) await this.handOver(r.id, r.campaign_id);
    return rows.map((r) => r.campaign_id);
  }

  /** When the loop should look again: the next due item of an enabled rule, the next stale one of a disabled rule. */
  private nextWake(now: number): number {
    let next = now + MAX_IDLE_MS;
    for (const rule of this.d.rules.all()) {
      const due = this.d.db
        .prepare("SELECT MIN(due_at) FROM automation_triggers WHERE shop_id = ? AND kind = ? AND state = 'pending' AND due_at > ?")
        .pluck()
        .get(this.d.shopId, rule.kind, rule.enabled ? now : now - STALE_AFTER_MINUTES[rule.kind] * 60_000) as number | null;
      if (due !== null) next = Math.min(next, rule.enabled ? due : due + STALE_AFTER_MINUTES[rule.kind] * 60_000 + 1);
    }
    for (const retry of this.retryAt.values()) next = Math.min(next, retry);
    return Math.max(next, now + MIN_IDLE_MS);
  }

  /** The background loop (the app; the CLI runs single passes). */
  start(): void {
    if (this.loop) return;
    this.stopped = false;
    this.loop = (async () => {
      await this.recover().catch((error: unknown) => this.d.log.error('automation recovery failed', { error }));
      while (!this.stopped) {
        this.dirty = false;
        try {
          await this.runOnce();
        } catch (error) {
          this.d.log.error('automation pass failed', { error: error instanceof Error ? error.message : String(error) });
        }
        if (this.stopped) break;
        if (this.dirty) continue;
        const now = this.d.clock.now();
        this.wakeUp = new AbortController();
        await this.d.clock.sleep(this.nextWake(now) - now, this.wakeUp.signal);
      }
    })();
  }

  /** Something changed (new triggers, a rule): look again now. */
  wake(): void {
    this.dirty = true;
    this.wakeUp?.abort();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
    await this.running;
    this.loop = null;
  }
}
