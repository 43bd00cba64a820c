import { systemClock, type Clock } from '../clock';
import type { PollerState } from '../../../shared/contract';
import type { Logger } from '../log/logger';
import { AbortableMqClient, type MqConsumer, type MqMessage } from './client';
import type { MqConfig, MqConsumerConfig } from './config';
import { describeMqError, isMessageNotExist, type MqErrorCategory } from './errors';
import type { ConsumedMessage, MessageStore, ProcessedMessage } from './store';

export interface ConsumerStatus {
  state: PollerState;
  reason?: string;
  category?: MqErrorCategory;
  lastMessageAt?: string;
  /** Messages consumed (duplicates and redeliveries included). */
  received: number;
  /** Receipt handles the server confirmed. */
  acked: number;
  /** Messages newly put into quarantine. */
  quarantined: number;
}

export interface PollerHooks {
  onStatus?(status: ConsumerStatus): void;
  /** After the batch is committed, before it is acked. */
  onProcessed?(items: ProcessedMessage[]): void;
}

export interface PollerOptions {
  /** numOfMessages per consume; the API allows 1–16. */
  batchSize?: number;
  /** Long-poll wait; the API allows up to 30 (the SDK's 33 s read timeout leaves 3 s of margin). */
  waitSeconds?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Attempts per ack when the transport fails (handles stay valid until NextConsumeTime). */
  ackAttempts?: number;
  ackRetryDelayMs?: number;
  /** Under a backlog, up to this many consecutive full batches share one transaction (1 = off). */
  coalesceBatches?: number;
  /** Backoff waits and jitter (default the system clock). */
  clock?: Clock;
}

const DEFAULTS = { batchSize: 16, waitSeconds: 30, backoffBaseMs: 1_000, backoffMaxMs: 30_000, ackAttempts: 3, ackRetryDelayMs: 300, coalesceBatches: 4 };

type ConsumeOutcome = { kind: 'batch'; batch: MqMessage[] } | { kind: 'empty' } | { kind: 'error'; error: unknown };

/** Exponential backoff with "equal jitter": half fixed, half random, capped. */
export function backoffDelay(failures: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * One consume loop: consume(16, 30) → parse, classify and persist the whole batch in one transaction (under a
 * backlog up to `coalesceBatches` consecutive full batches in one) →
 * ack all handles in one call. Nothing is acked before it is committed, so a crash anywhere only causes a
 * redelivery, which the store recognises (MessageId, then business key) and which is simply acked again.
 * Under a backlog the loop pipelines: after a full batch the next one is requested (short poll) before
 * this one is stored, and a batch's ack runs while the next consume is on its way (at most one ack in
 * flight). The order commit → ack holds for every batch; only the round trips stop stalling the loop.
 */
export class MqPoller {
  private readonly client: AbortableMqClient;
  private readonly consumer: MqConsumer;
  private readonly opts: typeof DEFAULTS & { clock: Clock };
  private current: ConsumerStatus = { state: 'stopped', received: 0, acked: 0, quarantined: 0 };
  private stopping = false;
  private loop: Promise<void> | null = null;
  private pendingAck: Promise<unknown> | null = null;
  private longPolling = false;
  private wakeSleeper: (() => void) | null = null;

  constructor(
    private readonly config: MqConfig,
    readonly consumerConfig: MqConsumerConfig,
    private readonly store: MessageStore,
    private readonly log: Logger,
    private readonly hooks: PollerHooks = {},
    options: PollerOptions = {},
  ) {
    this.opts = { ...DEFAULTS, ...definedOnly(options), clock: options.clock ?? systemClock };
    if (this.opts.batchSize < 1 || this.opts.batchSize > 16) throw new RangeError('batchSize must be 1–16');
    if (this.opts.waitSeconds < 1 || this.opts.waitSeconds > 30) throw new RangeError('waitSeconds must be 1–30 (0 would spin on short polls)');
    this.client = new AbortableMqClient(config);
    this.consumer = this.client.getConsumer(
      config.instanceId || undefined,
      consumerConfig.topic,
      consumerConfig.groupId,
      consumerConfig.messageTag || undefined,
    );
  }

  status(): ConsumerStatus {
    return this.current;
  }

  /** Runs the long-poll loop until stop(). */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run(false).catch((error: unknown) => {
      // run(false) handles its own errors; reaching here is a bug, but the app must keep going.
      this.log.error('mq poller crashed', { topic: this.consumerConfig.topic, error });
      this.setStatus({ state: 'stopped', reason: '消息接收意外停止，详情见日志。' });
    });
  }

  /**
   * Short polls until the first empty answer (for `mq poll --once`). Errors other than
   * MessageNotExist are thrown, with the batches so far already persisted and acked (a batch already
   * requested at that moment comes back after the invisibility time).
   */
  async drain(): Promise<void> {
    if (this.loop) throw new Error('poller is already running');
    this.stopping = false;
    this.loop = this.run(true);
    try {
      await this.loop;
    } finally {
      this.loop = null;
    }
  }

  /**
   * Ends the loop. A long poll in flight is cut (if the server had already handed it messages, they come
   * back after the invisibility time); a batch being persisted or acked is allowed to finish.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.longPolling) this.client.abortConsume();
    this.wakeSleeper?.();
    try {
      await this.loop;
    } catch {
      // drain() reports its own error to its caller.
    }
    this.loop = null;
    this.client.close();
  }

  private async run(drain: boolean): Promise<void> {
    this.setStatus({ state: 'connecting', reason: undefined, category: undefined });
    let failures = 0;
    let prefetched: Promise<ConsumeOutcome> | null = null;
    // After a start or an error the first consume is a short poll, so 'connecting' turns into 'polling'
    // (or an error) within a round trip instead of after a 30 s wait on an empty topic.
    let reachable = false;
    try {
      // While stopping, a batch already asked for is still taken in and stored (or it would hide for 5 min).
      while (!this.stopping || prefetched) {
        const first: ConsumeOutcome = prefetched ? await prefetched : await this.consumeOnce(!drain && reachable);
        prefetched = null;
        const full = (b: MqMessage[]) => b.length >= this.opts.batchSize && !this.stopping;
        let batches = first.kind === 'batch' ? [first.batch] : [];
        // A full batch means more is probably waiting: ask for it now (short poll), so the server
        // prepares it while this one is being stored.
        if (first.kind === 'batch' && full(first.batch)) prefetched = this.consumeOnce(false);
        // Under a backlog, consecutive full batches share one transaction (fewer commits, same order: every one of
        // them is committed before any of them is acked). The last outcome decides what happens next.
        let outcome: ConsumeOutcome = first;
        while (prefetched && batches.length < this.opts.coalesceBatches && full(batches[batches.length - 1]!)) {
          outcome = await prefetched;
          prefetched = null;
          if (outcome.kind !== 'batch') break;
          batches.push(outcome.batch);
          if (full(outcome.batch)) prefetched = this.consumeOnce(false);
        }
        let error = outcome.kind === 'error' ? outcome.error : null;
        if (batches.length) {
          try {
            this.persist(batches.flat());
          } catch (e) {
            error = e;
            batches = [];
          }
        }
        const previousAckError = await this.settleAck();
        if (batches.length) {
          // One ack call per consumed batch (≤ 16 handles each), side by side.
          this.pendingAck = Promise.all(batches.map((b) => this.ack(b))).then(
            () => null,
            (e: unknown) => e,
          );
        }
        error ??= previousAckError;
        reachable = outcome.kind !== 'error';
        if (this.stopping) continue;
        if (error) {
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what the SDK or persist threw, unchanged
          if (drain) throw error;
          failures++;
          await this.backoff(error, failures);
          continue;
        }
        failures = 0;
        this.setStatus({ state: 'polling', reason: undefined, category: undefined });
        if (outcome.kind === 'empty' && drain) break;
      }
      const lastAckError = await this.settleAck();
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what the ack call threw, unchanged
      if (lastAckError && drain) throw lastAckError;
    } finally {
      await this.settleAck();
      this.setStatus({ state: 'stopped', reason: undefined, category: undefined });
    }
  }

  /** One consume; never throws. Only long polls may be cut by stop() (a short poll returns at once). */
  private async consumeOnce(long: boolean): Promise<ConsumeOutcome> {
    if (long) this.longPolling = true;
    try {
      const response = long
        ? await this.consumer.consumeMessage(this.opts.batchSize, this.opts.waitSeconds)
        : await this.consumer.consumeMessage(this.opts.batchSize);
      return { kind: 'batch', batch: response.body };
    } catch (error) {
      return isMessageNotExist(error) ? { kind: 'empty' } : { kind: 'error', error };
    } finally {
      if (long) this.longPolling = false;
    }
  }

  /** Waits for the ack in flight; its error (if any) is returned, not thrown. */
  private async settleAck(): Promise<unknown> {
    const pending = this.pendingAck;
    this.pendingAck = null;
    return pending ? await pending : null;
  }

  private persist(batch: MqMessage[]): void {
    const topic = this.consumerConfig.topic;
    const consumed: ConsumedMessage[] = batch.map((m) => ({
      messageId: m.MessageId,
      topic,
      tag: m.MessageTag ?? '',
      body: m.MessageBody ?? '',
      publishTime: toNumber(m.PublishTime),
      consumedTimes: toNumber(m.ConsumedTimes) ?? 1,
    }));
    // Synchronous and atomic: either the whole batch is committed or nothing is, and nothing is acked.
    const processed = this.store.persistBatch(consumed, this.config.parsing);
    let quarantined = 0;
    let duplicates = 0;
    for (const p of processed) {
      if (p.duplicate) duplicates++;
      else if (p.kind === 'quarantined') {
        quarantined++;
        this.log.warn('mq message quarantined', { messageId: p.messageId, topic, tag: p.tag, reason: p.reason });
      }
    }
    this.setStatus({
      received: this.current.received + batch.length,
      quarantined: this.current.quarantined + quarantined,
      lastMessageAt: new Date().toISOString(),
    });
    if (duplicates) this.log.debug('mq duplicates skipped', { topic, duplicates, messages: batch.length });
    try {
      this.hooks.onProcessed?.(processed);
    } catch (error) {
      this.log.error('mq onProcessed hook failed', { error });
    }
  }

  private async ack(batch: MqMessage[]): Promise<void> {
    const handles = batch.map((m) => m.ReceiptHandle);
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.consumer.ackMessage(handles);
        if (response.code === 204) {
          this.setStatus({ acked: this.current.acked + handles.length });
          return;
        }
        if (Array.isArray(response.body)) {
          // Partial failure is resolved, not thrown. The refused messages come back after NextConsumeTime
          // and are recognised as duplicates, so logging them is all that is needed.
          const byHandle = new Map(batch.map((m) => [m.ReceiptHandle, m.MessageId]));
          const failed = response.body.map((e) => ({
            code: e.ErrorCode,
            message: e.ErrorMessage,
            messageId: byHandle.get(e.ReceiptHandle) ?? null,
            handle: e.ReceiptHandle,
          }));
          const ok = failed.every((f) => f.handle) ? handles.length - failed.length : 0;
          this.setStatus({ acked: this.current.acked + ok });
          this.log.warn('mq ack partly failed; those messages will be redelivered and deduplicated', {
            topic: this.consumerConfig.topic,
            requestId: response.requestId,
            failed,
          });
          return;
        }
        throw Object.assign(new Error(`ack answered HTTP ${response.code} without an error list`), { name: 'MqAckError' });
      } catch (error) {
        const info = describeMqError(error);
        const retry = attempt < this.opts.ackAttempts && !this.stopping && (info.transient || (error as Error).name === 'MqAckError');
        this.log.warn('mq ack failed', { topic: this.consumerConfig.topic, attempt, retry, category: info.category, code: info.code ?? null, error });
        if (!retry) throw error;
        // Handles stay valid until NextConsumeTime, so a short pause and a second try usually succeed.
        await this.opts.clock.sleep(this.opts.ackRetryDelayMs * attempt);
      }
    }
  }

  private async backoff(error: unknown, failures: number): Promise<void> {
    const info = describeMqError(error);
    const delay = backoffDelay(failures, this.opts.backoffBaseMs, this.opts.backoffMaxMs, () => this.opts.clock.random());
    this.log.warn('mq poll failed; backing off', {
      topic: this.consumerConfig.topic,
      failures,
      delayMs: delay,
      category: info.category,
      code: info.code ?? null,
      error,
    });
    this.setStatus({ state: 'backoff', reason: info.message, category: info.category });
    await this.sleep(delay);
    if (!this.stopping) this.setStatus({ state: 'connecting' });
  }

  /** A pause that stop() cuts short. */
  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    const wake = new AbortController();
    this.wakeSleeper = () => wake.abort();
    return this.opts.clock.sleep(ms, wake.signal).finally(() => {
      this.wakeSleeper = null;
    });
  }

  private setStatus(change: Partial<ConsumerStatus>) {
    this.current = { ...this.current, ...change };
    try {
      this.hooks.onStatus?.(this.current);
    } catch (error) {
      this.log.error('mq onStatus hook failed', { error });
    }
  }
}

function toNumber(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
