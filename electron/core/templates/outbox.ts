import type { OutboxItem, OutboxKind } from '../../../shared/templates/contract';
import type { Logger } from '../log/logger';
import { classifyFailure, type Failure } from './failures';
import { backoffDelay, type Backoff } from './intervals';
import type { OutboxOp, OutboxStore } from './outbox-store';

/** How one kind of queued operation is sent and what its entity becomes on each outcome. */
export interface OutboxHandler {
  /**
   * Performs the operation and records the success on the entity. Throws what the TOP client threw. May return a
   * callback that announces the change; it runs once the op is marked done, so listeners never see it 'sending'.
   */
  send(op: OutboxOp): Promise<(() => void) | void>;
  /** The op waits for another attempt (offline / blocked / unknown being reconciled). */
  onWaiting(op: OutboxOp, failure: Failure): void;
  /**
   * The write may have taken effect. 'reconcile' = queue again; the next send() must check the platform first
   * (payload.reconcile is set). 'stop' = give up and let the seller reconcile (a template create, whose result
   * cannot be looked up without the code the lost answer carried).
   */
  onUnknown(op: OutboxOp, failure: Failure): 'reconcile' | 'stop';
  /** Stopped for good: refused, or unknown and not reconcilable automatically. */
  onStopped(op: OutboxOp, failure: Failure): void;
  /** The seller cancelled a queued op. */
  onCancelled(op: OutboxOp): void;
}

export interface AttemptResult {
  op: OutboxOp;
  failure?: Failure;
}

/** An unknown outcome is re-checked this many times before the op stops (a persistent server error). */
export const MAX_UNKNOWN_ATTEMPTS = 5;

export interface OutboxWorkerOptions {
  store: OutboxStore;
  retry: Backoff;
  now: () => number;
  log: Logger;
  onChange: (items: OutboxItem[]) => void;
  random?: () => number;
}

/**
 * Sends queued operations one at a time (a single promise chain, so nothing is ever sent twice concurrently),
 * oldest due first. A failure that certainly did not execute keeps the op queued with exponential backoff; the
 * worker sleeps until the earliest next attempt. kick()/retryNow() wake it early (new op, network back online).
 */
export class OutboxWorker {
  private readonly handlers = new Map<OutboxKind, OutboxHandler>();
  private chain: Promise<unknown> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(private readonly options: OutboxWorkerOptions) {}

  register(kind: OutboxKind, handler: OutboxHandler) {
    this.handlers.set(kind, handler);
  }

  /** Ops left 'sending' by a crash are treated as unknown outcomes, then the queue is drained. */
  start() {
    this.stopped = false;
    for (const op of this.options.store.interrupted()) {
      const failure: Failure = { kind: 'unknown', message: '上次提交时程序意外退出，提交结果未知。', error: null };
      this.settleUnknown(op, failure);
    }
    this.publish();
    this.kick();
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.chain.catch(() => undefined);
  }

  kick() {
    this.schedule(0);
  }

  /** Every queued op becomes due now (e.g. the network came back, or the seller clicked "立即重试"); resolves once they were tried. */
  retryNow(): Promise<void> {
    if (this.options.store.makeAllDue(this.iso()) > 0) this.publish();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.drain();
  }

  /** Runs one attempt of this op now (serialised with the worker) — used by submit to answer the seller at once. */
  runNow(opId: number): Promise<AttemptResult> {
    return this.serial(async () => {
      const op = this.options.store.get(opId);
      if (!op) throw new Error(`outbox op ${opId} vanished`);
      if (op.state !== 'queued') return { op };
      const failure = await this.attempt(op);
      this.scheduleNext();
      return { op: this.options.store.get(opId)!, failure };
    });
  }

  cancel(opId: number): OutboxOp | null {
    const op = this.options.store.get(opId);
    if (!op || !this.options.store.cancel(opId, this.iso())) return null;
    this.handlers.get(op.kind)?.onCancelled(op);
    this.publish();
    return this.options.store.get(opId)!;
  }

  list(): OutboxItem[] {
    return this.options.store.listActive();
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private schedule(delayMs: number) {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = null;
        void this.drain();
      },
      Math.max(0, delayMs),
    );
    // Background retries must not keep a CLI process alive.
    this.timer.unref?.();
  }

  private scheduleNext() {
    const next = this.options.store.earliestQueuedAt();
    if (next === null) return;
    this.schedule(Date.parse(next) - this.options.now());
  }

  private drain(): Promise<void> {
    return this.serial(async () => {
      while (!this.stopped) {
        const op = this.options.store.nextDue(this.iso());
        if (!op) break;
        const failure = await this.attempt(op);
        // The gateway is unreachable: the other due ops would fail the same way; try them after the backoff.
        if (failure && (failure.kind === 'offline' || failure.kind === 'blocked')) break;
      }
      this.scheduleNext();
    }).catch((error: unknown) => this.options.log.error('outbox drain failed', { error }));
  }

  /** One attempt; returns the failure when it did not go through. Never throws for platform errors. */
  private async attempt(op: OutboxOp): Promise<Failure | undefined> {
    const handler = this.handlers.get(op.kind);
    if (!handler) throw new Error(`no outbox handler for ${op.kind}`);
    const { store, log } = this.options;
    if (!store.claim(op.id, this.iso())) return undefined;
    const claimed = store.get(op.id)!;
    this.publish();
    try {
      const announce = await handler.send(claimed);
      store.finish(op.id, 'done', '', this.iso());
      log.info('outbox op sent', { id: op.id, kind: op.kind, attempts: claimed.attempts });
      announce?.();
      return undefined;
    } catch (error) {
      const failure = classifyFailure(error);
      log.warn('outbox op failed', { id: op.id, kind: op.kind, attempts: claimed.attempts, failure: failure.kind, message: failure.message });
      if (failure.kind === 'offline' || failure.kind === 'blocked') {
        store.requeue(op.id, {
          lastError: failure.message,
          nextAttemptAt: this.iso(this.options.now() + backoffDelay(this.options.retry, claimed.attempts, this.options.random)),
          now: this.iso(),
        });
        handler.onWaiting(store.get(op.id)!, failure);
      } else if (failure.kind === 'unknown') {
        this.settleUnknown(claimed, failure);
      } else {
        store.finish(op.id, 'failed', failure.message, this.iso());
        handler.onStopped(store.get(op.id)!, failure);
      }
      return failure;
    } finally {
      this.publish();
    }
  }

  private settleUnknown(op: OutboxOp, failure: Failure) {
    const handler = this.handlers.get(op.kind)!;
    const { store } = this.options;
    const decision = op.attempts < MAX_UNKNOWN_ATTEMPTS ? handler.onUnknown(op, failure) : 'stop';
    if (decision === 'reconcile') {
      const payload = { ...(op.payload as Record<string, unknown>), reconcile: true };
      store.requeue(op.id, {
        lastError: failure.message,
        payload,
        nextAttemptAt: this.iso(this.options.now() + backoffDelay(this.options.retry, op.attempts, this.options.random)),
        now: this.iso(),
      });
      handler.onWaiting(store.get(op.id)!, failure);
    } else {
      store.finish(op.id, 'failed', failure.message, this.iso());
      handler.onStopped(store.get(op.id)!, failure);
    }
  }

  private publish() {
    this.options.onChange(this.options.store.listActive());
  }

  private iso(ms = this.options.now()) {
    return new Date(ms).toISOString();
  }
}
