import type { CoreContext } from '../context';
import { registerIngestHook } from '../mq/ingest-hooks';
import type { SuppressionStore } from '../suppression/store';
import type { TopService } from '../top/service';
import { AutoExcluder } from './auto-exclude';
import { ReportMatcher } from './matching';
import { HistoryQueries } from './queries';
import { Reconciler } from './reconcile';

export interface HistoryService {
  queries: HistoryQueries;
  reconciler: Reconciler;
  /** The background reconciliation tick (numbers past history.reportTimeoutMinutes are checked with num.query). */
  start(): void;
  stop(): Promise<void>;
}

export interface HistoryServiceOptions {
  /** The core's TOP service (num.query). */
  top: Pick<TopService, 'client'>;
  /** The do-not-send list: numbers whose reports say 空号 / blacklist go on it (settings.history.autoExclude). */
  suppression: Pick<SuppressionStore, 'addReportExclusions'>;
  /** How often the background reconciliation looks for timed-out numbers (ms). */
  tickMs?: number;
  /** Numbers checked per tick at most (the rest wait for the next tick). */
  perTick?: number;
}

/**
 * Delivery history for one profile: matches reports inside each consumed MQ batch (before the ack), runs the
 * reconciliation tick in the background, and emits `history.changed` after the data is committed.
 */
export function createHistoryService(ctx: CoreContext, options: HistoryServiceOptions): HistoryService {
  const log = ctx.log.child('history');
  const queries = new HistoryQueries(ctx.db, ctx.shopId);
  const matcher = new ReportMatcher(ctx.db);
  const excluder = new AutoExcluder(ctx.db, options.suppression);
  const changed = new Set<number>();
  let flush: NodeJS.Immediate | null = null;
  const notify = (ids: number[]) => {
    for (const id of ids) changed.add(id);
    // After the batch's transaction commits (the hook runs inside it).
    flush ??= setImmediate(() => {
      flush = null;
      const campaignIds = [...changed];
      changed.clear();
      if (campaignIds.length) ctx.events.emit('history.changed', { campaignIds });
    });
  };
  const unregister = registerIngestHook(ctx.db, 'history', (batch) => {
    if (batch.reports.length === 0) return;
    notify(matcher.match(ctx.shopId, batch.reports).campaignIds);
    const excluded = excluder.apply(ctx.shopId, batch.reports, ctx.settings.get().history.autoExclude);
    if (excluded.length) log.info('numbers excluded by their reports', { count: excluded.length });
  });

  const top = options.top;
  const reconciler = new Reconciler({
    db: ctx.db,
    shopId: ctx.shopId,
    settings: () => ctx.settings.get().history,
    client: () => top.client(),
    log,
    now: () => ctx.clock.now(),
    onChanged: notify,
  });

  const tickMs = options.tickMs ?? 60_000;
  let stopped = false;
  let running: Promise<unknown> | null = null;
  const abort = new AbortController();
  const tick = () => {
    if (stopped || running) return;
    running = reconciler
      .run({ limit: options.perTick ?? 500, signal: abort.signal })
      .then((r) => {
        if (r.checked || r.changed.length) log.info('reconciled', { checked: r.checked, changed: r.changed.length, pending: r.stillPending, errors: r.errors });
      })
      .catch((error: unknown) => log.error('reconcile tick failed', { error }))
      .finally(() => {
        running = null;
      });
  };
  let timer: NodeJS.Timeout | undefined;
  let first: NodeJS.Timeout | undefined;

  const service: HistoryService = {
    queries,
    reconciler,
    start() {
      if (timer || stopped) return;
      timer = setInterval(tick, tickMs);
      timer.unref();
      // First pass soon after start: numbers left pending by a previous run continue at once.
      first = setTimeout(tick, Math.min(tickMs, 5_000));
      first.unref();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      abort.abort();
      unregister();
      if (flush) clearImmediate(flush);
      await running;
    },
  };
  ctx.onClose(() => service.stop());
  return service;
}
