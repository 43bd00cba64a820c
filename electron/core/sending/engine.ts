import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { CampaignState, ChunkState, PauseReason } from '../../../shared/sending/contract';
import { isInsideWindow, nextWindowOpen } from '../../../shared/time/beijing';
import { scheduleDecision } from '../../../shared/sending/schedule';
import { extractVariables } from '../../../shared/sms';
import type { CoreContext } from '../context';
import type { Logger } from '../log/logger';
import { pidAlive } from '../process-guards';
import { storedText } from '../../../shared/stored-text';
import { sendScope, type SuppressionStore } from '../suppression/store';
import type { TopClient } from '../top/client';
import type { RateLimiter } from '../top/limiter';
import { recipientParams } from './drafts';
import { classifySendFailure, pauseReason } from './outcomes';
import { concurrencyFor, etaSeconds, MAX_IN_FLIGHT } from './plan';
import { BUYER_SUPPRESSED_AT_SEND, prepareCampaign, SUPPRESSED_AT_SEND } from './prepare';
import { ReconcileCancelled, reconcileChunk } from './reconcile';
import { noOaidOf, orderParams, type OrderSource } from './orders';
import { settleOaidChunk } from './oaid-settle';
import { allocateOrderExtendCodes } from './extend-codes';
import type { BatchRecipient } from '../top/schemas';
import type { CampaignLease, CampaignRow, ChunkRecipient, ChunkRow, SendingStore } from './store';

/** Test seams: called around each batchsend (the crash test lands SIGKILLs in these windows). */
export interface SendHooks {
  beforeCall?(chunk: ChunkRow): void | Promise<void>;
  afterResponse?(chunk: ChunkRow): void | Promise<void>;
  afterCommit?(chunk: ChunkRow): void | Promise<void>;
}

export interface EngineDeps {
  ctx: Pick<CoreContext, 'settings' | 'events' | 'clock'>;
  store: SendingStore;
  suppression: SuppressionStore;
  /** Orders (OAIDs) for order campaigns; without it an order campaign pauses. */
  orders?: OrderSource;
  /** Throws AppError when TOP is not configured / the vault is locked. */
  client: () => TopClient;
  /** The shared limiter of that client, to tell queueing from latency when sizing concurrency. */
  limiter?: () => RateLimiter | null;
  log: Logger;
  now: () => number;
  reconcileAfterMs: () => number;
  /** Calls per second the limiter allows (default settings.top.qps; the CLI may override it). */
  qps?: () => number;
  /** Only this campaign (the CLI); default all. */
  scope?: number;
  maxInFlight?: number;
  /** A scheduled time more than this in the past at start-up = missed. */
  missedGraceMs?: number;
  hooks?: SendHooks;
  /** Whether a lease's owner process still exists (default: signal 0 to the pid on this machine). */
  processAlive?: (pid: number) => boolean;
}

const PROGRESS_EVERY_MS = 300;
const RETRY_RECONCILE_MS = 30_000;
const MAX_TIMER_MS = 2 ** 31 - 1;
const ACCEPT_STATUSES = ['in_flight'] as const;
/** OAIDs fetched at once for a chunk (each a trade.fullinfo.get through the shared limiter). */
const OAID_FETCH_PARALLEL = 4;
/** A lease whose heartbeat is older than this is dead even if its pid was reused. */
export const LEASE_TTL_MS = 30_000;
const HEARTBEAT_MS = 5_000;
/** stop(): how long in-flight calls may still finish before they are abandoned (their chunks stay for the next start). */
export const STOP_GRACE_MS = 3_000;

export function leasedMessage(lease: CampaignLease): string {
  return lease.holder === 'cli'
    ? `该群发正在另一个命令行（进程 ${lease.pid}）中发送。请等它结束，或在那里按 Ctrl+C 停止后再继续。`
    : '该群发正在聚石塔短信助手窗口中发送或核对。请在窗口中暂停或等它结束后再继续。';
}

/**
 * The send loop. Per chunk: prepared → in_flight (committed before the call) → accepted | rejected | unknown;
 * unknown chunks are reconciled with num.query later, never resent. One runner per sending campaign, each keeping
 * enough calls in flight for the configured QPS; the TOP client's shared limiter is the only pacing.
 */
export class SendEngine {
  private readonly runners = new Map<number, Promise<void>>();
  /** Schedule, auto-resume, reconcile and heartbeat waits on ctx.clock, each cancelled by aborting its controller. */
  private readonly timers = new Map<string, AbortController>();
  private readonly lastProgress = new Map<number, number>();
  private readonly pace = new Map<number, { since: number; numbers: number }>();
  /** Starts high on purpose: more calls in flight than needed only queue in the limiter; too few lose throughput. */
  private latencyMs = 1_000;
  private stopping = false;
  private stopped: Promise<void> | null = null;
  /** stop() gave up waiting: late answers of abandoned calls must not touch the (soon closed) database. */
  private abandoned = false;
  private reconciling: Promise<void> | null = null;
  private readonly now: () => number;
  /** This engine's lease owner id (one per process and core). */
  readonly owner = randomUUID();

  constructor(private readonly d: EngineDeps) {
    this.now = d.now;
    this.scope = d.scope;
  }

  // ---- leases ----

  private isLive(lease: CampaignLease): boolean {
    if (lease.owner === this.owner) return true;
    if (this.now() - Date.parse(lease.heartbeatAt) > LEASE_TTL_MS) return false;
    return (this.d.processAlive ?? pidAlive)(lease.pid);
  }

  /** The live lease of another process on this campaign, if any. */
  leasedElsewhere(id: number): CampaignLease | null {
    const lease = this.d.store.lease(id);
    return lease && lease.owner !== this.owner && this.isLive(lease) ? lease : null;
  }

  /** Throws the seller-facing CONFLICT when another process is sending this campaign. */
  assertNotLeasedElsewhere(id: number) {
    const lease = this.leasedElsewhere(id);
    if (lease) throw new AppError('CONFLICT', leasedMessage(lease));
  }

  private acquire(id: number): boolean {
    return this.d.store.acquireLease(
      { campaignId: id, owner: this.owner, pid: process.pid, holder: this.scope === undefined ? 'app' : 'cli' },
      this.iso(),
      (l) => this.isLive(l),
    );
  }

  /** Keeps the lease while this engine still has work for the campaign (a runner or unknown chunks). */
  private releaseIfIdle(id: number) {
    if (this.abandoned || this.runners.has(id)) return;
    if ((this.d.store.chunkStateCounts(id).unknown ?? 0) > 0 && !this.stopping) return;
    this.d.store.releaseLease(id, this.owner);
  }

  private heartbeat() {
    this.at('heartbeat', this.now() + HEARTBEAT_MS, () => {
      this.d.store.renewLeases(this.owner, this.iso());
      this.recoverOrphans();
      this.heartbeat();
    });
  }

  /**
   * in_flight chunks nobody is sending any more (the process that committed them is gone: no live lease) → unknown;
   * sending campaigns without a runner are picked up. Another live process's campaigns are left alone.
   */
  private recoverOrphans() {
    const { store } = this.d;
    const after = this.reconcileAfterMs();
    // One transaction: another process's lease and its in_flight chunks are read together.
    const recovered = store.tx(() => {
      const orphans = this.chunksInScope('in_flight').filter((chunk) => !this.runners.has(chunk.campaignId) && !this.leasedElsewhere(chunk.campaignId));
      for (const chunk of orphans) {
        const started = chunk.startedAt ? Date.parse(chunk.startedAt) : this.now();
        store.moveChunk(chunk.id, ['in_flight'], 'unknown', {
          reconcileAfter: new Date(started + after).toISOString(),
          errorMessage: '发送过程中程序退出，结果未知，等待核对。',
        });
      }
      return orphans.length;
    });
    if (recovered) this.armReconciler();
    for (const c of store.campaigns(['sending'])) if (this.inScope(c.id) && !this.runners.has(c.id)) this.run(c.id);
  }

  private qps(): number {
    return this.d.qps?.() ?? this.d.ctx.settings.get().top.qps;
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  /** A campaign id, or a test (the CLI's automation run: automation campaigns only). */
  private scope: number | ((id: number) => boolean) | undefined;

  private inScope(id: number): boolean {
    return this.scope === undefined || (typeof this.scope === 'number' ? this.scope === id : this.scope(id));
  }

  /** Chunks in a state of the campaigns in scope. */
  private chunksInScope(state: ChunkState): ChunkRow[] {
    const scope = this.scope;
    if (typeof scope !== 'function') return this.d.store.chunksInState(state, scope);
    return this.d.store.chunksInState(state).filter((c) => scope(c.campaignId));
  }

  /** From now on this engine sends and reconciles only this campaign, or the campaigns `id` accepts (a CLI run next to the app). */
  limitTo(id: number | ((id: number) => boolean)) {
    this.scope = id;
  }

  // ---- lifecycle ----

  /** Start-up: in_flight → unknown (a crash cut those calls), missed schedules, resume sending campaigns. */
  start() {
    const { store } = this.d;
    this.recoverOrphans();
    for (const c of store.campaigns(['scheduled', 'paused'])) {
      if (!this.inScope(c.id)) continue;
      if (c.state === 'scheduled') this.arm(c);
      else this.armAutoResume(c);
    }
    this.armReconciler();
    this.heartbeat();
  }

  /**
   * Stops sending and reconciling. In-flight batchsend calls get `graceMs` to answer (their chunks are then recorded as
   * usual); after that they are abandoned: their chunks stay in_flight for the next start, which reconciles them.
   * Unknown chunks being reconciled stay unknown.
   */
  stop(graceMs = STOP_GRACE_MS): Promise<void> {
    if (this.stopped) return this.stopped;
    this.stopping = true;
    for (const t of this.timers.values()) t.abort();
    this.timers.clear();
    // Only batchsend answers are worth waiting for; a reconciliation in progress commits nothing once stopping.
    const work = Promise.allSettled([...this.runners.values()]);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
    this.stopped = Promise.race([work, grace]).then((outcome) => {
      clearTimeout(timer);
      if (outcome === 'timeout') {
        this.d.log.warn('stopped with calls still in flight; their chunks are reconciled at the next start', { runners: this.runners.size });
        this.d.store.releaseLeases(this.owner);
        this.abandoned = true;
        return;
      }
      this.d.store.releaseLeases(this.owner);
    });
    return this.stopped;
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /**
   * Resolves when nothing more happens for the campaign by itself: no runner, not sending or scheduled, no unknown
   * chunk waiting for reconciliation, no short automatic resume (a code-7 ban) pending. The CLI waits on this.
   */
  async settled(id: number): Promise<CampaignRow | null> {
    for (;;) {
      const c = this.d.store.campaign(id);
      if (!c) return null;
      const autoResume = c.state === 'paused' && c.reasonCode === 'throttled' && this.timers.has(`resume:${id}`);
      const busy = this.runners.has(id) || c.state === 'sending' || c.state === 'scheduled' || autoResume;
      const unknown = this.d.store.chunkStateCounts(id).unknown ?? 0;
      if ((!busy && unknown === 0) || this.stopping) return c;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  // ---- transitions ----

  transition(id: number, to: CampaignState, reason: PauseReason | null, from: readonly CampaignState[], extra: Partial<CampaignRow> = {}): boolean {
    const { store } = this.d;
    const ok = store.tx(() => {
      if (!store.setState(id, to, reason, this.iso(), from)) return false;
      if (Object.keys(extra).length) store.updateCampaign(id, extra, this.iso());
      return true;
    });
    if (ok) {
      this.d.ctx.events.emit('campaigns.changed', { id, state: to });
      this.progress(id, true);
      this.d.log.info('campaign state', { id, state: to, reason: reason?.code ?? null });
    }
    return ok;
  }

  /** Sending now or a scheduled time: the loop (and preparation) starts from here. */
  begin(c: CampaignRow) {
    if (c.scheduledAt && Date.parse(c.scheduledAt) > this.now()) {
      if (this.transition(c.id, 'scheduled', null, ['draft'])) this.arm({ ...c, state: 'scheduled' });
      return;
    }
    if (this.transition(c.id, 'sending', null, ['draft', 'scheduled', 'missed'], { startedAt: this.iso() })) this.run(c.id);
  }

  pause(id: number, reason: PauseReason = pauseReason('manual')): boolean {
    this.clearTimer(`schedule:${id}`);
    this.clearTimer(`resume:${id}`);
    return this.transition(id, 'paused', reason, ['sending', 'scheduled']);
  }

  resume(id: number): boolean {
    this.clearTimer(`resume:${id}`);
    const c = this.d.store.campaign(id);
    if (!c) return false;
    if (c.state === 'paused' && c.scheduledAt && !c.startedAt && Date.parse(c.scheduledAt) > this.now()) {
      const ok = this.transition(id, 'scheduled', null, ['paused']);
      if (ok) this.arm({ ...c, state: 'scheduled' });
      return ok;
    }
    const ok = this.transition(id, 'sending', null, ['paused'], c.startedAt ? {} : { startedAt: this.iso() });
    if (ok) this.run(id);
    return ok;
  }

  cancel(id: number): boolean {
    this.clearTimer(`schedule:${id}`);
    this.clearTimer(`resume:${id}`);
    const { store } = this.d;
    const ok = store.tx(() => {
      if (!store.setState(id, 'cancelled', null, this.iso(), ['draft', 'scheduled', 'missed', 'sending', 'paused'])) return false;
      store.cancelPending(id, storedText.cancelled());
      store.updateCampaign(id, { finishedAt: this.iso() }, this.iso());
      return true;
    });
    if (ok) {
      this.d.ctx.events.emit('campaigns.changed', { id, state: 'cancelled' });
      this.progress(id, true);
    }
    return ok;
  }

  // ---- timers ----

  private clearTimer(key: string) {
    this.timers.get(key)?.abort();
    this.timers.delete(key);
  }

  /** Runs fn at whenMs on the core's clock (tests drive it); a later at() with the same key replaces this one. */
  private at(key: string, whenMs: number, fn: () => void) {
    this.clearTimer(key);
    if (this.stopping) return;
    const controller = new AbortController();
    this.timers.set(key, controller);
    const delay = Math.max(0, whenMs - this.now());
    void this.d.ctx.clock
      .sleep(Math.min(delay, MAX_TIMER_MS), controller.signal)
      .then(() => {
        if (controller.signal.aborted || this.timers.get(key) !== controller) return;
        this.timers.delete(key);
        // A timer cannot wait more than ~24.8 days: a longer wait goes on in another step.
        if (delay > MAX_TIMER_MS) this.at(key, whenMs, fn);
        else fn();
      })
      .catch((error: unknown) => this.d.log.error('engine timer failed', { key, error }));
  }

  /**
   * A scheduled campaign moved to another time (the row already says so): the timer follows; the old time never fires.
   */
  rearm(id: number) {
    const c = this.d.store.campaign(id);
    if (c?.state === 'scheduled') this.arm(c);
  }

  /** 修改 of a scheduled campaign: back to draft (it will not fire), edited in the wizard and confirmed again. */
  unschedule(id: number): boolean {
    this.clearTimer(`schedule:${id}`);
    const ok = this.transition(id, 'draft', null, ['scheduled']);
    // Lost a race with its own timer: it is already sending, and stays so.
    if (!ok) this.rearm(id);
    return ok;
  }

  /** A scheduled campaign: fire at its time; if that time passed while the app was not running → missed. */
  arm(c: CampaignRow) {
    const when = c.scheduledAt ? Date.parse(c.scheduledAt) : this.now();
    const decision = scheduleDecision(when, this.now(), this.d.missedGraceMs ?? 60_000);
    if (decision === 'missed') {
      this.transition(c.id, 'missed', pauseReason('missed'), ['scheduled']);
      return;
    }
    this.at(`schedule:${c.id}`, when, () => {
      // Moved to another time meanwhile (改时间, perhaps by another process on the profile): wait for that one instead.
      const current = this.d.store.campaign(c.id);
      if (current?.state === 'scheduled' && current.scheduledAt !== c.scheduledAt) return this.arm(current);
      if (this.transition(c.id, 'sending', null, ['scheduled'], { startedAt: this.iso() })) this.run(c.id);
    });
  }

  private armAutoResume(c: CampaignRow) {
    if (c.reasonCode === 'quiet-hours' && c.autoResume) {
      this.at(`resume:${c.id}`, nextWindowOpen(this.d.ctx.settings.get().sending.marketingWindow, this.now()), () => this.resume(c.id));
    } else if (c.reasonCode === 'throttled' || c.reasonCode === 'network') {
      this.at(`resume:${c.id}`, this.now() + 5_000, () => this.resume(c.id));
    }
  }

  // ---- the loop ----

  run(id: number) {
    if (this.runners.has(id) || this.stopping || !this.inScope(id)) return;
    if (!this.acquire(id)) return;
    const runner = this.loop(id)
      .catch((error: unknown) => {
        if (this.abandoned) return;
        this.d.log.error('send loop failed', { id, error });
        this.transition(id, 'paused', pauseReason('error', error instanceof Error ? error.message : String(error)), ['sending']);
      })
      .finally(() => {
        this.runners.delete(id);
        if (this.abandoned) return;
        this.finishIfDone(id);
        this.releaseIfIdle(id);
      });
    this.runners.set(id, runner);
  }

  private concurrency(): number {
    const qps = this.qps();
    return concurrencyFor(qps, this.latencyMs, this.d.maxInFlight ?? MAX_IN_FLIGHT);
  }

  private async loop(id: number) {
    const { store } = this.d;
    const active = new Map<number, Promise<void>>();
    this.pace.set(id, { since: this.now(), numbers: 0 });
    try {
      for (;;) {
        if (this.stopping) break;
        const c = store.campaign(id);
        if (!c || c.state !== 'sending') break;
        if (!c.preparedAt) {
          await prepareCampaign({ store, suppression: this.d.suppression, now: this.now }, c);
          this.progress(id, true);
          continue;
        }
        if (c.templateType === 2) {
          const window = this.d.ctx.settings.get().sending.marketingWindow;
          if (!isInsideWindow(window, this.now())) {
            if (active.size) {
              await Promise.race(active.values());
              continue;
            }
            this.transition(id, 'paused', pauseReason('quiet-hours', c.autoResume ? '下一个发送时段开始后自动续发' : '请在发送时段内手动继续'), ['sending']);
            this.armAutoResume({ ...c, reasonCode: 'quiet-hours' });
            break;
          }
        }
        let client: TopClient;
        try {
          client = this.d.client();
        } catch (error) {
          this.transition(id, 'paused', pauseReason('permission', error instanceof Error ? error.message : String(error)), ['sending']);
          break;
        }
        const room = this.concurrency() - active.size;
        if (room > 0) {
          for (const chunk of store.preparedChunks(id, new Set(active.keys()), room)) {
            active.set(
              chunk.id,
              this.sendChunk(client, c, chunk).finally(() => active.delete(chunk.id)),
            );
          }
        }
        if (active.size === 0) break;
        await Promise.race(active.values());
      }
    } finally {
      await Promise.allSettled(active.values());
    }
  }

  /**
   * Order campaigns: each queued order's OAID (cached per natural week by the orders module, fetched otherwise), shortly
   * before the chunk goes. An order without one is skipped with the reason; a refusal of the whole send (trade APIs
   * refused here, offline, not configured) pauses the campaign with the chunk still prepared. Returns tid → OAID, or
   * null when paused.
   */
  private async fetchOaids(c: CampaignRow, chunk: ChunkRow): Promise<Map<string, string> | null> {
    const { store, orders } = this.d;
    if (!orders) {
      this.transition(c.id, 'paused', pauseReason('error', '订单功能不可用，无法按订单发送'), ['sending']);
      return null;
    }
    const queued = store.chunkRecipients(chunk.id, ['queued']).filter((m) => m.tid !== null);
    const found = new Map<string, string>();
    const refused: { stop: ReturnType<typeof noOaidOf> | null } = { stop: null };
    for (let i = 0; i < queued.length && !refused.stop && !this.stopping; i += OAID_FETCH_PARALLEL) {
      const batch = queued.slice(i, i + OAID_FETCH_PARALLEL);
      const results = await Promise.allSettled(batch.map((m) => orders.oaidFor(m.tid!)));
      store.tx(() => {
        results.forEach((result, k) => {
          const m = batch[k]!;
          if (result.status === 'fulfilled') {
            found.set(m.tid!, result.value.oaid);
            store.setOaid(m.id, result.value.oaid, null);
            return;
          }
          const problem = noOaidOf(result.reason);
          if (problem.campaignLevel) refused.stop ??= problem;
          else {
            store.setOaid(m.id, null, problem.code);
            store.markRecipients([m.id], 'skipped', problem.message);
          }
        });
      });
    }
    const stop = refused.stop;
    if (stop) {
      const code = stop.code === 'network' ? 'network' : 'permission';
      if (this.transition(c.id, 'paused', pauseReason(code, stop.message), ['sending']) && code === 'network') {
        this.at(`resume:${c.id}`, this.now() + 30_000, () => this.resume(c.id));
      }
      return null;
    }
    return found;
  }

  private async sendChunk(client: TopClient, c: CampaignRow, chunk: ChunkRow): Promise<void> {
    const { store, suppression, hooks } = this.d;
    const names = extractVariables(c.templateContent);
    const byOrder = c.audience === 'orders';
    const oaids = byOrder ? await this.fetchOaids(c, chunk) : null;
    if (byOrder && !oaids) return;
    // Right before the call: opt-outs and manual blocks since preparation leave the chunk.
    const members = store.tx(() => {
      const queued = store.chunkRecipients(chunk.id, ['queued']);
      const scope = sendScope(c.templateType);
      const blocked = byOrder
        ? suppression.filterSuppressedBuyers(
            queued.flatMap((m) => (m.buyerOpenUid ? [m.buyerOpenUid] : [])),
            scope,
          )
        : suppression.filterSuppressed(
            queued.map((m) => m.phone),
            scope,
          );
      const isBlocked = (m: ChunkRecipient) => (byOrder ? m.buyerOpenUid !== null && blocked.has(m.buyerOpenUid) : blocked.has(m.phone));
      const withOaid = (m: ChunkRecipient) => !byOrder || (m.tid !== null && oaids!.has(m.tid));
      const sendable = queued.filter((m) => !isBlocked(m) && withOaid(m) && !store.hasAccepted(c.id, m.phone));
      const dropped = queued.filter((m) => !sendable.includes(m) && withOaid(m));
      store.markRecipients(
        dropped.map((m) => m.id),
        'skipped',
        byOrder ? BUYER_SUPPRESSED_AT_SEND : SUPPRESSED_AT_SEND,
      );
      if (sendable.length === 0) {
        store.moveChunk(chunk.id, ['prepared'], 'cancelled', {
          size: 0,
          errorMessage: byOrder ? '本批订单在发送前均已跳过（买家在免打扰名单中或没有 OAID），未发送。' : '本批号码在发送前均已在免打扰名单中，未发送。',
          finishedAt: this.iso(),
        });
        return null;
      }
      if (!store.moveChunk(chunk.id, ['prepared'], 'in_flight', { startedAt: this.iso(), size: sendable.length })) return null;
      store.moveChunkRecipients(chunk.id, ['queued'], 'in_flight');
      if (byOrder) {
        // Each buyer's own extension code, committed with in_flight: the reply to this SMS names its order (sending/README.md).
        const fresh = sendable.filter((m) => m.extendNum === null);
        allocateOrderExtendCodes(store.db, store.shopId, fresh.length).forEach((code, i) => {
          store.setExtendNum(fresh[i]!.id, code);
          fresh[i]!.extendNum = code;
        });
      }
      return sendable;
    });
    if (!members) return;

    await hooks?.beforeCall?.(chunk);
    if (this.stopping) {
      // Not called yet: certainly not executed, back to prepared for the next run.
      if (this.abandoned) return;
      store.tx(() => {
        store.moveChunk(chunk.id, ['in_flight'], 'prepared', { startedAt: null });
        store.moveChunkRecipients(chunk.id, ['in_flight'], 'queued');
      });
      return;
    }
    const pendingAhead = this.d.limiter?.()?.pending ?? 0;
    const qps = this.qps();
    const t0 = this.now();
    let bizId: string;
    let requestId: string | undefined;
    try {
      const recipients: BatchRecipient[] = byOrder
        ? members.map((m) => ({ oaid: oaids!.get(m.tid!)!, orderId: m.tid!, params: orderParams(c, m, names), extendNum: m.extendNum! }))
        : members.map((m) => ({ phone: m.phone, params: recipientParams(c, m.vars, names) }));
      const result = await client.batchSend({
        signName: c.signName,
        templateCode: c.templateCode,
        recipients,
        taskSign: chunk.taskSign,
        ...(byOrder ? { oaidListEncoding: this.d.ctx.settings.get().top.oaidListEncoding } : {}),
      });
      bizId = result.bizId;
      requestId = result.requestId;
    } catch (error) {
      if (this.abandoned) return;
      this.sample(this.now() - t0, pendingAhead, qps);
      this.onFailure(c, chunk, error);
      // A refused OAID may be stale (it changes with the natural week): the next send of these orders fetches afresh.
      if (byOrder) this.d.orders?.forgetOaids(members.map((m) => m.tid!));
      return;
    }
    if (this.abandoned) return;
    this.sample(this.now() - t0, pendingAhead, qps);
    await hooks?.afterResponse?.(chunk);
    if (this.abandoned) return;
    try {
      store.tx(() => {
        store.moveChunk(chunk.id, ['in_flight', 'unknown'], 'accepted', { bizId, requestId: requestId ?? null, finishedAt: this.iso() });
        store.moveChunkRecipients(chunk.id, ACCEPT_STATUSES, 'accepted', { bizId, submittedAt: this.iso(), reason: '' });
      });
    } catch (error) {
      // The platform took it but we could not record it: leave it to reconciliation (never resend).
      this.d.log.error('accept commit failed', { chunk: chunk.id, error });
      store.moveChunk(chunk.id, ['in_flight'], 'unknown', { reconcileAfter: new Date(this.now() + this.reconcileAfterMs()).toISOString() });
      this.armReconciler();
      return;
    }
    const pace = this.pace.get(c.id);
    if (pace) pace.numbers += members.length;
    await hooks?.afterCommit?.(chunk);
    this.progress(c.id);
  }

  /** Latency net of the time spent queued in the limiter behind other calls. */
  private sample(durationMs: number, pendingAhead: number, qps: number) {
    const net = Math.max(1, durationMs - (pendingAhead * 1000) / qps);
    this.latencyMs = this.latencyMs * 0.7 + net * 0.3;
  }

  private onFailure(c: CampaignRow, chunk: ChunkRow, error: unknown) {
    const { store } = this.d;
    const f = classifySendFailure(error);
    const now = this.iso();
    if (f.action === 'unknown') {
      store.moveChunk(chunk.id, ['in_flight'], 'unknown', {
        errorCode: f.code,
        errorMessage: f.message,
        reconcileAfter: new Date(this.now() + this.reconcileAfterMs()).toISOString(),
      });
      this.d.log.warn('chunk outcome unknown', { chunk: chunk.id, task_sign: chunk.taskSign, code: f.code });
      this.armReconciler();
    } else if (f.action === 'reject') {
      store.tx(() => {
        store.moveChunk(chunk.id, ['in_flight'], 'rejected', { errorCode: f.code, subCode: f.subCode, errorMessage: f.message, finishedAt: now });
        store.moveChunkRecipients(chunk.id, ['in_flight'], 'rejected', { subCode: f.subCode, reason: f.message });
      });
      this.d.log.warn('chunk rejected', { chunk: chunk.id, sub_code: f.subCode });
    } else {
      // Certainly not executed: the chunk goes back as it was, the campaign waits.
      store.tx(() => {
        store.moveChunk(chunk.id, ['in_flight'], 'prepared', { startedAt: null, errorMessage: f.reason.message });
        store.moveChunkRecipients(chunk.id, ['in_flight'], 'queued');
      });
      if (this.transition(c.id, 'paused', f.reason, ['sending']) && f.retryAfterMs !== null) {
        this.at(`resume:${c.id}`, this.now() + f.retryAfterMs, () => this.resume(c.id));
      }
    }
    this.progress(c.id);
  }

  /** Sending and nothing left but reconciled numbers: completed, or paused for the 未确认 decision. */
  finishIfDone(id: number) {
    if (this.runners.has(id)) return;
    const { store } = this.d;
    const c = store.campaign(id);
    if (!c || c.state !== 'sending' || !c.preparedAt) return;
    const chunks = store.chunkStateCounts(id);
    if ((chunks.prepared ?? 0) > 0 || (chunks.in_flight ?? 0) > 0 || (chunks.unknown ?? 0) > 0) return;
    const counts = store.counts(id);
    if (counts.queued > 0 || counts.inFlight > 0) return;
    if (counts.unconfirmed > 0) this.transition(id, 'paused', pauseReason('unconfirmed', `${counts.unconfirmed} 个号码`), ['sending']);
    else this.transition(id, 'completed', null, ['sending'], { finishedAt: this.iso() });
  }

  // ---- reconciliation ----

  private reconcileAfterMs(): number {
    return this.d.reconcileAfterMs();
  }

  armReconciler() {
    if (this.stopping) return;
    const unknown = this.chunksInScope('unknown');
    if (unknown.length === 0) return;
    const first = Math.min(...unknown.map((c) => (c.reconcileAfter ? Date.parse(c.reconcileAfter) : this.now())));
    const existing = this.timers.get('reconcile');
    if (existing && this.reconcileAt !== null && this.reconcileAt <= first) return;
    this.reconcileAt = first;
    this.at('reconcile', first, () => {
      this.reconcileAt = null;
      void this.reconcileDue();
    });
  }
  private reconcileAt: number | null = null;

  async reconcileDue(): Promise<void> {
    if (this.reconciling) return this.reconciling;
    this.reconciling = (async () => {
      const { store } = this.d;
      const due = this.chunksInScope('unknown').filter((c) => !c.reconcileAfter || Date.parse(c.reconcileAfter) <= this.now());
      for (const chunk of due) {
        if (this.stopping) break;
        const c = store.campaign(chunk.campaignId);
        if (!c) continue;
        // Another live process sends this campaign: its unknown chunks are its own to reconcile.
        if (!this.runners.has(c.id) && !this.acquire(c.id)) continue;
        try {
          if (c.audience === 'orders') {
            settleOaidChunk({ store, now: this.now, log: this.d.log, settleMs: this.d.ctx.settings.get().sending.oaidSettleMinutes * 60_000 }, chunk);
          } else {
            await reconcileChunk({ store, client: this.d.client(), now: this.now, log: this.d.log, cancelled: () => this.stopping }, chunk, c.templateCode);
          }
        } catch (error) {
          if (this.stopping || error instanceof ReconcileCancelled) break;
          this.d.log.warn('reconcile failed, will retry', { chunk: chunk.id, error });
          store.moveChunk(chunk.id, ['unknown'], 'unknown', { reconcileAfter: new Date(this.now() + RETRY_RECONCILE_MS).toISOString() });
        }
        if (this.abandoned) return;
        this.progress(c.id, true);
        this.finishIfDone(c.id);
        this.releaseIfIdle(c.id);
      }
    })().finally(() => {
      this.reconciling = null;
      this.armReconciler();
    });
    return this.reconciling;
  }

  // ---- progress ----

  progress(id: number, force = false) {
    const last = this.lastProgress.get(id) ?? 0;
    if (!force && this.now() - last < PROGRESS_EVERY_MS) return;
    this.lastProgress.set(id, this.now());
    const c = this.d.store.campaign(id);
    if (!c) return;
    const counts = this.d.store.counts(id);
    const total = counts.valid;
    const done = counts.submitted + counts.rejected + counts.unconfirmed + counts.skipped + counts.cancelled;
    this.d.ctx.events.emit('campaigns.progress', { id, state: c.state, counts, progress: { total, done, etaSeconds: this.eta(id, total - done) } });
  }

  eta(id: number, remaining: number): number | null {
    const pace = this.pace.get(id);
    const elapsed = pace ? (this.now() - pace.since) / 1000 : 0;
    const rate = pace && elapsed > 1 ? pace.numbers / elapsed : null;
    return etaSeconds(remaining, rate, this.qps());
  }
}
