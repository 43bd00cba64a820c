import { AppError } from '../../../shared/errors';
import {
  AUTOMATION_KINDS,
  type AutomationDecisionView,
  type AutomationEnableCheck,
  type AutomationKind,
  type AutomationLogQuery,
  type AutomationPreview,
  type AutomationPreviewItem,
  type AutomationRuleInput,
  type AutomationRuleView,
  type AutomationSettingsView,
  type AutomationsChangedEvent,
  type UrgePayEffect,
} from '../../../shared/automations/contract';
import type { Page } from '../../../shared/contract-kit';
import type { AutomationsSettings } from '../../../shared/settings/schema';
import { formatBeijing, parseBeijingDateTime } from '../../../shared/time/beijing';
import type { CoreContext } from '../context';
import { registerIngestHook } from '../mq/ingest-hooks';
import { decide, PreviewTally, TRIGGER_COLUMNS, type TriggerRow } from './decide';
import { AutomationEngine, type AutomationHooks, type AutomationSender, type OrderRecheck, type PassResult } from './engine';
import { RuleStore, STALE_AFTER_MINUTES, type Rule } from './rules';
import { dueAt, TriggerWriter, type RuleSet } from './triggers';
import { countsByKind, countsOf, decisionLog, urgePayEffect } from './views';

export { AutomationEngine, BATCH_SIZE, type AutomationSender, type OrderRecheck, type SendBatch, type AutomationHooks } from './engine';

const CACHE_TTL_MS = 1_000;

export interface AutomationsModuleDeps {
  sender: AutomationSender;
  recheck: OrderRecheck;
  /** The buyer is on the do-not-send list for this kind of message. */
  optedOut: (uid: string, marketing: boolean) => boolean;
  /** The ledger's outcome of one order of a campaign (for the log), when known. */
  sendStatus?: (campaignId: number, tid: string) => string | undefined;
  hooks?: AutomationHooks;
  /** Published after the commit that changed something. */
  onChanged?: (event: AutomationsChangedEvent) => void;
}

export interface AutomationsModule {
  rules: RuleStore;
  engine: AutomationEngine;
  list(): AutomationRuleView[];
  save(input: AutomationRuleInput): AutomationRuleView;
  enableCheck(kind: AutomationKind): AutomationEnableCheck;
  preview(input: { at?: string; kind?: AutomationKind; limit?: number }): AutomationPreview;
  log(query: AutomationLogQuery): Page<AutomationDecisionView>;
  effect(days: number): UrgePayEffect;
  settings(): AutomationSettingsView;
  saveSettings(input: Partial<AutomationSettingsView>): AutomationSettingsView;
  /** Triggers found in orders' current facts (backfill pages, detail fetches): call inside their transaction. */
  applyOrders(tids: readonly string[]): void;
  /** One pass: decide and send what is due now. */
  runOnce(): Promise<PassResult>;
  /** Campaigns of the last 7 days' batches whose sends have not settled (the CLI waits for them). */
  unsettledCampaigns(): number[];
  start(): void;
  stop(): Promise<void>;
}

export function createAutomationsModule(ctx: CoreContext, deps: AutomationsModuleDeps): AutomationsModule {
  const { db, shopId, clock } = ctx;
  const log = ctx.log.child('automations');
  const rules = new RuleStore(db, shopId);
  const writer = new TriggerWriter(db, shopId);
  const appSettings = (): AutomationsSettings => ctx.settings.get().automations;

  // The ingest path reads the rules and settings once per batch at most once a second (settings are a file read).
  let cached: { at: number; set: RuleSet } | null = null;
  let minuteMsSeen = appSettings().delayMinuteMs;
  const ruleSet = (): RuleSet => {
    const now = Date.now();
    if (!cached || now - cached.at > CACHE_TTL_MS) {
      cached = { at: now, set: { rules: new Map(rules.all().map((r) => [r.kind, r])), minuteMs: appSettings().delayMinuteMs } };
      if (cached.set.minuteMs !== minuteMsSeen) {
        // The length of a delay minute changed (the demo profile sets it once): open items are timed again.
        minuteMsSeen = cached.set.minuteMs;
        for (const rule of cached.set.rules.values()) moveDueExcept.run(rule.delayMinutes * minuteMsSeen, shopId, rule.kind);
      }
    }
    return cached.set;
  };

  // automations.changed after the commit (ingest runs inside the consumed batch's transaction).
  const pending = new Map<AutomationsChangedEvent['cause'], Set<AutomationKind>>();
  let flush: NodeJS.Immediate | null = null;
  const notify = (kinds: Iterable<AutomationKind>, cause: AutomationsChangedEvent['cause']) => {
    const set = pending.get(cause) ?? new Set<AutomationKind>();
    for (const k of kinds) set.add(k);
    if (!set.size) return;
    pending.set(cause, set);
    flush ??= setImmediate(() => {
      flush = null;
      for (const [c, kinds] of pending) deps.onChanged?.({ kinds: [...kinds], cause: c });
      pending.clear();
    });
  };

  const engine = new AutomationEngine({
    db,
    shopId,
    clock,
    log,
    rules,
    sender: deps.sender,
    recheck: deps.recheck,
    optedOut: deps.optedOut,
    settings: () => ({ buyerDailyCap: appSettings().buyerDailyCap, marketingWindow: ctx.settings.get().sending.marketingWindow }),
    onChanged: (kinds, cause) => notify(kinds, cause),
    hooks: deps.hooks,
  });

  // After the orders hook (registered earlier by the orders module): the order rows already hold this batch's facts.
  const unhook = registerIngestHook(db, 'automations', (batch) => {
    if (!batch.orders.length) return;
    const touched = writer.applyEvents(batch.orders, ruleSet(), clock.now());
    if (touched.size) {
      notify(touched, 'triggered');
      setImmediate(() => engine.wake());
    }
  });

  const pendingOf = db.prepare(`SELECT ${TRIGGER_COLUMNS} FROM automation_triggers WHERE shop_id = ? AND kind = ? AND state = 'pending' ORDER BY due_at, id`);

  /** What a pass at `at` would decide for one rule's open items, counting its own would-be sends; nothing written. */
  const simulate = (rule: Rule, at: number, tally: PreviewTally, emit: (t: TriggerRow, item: AutomationPreviewItem) => void) => {
    const template = engine.facts.template(rule.templateCode, rule.signName);
    const ctxAt = engine.context(rule, template, at);
    for (const t of pendingOf.iterate(shopId, rule.kind) as IterableIterator<TriggerRow>) {
      const item: AutomationPreviewItem = { tid: t.tid, kind: t.kind, dueAt: formatBeijing(t.due_at, true), decision: 'wait' };
      const stale = at > t.due_at + STALE_AFTER_MINUTES[t.kind] * 60_000;
      if (!rule.enabled) {
        if (stale) Object.assign(item, { decision: 'skip', reason: 'disabled' });
      } else if (t.due_at <= at) {
        const d = decide(t, ctxAt, tally);
        if (d.decision === 'send') {
          item.decision = 'send';
          tally.record(t, at);
        } else if (d.decision === 'skip') Object.assign(item, { decision: 'skip', reason: d.reason });
        else if (d.decision === 'defer') item.dueAt = formatBeijing(d.dueAt, true);
      }
      emit(t, item);
    }
  };

  const templateState = (rule: Rule): AutomationRuleView['templateState'] => {
    if (!rule.templateCode) return null;
    const facts = engine.facts.template(rule.templateCode, rule.signName);
    const row = db
      .prepare("SELECT name, content FROM sms_templates WHERE shop_id = ? AND platform_code = ? ORDER BY (status = 'approved') DESC, id DESC LIMIT 1")
      .get(shopId, rule.templateCode) as { name: string; content: string } | undefined;
    return { approved: !!facts?.approved, marketing: !!facts?.marketing, name: row?.name ?? '', content: row?.content ?? '' };
  };

  const view = (rule: Rule, counts = countsByKind(db, shopId, clock.now())): AutomationRuleView => {
    const now = clock.now();
    const waiting = db
      .prepare("SELECT COUNT(*) FROM automation_triggers WHERE shop_id = ? AND kind = ? AND state = 'pending' AND due_at >= ?")
      .pluck()
      .get(shopId, rule.kind, now - STALE_AFTER_MINUTES[rule.kind] * 60_000) as number;
    return {
      kind: rule.kind,
      enabled: rule.enabled,
      template: rule.templateCode,
      sign: rule.signName,
      delayMinutes: rule.delayMinutes,
      window: { ...rule.window },
      outsideWindow: rule.outsideWindow,
      preCloseMinutes: rule.preCloseMinutes,
      refundStates: [...rule.refundStates],
      staleAfterMinutes: STALE_AFTER_MINUTES[rule.kind],
      templateState: templateState(rule),
      waiting,
      counts: countsOf(counts, rule.kind),
      updatedAt: rule.updatedAt === null ? null : formatBeijing(rule.updatedAt, true),
    };
  };

  const moveDue = db.prepare(
    "UPDATE automation_triggers SET due_at = base_at + ? WHERE shop_id = ? AND kind = ? AND state = 'pending' AND deferred = 0 AND trigger_key = ?",
  );
  const moveDueExcept = db.prepare(
    "UPDATE automation_triggers SET due_at = base_at + ? WHERE shop_id = ? AND kind = ? AND state = 'pending' AND deferred = 0 AND trigger_key <> 'pre-close'",
  );
  const closeOpen = db.prepare(
    "UPDATE automation_triggers SET state = 'skipped', reason = 'disabled', decided_at = ? WHERE shop_id = ? AND kind = ? AND state = 'pending' AND seen_at <= ?",
  );
  const closePreClose = db.prepare(
    "UPDATE automation_triggers SET state = 'skipped', reason = 'disabled', decided_at = ? WHERE shop_id = ? AND kind = 'urge-pay' AND trigger_key = 'pre-close' AND state = 'pending'",
  );
  const unpaidRecent = db.prepare('SELECT tid, buyer_open_uid, created_at FROM orders WHERE shop_id = ? AND status_rank = 1 AND created_at > ?');

  const module: AutomationsModule = {
    rules,
    engine,
    list() {
      const counts = countsByKind(db, shopId, clock.now());
      return rules.all().map((r) => view(r, counts));
    },
    save(input) {
      const now = clock.now();
      const before = rules.get(input.kind);
      const next = rules.merged(input);
      const enabling = !before.enabled && next.enabled;
      if (enabling) {
        if (input.coverOpen === undefined) throw new AppError('BAD_REQUEST', '开启前请先确认：现有待发送的订单是否一并发送（coverOpen）。');
        const template = engine.facts.template(next.templateCode, next.signName);
        if (!template?.approved) throw new AppError('BAD_REQUEST', `模板 ${next.templateCode} 尚未审核通过（或本地没有），不能开启。`);
        if (!template.signOk) throw new AppError('BAD_REQUEST', `推广模板须使用已审核通过的签名：“${next.signName}”不可用。`);
        next.enabledAt = now;
      }
      const minuteMs = appSettings().delayMinuteMs;
      db.transaction(() => {
        rules.save(next, now);
        // Only the open items move: a decided item is never decided again.
        if (next.delayMinutes !== before.delayMinutes) moveDueExcept.run(next.delayMinutes * minuteMs, shopId, next.kind);
        if (next.kind === 'urge-pay' && next.preCloseMinutes !== before.preCloseMinutes) {
          if (next.preCloseMinutes === null) closePreClose.run(now, shopId);
          else {
            moveDue.run(dueAt(next, 'urge-pay', 'pre-close', 0, minuteMs), shopId, 'urge-pay', 'pre-close');
            // Turned on: unpaid orders still open get their 预关闭 item (rules read fresh below).
            const set: RuleSet = { rules: new Map(rules.all().map((r) => [r.kind, r])), minuteMs };
            for (const o of unpaidRecent.all(shopId, now - 72 * 3_600_000) as Array<{ tid: string; buyer_open_uid: string; created_at: number }>)
              writer.write({ kind: 'urge-pay', tid: o.tid, key: 'pre-close', topic: 'sync', buyerOpenUid: o.buyer_open_uid, baseAt: o.created_at }, set, now);
          }
        }
        if (enabling && input.coverOpen === false) closeOpen.run(now, shopId, next.kind, now);
      })();
      cached = null;
      notify([next.kind], 'rule');
      engine.wake();
      return view(rules.get(next.kind));
    },
    enableCheck(kind) {
      const now = clock.now();
      const rule: Rule = { ...rules.get(kind), enabled: true };
      const blockers: string[] = [];
      const template = engine.facts.template(rule.templateCode, rule.signName);
      if (!rule.templateCode) blockers.push('还没有选择模板。');
      else if (!template?.approved) blockers.push(`模板 ${rule.templateCode} 尚未审核通过。`);
      if (!rule.signName) blockers.push('还没有选择签名。');
      else if (template && !template.signOk) blockers.push(`推广模板须使用已审核通过的签名：“${rule.signName}”不可用。`);
      const check: AutomationEnableCheck = { kind, open: 0, wouldSendNow: 0, later: 0, wouldSkip: {}, blockers };
      simulate(rule, now, new PreviewTally(engine.facts), (_t, item) => {
        check.open++;
        if (item.decision === 'send') check.wouldSendNow++;
        else if (item.decision === 'wait') check.later++;
        else if (item.reason) check.wouldSkip[item.reason] = (check.wouldSkip[item.reason] ?? 0) + 1;
      });
      return check;
    },
    preview(input) {
      const at = input.at ? parseBeijingDateTime(input.at) : clock.now();
      if (at === null) throw new AppError('BAD_REQUEST', '时间格式为 yyyy-MM-dd HH:mm:ss（北京时间）。');
      const limit = input.limit ?? 500;
      const out: AutomationPreview = { at: formatBeijing(at, true), items: [], total: 0, counts: { send: 0, skip: 0, wait: 0 } };
      const tally = new PreviewTally(engine.facts);
      for (const rule of rules.all()) {
        if (input.kind && rule.kind !== input.kind) continue;
        simulate(rule, at, tally, (_t, item) => {
          out.total++;
          out.counts[item.decision]++;
          if (out.items.length < limit) out.items.push(item);
        });
      }
      return out;
    },
    log: (query) => decisionLog(db, shopId, query, deps.sendStatus),
    effect: (days) => urgePayEffect(db, shopId, clock.now(), days),
    settings: () => ({ buyerDailyCap: appSettings().buyerDailyCap }),
    saveSettings(input) {
      ctx.settings.update('automations', { ...appSettings(), ...input });
      engine.wake();
      return { buyerDailyCap: appSettings().buyerDailyCap };
    },
    applyOrders(tids) {
      const touched = writer.applyOrders(tids, ruleSet(), clock.now());
      if (touched.size) {
        notify(touched, 'triggered');
        setImmediate(() => engine.wake());
      }
    },
    runOnce: () => {
      ruleSet();
      return engine.runOnce();
    },
    unsettledCampaigns() {
      const ids = db
        .prepare('SELECT DISTINCT campaign_id FROM automation_batches WHERE shop_id = ? AND campaign_id IS NOT NULL AND created_at >= ? ORDER BY campaign_id')
        .pluck()
        .all(shopId, clock.now() - 7 * 86_400_000) as number[];
      return ids.filter((id) => !deps.sender.settled(id));
    },
    start: () => engine.start(),
    async stop() {
      unhook();
      await engine.stop();
      if (flush) clearImmediate(flush);
    },
  };
  ctx.onClose(() => module.stop());
  return module;
}

export function isAutomationKind(value: string): value is AutomationKind {
  return (AUTOMATION_KINDS as readonly string[]).includes(value);
}
