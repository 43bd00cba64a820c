import type { OrdersProblem, OrdersSyncJob, SyncState } from '../../../shared/orders/contract';
import type { OrdersSettings } from '../../../shared/settings/schema';
import { DAY_MS, formatBeijing } from '../../../shared/time/beijing';
import type { Clock } from '../clock';
import type { Db } from '../db/database';
import type { Logger } from '../log/logger';
import type { TopClient } from '../top/client';
import { MAX_INCREMENT_SPAN_MS, soldGet, soldIncrementGet, type TradePage } from '../top/trade-apis';
import { ordersProblem } from './problems';
import type { OrderStore } from './store';

interface JobRow {
  id: number;
  kind: 'increment' | 'initial';
  state: Exclude<SyncState, 'idle'>;
  from_ms: number;
  to_ms: number;
  cursor_ms: number;
  page_no: number;
  synced: number;
  pages: number;
  calls: number;
  error_code: OrdersProblem['code'] | null;
  error_message: string;
  error_top_code: number | null;
  error_sub_code: string | null;
  started_at: number;
  finished_at: number | null;
}

export interface BackfillDeps {
  db: Db;
  shopId: number;
  store: OrderStore;
  client: () => TopClient;
  settings: () => OrdersSettings;
  clock: Clock;
  log: Logger;
  onProgress?: (job: OrdersSyncJob) => void;
  onChanged?: (tids: string[]) => void;
  /** Runs inside each page's transaction with the page's orders (features deriving state from orders commit with it). */
  inPage?: (tids: string[]) => void;
}

export interface StartOptions {
  /** Sync from here (epoch ms) instead of the coverage mark. */
  since?: number;
  /** First import: days back. */
  days?: number;
}

/** trades.sold.get covers 3 months of created orders (first import). */
export const MAX_FIRST_IMPORT_DAYS = 90;

/**
 * Backfill: fills the time the app was not consuming with the trade APIs, on the limiter's low-priority lane.
 *
 * A job covers [from, to]. increment jobs walk modified-time windows of ≤ 1 day backwards from `to` (the platform's
 * advice), page by page (page_size 100, use_has_next); the first import (nothing covered yet) reads orders created in
 * the chosen period with trades.sold.get. After every page its orders and the job's cursor (window end + page number)
 * commit in one transaction, so a crash resumes at that page and a repeated page changes nothing. The next page is
 * asked for while this one commits (one page ahead, never more: its parameters come from has_next, so no call is
 * wasted); it counts only once committed. Cancel stops between pages: a page still in flight is discarded unapplied
 * (and not counted in `calls`). A refusal is final for the job: code 11 (trade APIs only inside Jushita) marks it failed with a plain
 * explanation and nothing retries it until the seller starts a sync again.
 */
export class OrderBackfill {
  private running: { id: number; abort: AbortController; done: Promise<OrdersSyncJob> } | null = null;

  constructor(private readonly deps: BackfillDeps) {}

  latest(): OrdersSyncJob | null {
    const row = this.deps.db.prepare('SELECT * FROM order_sync WHERE shop_id = ? ORDER BY id DESC LIMIT 1').get(this.deps.shopId) as JobRow | undefined;
    return row ? view(row) : null;
  }

  /** Everything up to this time is covered: the last finished job's `to`, or when the poller was last consuming. */
  coveredUntil(): number | null {
    const synced = this.deps.db.prepare("SELECT MAX(to_ms) FROM order_sync WHERE shop_id = ? AND state = 'done'").pluck().get(this.deps.shopId) as
      number | null;
    const consuming = this.deps.db.prepare('SELECT consuming_until FROM order_coverage WHERE shop_id = ?').pluck().get(this.deps.shopId) as
      number | null | undefined;
    const marks = [synced, consuming ?? null].filter((v): v is number => v !== null);
    return marks.length ? Math.max(...marks) : null;
  }

  lastFinishedAt(): number | null {
    return (
      (this.deps.db.prepare("SELECT MAX(finished_at) FROM order_sync WHERE shop_id = ? AND state = 'done'").pluck().get(this.deps.shopId) as number | null) ??
      null
    );
  }

  /** The poller is consuming now: the coverage mark moves with it. */
  markConsuming(now: number) {
    this.deps.db
      .prepare(
        'INSERT INTO order_coverage (shop_id, consuming_until) VALUES (?, ?) ON CONFLICT (shop_id) DO UPDATE SET consuming_until = MAX(COALESCE(consuming_until, 0), excluded.consuming_until)',
      )
      .run(this.deps.shopId, now);
  }

  isRunning(): boolean {
    return this.running !== null;
  }

  /**
   * Starts a job (or resumes one a crash left running when no explicit range is asked) and returns at once; `wait()`
   * gives its end. A job already running is returned as is.
   */
  start(options: StartOptions = {}): OrdersSyncJob {
    if (this.running) return this.job(this.running.id);
    const now = this.deps.clock.now();
    const interrupted = this.deps.db
      .prepare("SELECT * FROM order_sync WHERE shop_id = ? AND state = 'running' ORDER BY id DESC LIMIT 1")
      .get(this.deps.shopId) as JobRow | undefined;
    let id: number;
    if (interrupted && options.since === undefined && options.days === undefined) {
      id = interrupted.id;
      this.deps.log.info('resuming an interrupted order sync', { id, cursor: formatBeijing(interrupted.cursor_ms, true) });
    } else {
      if (interrupted) this.finish(interrupted.id, 'cancelled', null);
      const settings = this.deps.settings();
      const overlap = settings.backfillOverlapMinutes * 60_000;
      const covered = this.coveredUntil();
      let kind: JobRow['kind'] = 'increment';
      let from: number;
      if (options.since !== undefined) from = options.since;
      else if (covered !== null && options.days === undefined) from = covered - overlap;
      else {
        kind = 'initial';
        from = now - Math.min(options.days ?? settings.firstImportDays, MAX_FIRST_IMPORT_DAYS) * DAY_MS;
      }
      from = Math.max(Math.min(from, now), now - MAX_FIRST_IMPORT_DAYS * DAY_MS);
      // The APIs take whole seconds: the window ends at the next whole second, so a change in this second is inside it.
      const to = Math.ceil(now / 1000) * 1000;
      from = Math.floor(from / 1000) * 1000;
      id = Number(
        this.deps.db
          .prepare("INSERT INTO order_sync (shop_id, kind, state, from_ms, to_ms, cursor_ms, started_at) VALUES (?, ?, 'running', ?, ?, ?, ?)")
          .run(this.deps.shopId, kind, from, to, to, now).lastInsertRowid,
      );
    }
    const abort = new AbortController();
    const done = this.run(id, abort.signal).finally(() => {
      this.running = null;
    });
    this.running = { id, abort, done };
    const job = this.job(id);
    this.deps.onProgress?.(job);
    return job;
  }

  /** The running job's end (or the latest job when none runs). */
  async wait(): Promise<OrdersSyncJob | null> {
    return this.running ? await this.running.done : this.latest();
  }

  /** Stops the running job between pages at once (a page in flight is discarded); its progress stays (the next sync covers the rest). */
  async cancel(): Promise<OrdersSyncJob | null> {
    const running = this.running;
    if (!running) return this.latest();
    running.abort.abort();
    return await running.done;
  }

  private job(id: number): OrdersSyncJob {
    return view(this.deps.db.prepare('SELECT * FROM order_sync WHERE id = ?').get(id) as JobRow);
  }

  private async run(id: number, signal: AbortSignal): Promise<OrdersSyncJob> {
    const { db, store, clock } = this.deps;
    const advance = db.prepare(
      'UPDATE order_sync SET cursor_ms = @cursor, page_no = @pageNo, synced = synced + @synced, pages = pages + 1, calls = calls + 1 WHERE id = @id',
    );
    const countCall = db.prepare('UPDATE order_sync SET calls = calls + 1 WHERE id = ?');
    const commitPage = db.transaction((job: JobRow, page: TradePage, next: PagePosition) => {
      const now = clock.now();
      for (const t of page.trades) store.applyTrade(t, now);
      if (page.trades.length) this.deps.inPage?.(page.trades.map((t) => t.tid));
      advance.run({ id: job.id, cursor: next.cursor, pageNo: next.pageNo, synced: page.trades.length });
    });
    try {
      const client = this.deps.client();
      const job = db.prepare('SELECT * FROM order_sync WHERE id = ?').get(id) as JobRow;
      let pending = this.fetchPage(client, job, { cursor: job.cursor_ms, pageNo: job.page_no });
      for (;;) {
        if (!pending) return this.finish(id, 'done', null);
        if (signal.aborted) return this.finish(id, 'cancelled', null);
        let page: TradePage | typeof CANCELLED;
        try {
          page = await untilAborted(pending.page, signal);
        } catch (error) {
          countCall.run(id);
          throw error;
        }
        // The page in flight is discarded: nothing of it was applied, the next sync fetches it again.
        if (page === CANCELLED) return this.finish(id, 'cancelled', null);
        const next = page.hasNext ? { cursor: pending.at.cursor, pageNo: pending.at.pageNo + 1 } : { cursor: pending.windowStart, pageNo: 1 };
        // The next page's parameters follow from has_next: ask for it now, so its call overlaps this page's commit and the
        // limiter's spacing instead of following them. Only the committed cursor counts: after a crash it is fetched again.
        pending = this.fetchPage(client, job, next);
        commitPage(job, page, next);
        if (page.trades.length) this.deps.onChanged?.(page.trades.map((t) => t.tid));
        this.deps.onProgress?.(this.job(id));
      }
    } catch (error) {
      const problem = ordersProblem(error);
      this.deps.log.warn('order sync stopped', { id, code: problem.code, topCode: problem.topCode ?? null, subCode: problem.subCode ?? null });
      return this.finish(id, 'failed', problem);
    }
  }

  /** Starts the call for the page at `at` (null when the job's range is covered). */
  private fetchPage(client: TopClient, job: JobRow, at: PagePosition): PendingPage | null {
    if (at.cursor <= job.from_ms) return null;
    const span = job.kind === 'initial' ? job.to_ms - job.from_ms : Math.min(this.deps.settings().incrementSpanMinutes * 60_000, MAX_INCREMENT_SPAN_MS);
    const windowStart = Math.max(job.from_ms, at.cursor - span);
    const query = { start: windowStart, end: at.cursor, pageNo: at.pageNo };
    const page = job.kind === 'initial' ? soldGet(client, query, { priority: 'low' }) : soldIncrementGet(client, query, { priority: 'low' });
    // A page discarded by a cancel (or by a failed commit) may still fail later: that is no one's concern.
    page.catch(() => undefined);
    return { at, windowStart, page };
  }

  private finish(id: number, state: JobRow['state'], problem: OrdersProblem | null): OrdersSyncJob {
    this.deps.db
      .prepare('UPDATE order_sync SET state = ?, finished_at = ?, error_code = ?, error_message = ?, error_top_code = ?, error_sub_code = ? WHERE id = ?')
      .run(state, this.deps.clock.now(), problem?.code ?? null, problem?.message ?? '', problem?.topCode ?? null, problem?.subCode ?? null, id);
    const job = this.job(id);
    this.deps.onProgress?.(job);
    return job;
  }
}

/** Where a page starts: the window's end (the cursor, walking backwards) and the page number inside the window. */
interface PagePosition {
  cursor: number;
  pageNo: number;
}

interface PendingPage {
  at: PagePosition;
  windowStart: number;
  page: Promise<TradePage>;
}

const CANCELLED = Symbol('cancelled');

/** The promise's result, or CANCELLED as soon as the signal aborts (the promise is left to settle unobserved). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | typeof CANCELLED> {
  if (signal.aborted) return Promise.resolve(CANCELLED);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(CANCELLED);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function view(row: JobRow): OrdersSyncJob {
  return {
    id: row.id,
    state: row.state,
    kind: row.kind,
    from: formatBeijing(row.from_ms, true),
    to: formatBeijing(row.to_ms, true),
    cursor: formatBeijing(row.cursor_ms, true),
    synced: row.synced,
    pages: row.pages,
    calls: row.calls,
    startedAt: formatBeijing(row.started_at, true),
    finishedAt: row.finished_at === null ? null : formatBeijing(row.finished_at, true),
    error: row.error_code
      ? {
          code: row.error_code,
          message: row.error_message,
          ...(row.error_top_code !== null ? { topCode: row.error_top_code } : {}),
          ...(row.error_sub_code ? { subCode: row.error_sub_code } : {}),
        }
      : null,
  };
}
