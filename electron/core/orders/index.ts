import { AppError } from '../../../shared/errors';
import type { OrderDetail, OrdersListQuery, OrdersPage, OrdersProblem, OrdersSyncJob, OrdersSyncOverview } from '../../../shared/orders/contract';
import { beijingWeekEnd, formatBeijing } from '../../../shared/time/beijing';
import type { CoreContext } from '../context';
import type { TopClient } from '../top/client';
import { tradeFullinfoGet } from '../top/trade-apis';
import { OrderBackfill, type StartOptions } from './backfill';
import { registerOrderIngest } from './ingest';
import { OrderTooOldError, ordersProblem } from './problems';
import { OrderStore } from './store';

/** How long after a fetch the details still count as "just read from the platform". */
const DETAIL_JUST_NOW_MS = 60_000;

export { OrderStore, type TradeFacts } from './store';
export { OrderBackfill } from './backfill';
export { registerOrderIngest } from './ingest';
export { TRADE_API_RESTRICTED_MESSAGE, ordersProblem } from './problems';

/** How often the coverage mark follows a poller that is consuming (a gap is measured from it). */
const COVERAGE_TICK_MS = 60_000;

export interface OrdersModuleOptions {
  /** TOP client factory: the core's one TopService (services.top.client, with the CLI's env overrides). */
  client: () => TopClient;
  /** Backfill the gap when start() runs (default: the orders.syncOnStart setting). */
  syncOnStart?: boolean;
}

export interface OaidResult {
  oaid: string;
  fetchedAt: number;
  validUntil: number;
  /** true = from the cache, false = fetched now. */
  cached: boolean;
}

/**
 * Orders of one shop, the API for the other features (sending to orders, 订单 screens):
 *  - store: list / detail / raw rows; events from MQ are folded in by the ingest hook registered here.
 *  - detail(tid): the order with its timeline, fetching trade.fullinfo.get when opened and not yet detailed.
 *  - oaidFor(tid): the OAID for a send, cached until the end of its natural week (or the max age), fetched otherwise.
 *  - backfill: start / cancel / wait, overview() for the status bar and 概览.
 */
export interface OrdersModule {
  store: OrderStore;
  backfill: OrderBackfill;
  list(query: OrdersListQuery): OrdersPage;
  /** Without `messages`: the SMS sent for an order are the sending side's (SendingModule.sendsForOrder). */
  detail(tid: string, opts?: { refresh?: boolean }): Promise<Omit<OrderDetail, 'messages'>>;
  /** fresh: ask the platform now even with a cached OAID (a 催付's live re-check: paid or closed meanwhile?). */
  oaidFor(tid: string, opts?: { fresh?: boolean }): Promise<OaidResult>;
  /** Drops cached OAIDs (the platform refused them), so the next oaidFor fetches afresh. */
  forgetOaids(tids: readonly string[]): void;
  startSync(options?: StartOptions): OrdersSyncJob;
  overview(): OrdersSyncOverview;
  /**
   * Runs inside the transaction of every backfill page and detail / OAID fetch, with the orders whose facts it wrote
   * (automations derive their items from them, committed together). One hook per module.
   */
  onTradeFacts(hook: (tids: string[]) => void): void;
  /** Background work of the app: the coverage mark follows the poller, and the start-up backfill. Not for the CLI. */
  start(): void;
  stop(): Promise<void>;
}

export function createOrdersModule(ctx: CoreContext, options: OrdersModuleOptions): OrdersModule {
  const log = ctx.log.child('orders');
  const store = new OrderStore(ctx.db, ctx.shopId);
  const client = options.client;

  // orders.changed after the commit: events folded in by the ingest hook, pages of a backfill, a detail fetch.
  const pending = { event: new Set<string>(), sync: new Set<string>() };
  let flush: NodeJS.Immediate | null = null;
  const notify = (cause: 'event' | 'sync', tids: string[]) => {
    for (const tid of tids) pending[cause].add(tid);
    flush ??= setImmediate(() => {
      flush = null;
      for (const c of ['event', 'sync'] as const) {
        if (!pending[c].size) continue;
        ctx.events.emit('orders.changed', { tids: [...pending[c]], cause: c });
        pending[c].clear();
      }
    });
  };
  const unregister = registerOrderIngest(ctx, (tids) => notify('event', tids));
  let factsHook: ((tids: string[]) => void) | null = null;

  const backfill = new OrderBackfill({
    db: ctx.db,
    shopId: ctx.shopId,
    store,
    client,
    settings: () => ctx.settings.get().orders,
    clock: ctx.clock,
    log,
    onProgress: (job) => ctx.events.emit('orders.sync.progress', job),
    onChanged: (tids) => notify('sync', tids),
    inPage: (tids) => factsHook?.(tids),
  });

  const stops: Array<() => void> = [unregister];

  const blocked = (): OrdersProblem | null => {
    const job = backfill.latest();
    return job?.state === 'failed' && job.error?.code === 'trade-api-restricted' ? job.error : null;
  };

  const module: OrdersModule = {
    store,
    backfill,
    list: (query) => store.list(query),
    async detail(tid, opts = {}) {
      const local = store.get(tid);
      let detailError: OrdersProblem | null = null;
      let fetched = false;
      if (!local || local.detail_at === null || opts.refresh) {
        try {
          const trade = await tradeFullinfoGet(client(), tid);
          ctx.db.transaction(() => {
            store.applyTrade(trade, ctx.clock.now(), { detail: true });
            factsHook?.([tid]);
          })();
          fetched = true;
          notify('sync', [tid]);
        } catch (error) {
          if (
            error instanceof AppError &&
            error.code === 'TOP_ERROR' &&
            !local &&
            /trade-not-exist/.test(String((error.detail as { sub_code?: string })?.sub_code))
          ) {
            throw new AppError('NOT_FOUND', `没有找到订单 ${tid}。`);
          }
          detailError = ordersProblem(error);
          log.warn('order detail fetch failed', { code: detailError.code, topCode: detailError.topCode ?? null });
        }
      }
      const view = store.detail(tid);
      if (!view)
        throw detailError
          ? new AppError('NOT_FOUND', `本地没有订单 ${tid}，且无法从平台读取：${detailError.message}`)
          : new AppError('NOT_FOUND', `没有找到订单 ${tid}。`);
      // A plain read right after a fetch (the refetch every orders.changed causes) still shows what the platform just said.
      const justFetched = fetched || (local?.detail_at != null && ctx.clock.now() - local.detail_at < DETAIL_JUST_NOW_MS);
      return { ...view, detailSource: justFetched ? 'platform' : 'local', detailError };
    },
    async oaidFor(tid, opts = {}) {
      const now = ctx.clock.now();
      const maxDays = ctx.settings.get().orders.oaidOrderMaxAgeDays;
      const created = store.get(tid)?.created_at ?? null;
      if (created !== null && now - created > maxDays * 86_400_000) throw new OrderTooOldError(tid, maxDays);
      const row = ctx.db.prepare('SELECT oaid, fetched_at, valid_until FROM order_oaids WHERE shop_id = ? AND tid = ?').get(ctx.shopId, tid) as
        { oaid: string; fetched_at: number; valid_until: number } | undefined;
      if (row && row.valid_until > now && !opts.fresh) return { oaid: row.oaid, fetchedAt: row.fetched_at, validUntil: row.valid_until, cached: true };
      const trade = await tradeFullinfoGet(client(), tid, { withOaid: true });
      if (!trade.oaid) throw new AppError('NOT_FOUND', `订单 ${tid} 暂时没有 OAID（收货信息不完整），无法按订单发送。`);
      const maxAge = ctx.settings.get().orders.oaidMaxAgeHours * 3_600_000;
      const validUntil = Math.min(now + maxAge, beijingWeekEnd(now));
      ctx.db.transaction(() => {
        store.applyTrade(trade, now, { detail: true });
        ctx.db
          .prepare(
            'INSERT INTO order_oaids (shop_id, tid, oaid, fetched_at, valid_until) VALUES (?, ?, ?, ?, ?) ON CONFLICT (shop_id, tid) DO UPDATE SET oaid = excluded.oaid, fetched_at = excluded.fetched_at, valid_until = excluded.valid_until',
          )
          .run(ctx.shopId, tid, trade.oaid, now, validUntil);
        factsHook?.([tid]);
      })();
      return { oaid: trade.oaid, fetchedAt: now, validUntil, cached: false };
    },
    forgetOaids(tids) {
      if (!tids.length) return;
      ctx.db.prepare('DELETE FROM order_oaids WHERE shop_id = ? AND tid IN (SELECT value FROM json_each(?))').run(ctx.shopId, JSON.stringify(tids));
    },
    startSync: (opts) => backfill.start(opts),
    onTradeFacts(hook) {
      factsHook = hook;
    },
    overview() {
      const now = ctx.clock.now();
      const covered = backfill.coveredUntil();
      const overlap = ctx.settings.get().orders.backfillOverlapMinutes * 60_000;
      const lastEvent = store.lastEventAt();
      const lastBackfill = backfill.lastFinishedAt();
      const consuming = ctx.status.get().poller.state === 'polling';
      return {
        lastEventAt: lastEvent === null ? null : formatBeijing(lastEvent, true),
        lastBackfillAt: lastBackfill === null ? null : formatBeijing(lastBackfill, true),
        coveredUntil: covered === null ? null : formatBeijing(covered, true),
        gap:
          covered !== null && !consuming && now - covered > Math.max(overlap, COVERAGE_TICK_MS * 2)
            ? { from: formatBeijing(covered, true), to: formatBeijing(now, true) }
            : null,
        job: backfill.latest(),
        blocked: blocked(),
        orders: store.count(),
      };
    },
    start() {
      // The coverage mark follows the poller while it consumes (status changes, and a tick while it long-polls).
      const followPoller = () => {
        if (ctx.status.get().poller.state === 'polling') backfill.markConsuming(ctx.clock.now());
      };
      stops.push(
        ctx.events.subscribe((name) => {
          if (name === 'status.changed') followPoller();
        }),
      );
      const tick = setInterval(followPoller, COVERAGE_TICK_MS);
      tick.unref();
      stops.push(() => clearInterval(tick));
      if (!(options.syncOnStart ?? ctx.settings.get().orders.syncOnStart)) return;
      // Once the TOP client can be built (vault unlocked, settings complete), fill the gap once: a refusal (code 11)
      // ends that job, and nothing tries again before the next start or the seller's own 同步订单.
      let done = false;
      const tryStart = () => {
        if (done || backfill.isRunning()) return;
        try {
          client();
        } catch {
          return; // not configured or locked yet: the next settings change tries again
        }
        done = true;
        backfill.start();
      };
      stops.push(
        ctx.events.subscribe((name, payload) => {
          const section = (payload as { section?: string } | undefined)?.section;
          if (name === 'settings.changed' && (section === 'top' || section === 'vault')) tryStart();
        }),
      );
      const first = setImmediate(tryStart);
      stops.push(() => clearImmediate(first));
    },
    async stop() {
      for (const stop of stops.splice(0)) stop();
      await backfill.cancel();
      if (flush) clearImmediate(flush);
    },
  };
  ctx.onClose(() => module.stop());
  return module;
}
