import { createHash } from 'node:crypto';
import type { PollerStatus } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { MqSettings } from '../../../shared/settings/schema';
import type { CoreContext } from '../context';
import { AbortableMqClient } from './client';
import { applyEnvOverrides, resolveMqConfig, type MqConfig, type MqSecrets } from './config';
import { normaliseEndpoint } from './endpoint';
import { describeMqError, isMessageNotExist } from './errors';
import { MqPoller, type ConsumerStatus, type PollerOptions } from './poller';
import { MessageStore, type ProcessedMessage } from './store';
import type { ConnectionTestResult } from '../../../shared/settings/contract';
import { urlOrigin } from '../../../shared/settings/schema';
import type { SmsReply } from '../../../shared/messages/contract';

/** Fields of 测试连接 that override the saved settings (the form's unsaved values). */
export interface MqTestOverrides {
  endpoint?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  instanceId?: string;
  topics?: string[];
  groupId?: string;
  messageTag?: string;
}

export interface MessageService {
  readonly store: MessageStore;
  /** Subscribes to settings/vault changes, registers the stop with ctx.onClose and starts if possible. */
  start(): void;
  /** Stops every poller; nothing persisted is lost (unacked messages are redelivered and deduplicated). */
  stop(): Promise<void>;
  /** Compares the wanted config with the running one and restarts only if it changed. */
  reconcile(): Promise<void>;
  testConnection(overrides?: MqTestOverrides): Promise<ConnectionTestResult>;
  status(): PollerStatus;
  /**
   * Pollers for a host that drives them itself (`mq poll`): the config resolved as for the background ones (saved
   * settings and vault secrets, the host's overrides applied; throws NOT_CONFIGURED), the same store, ingest hooks
   * (history matching, inbox) and events, plus the host's own observers.
   */
  createPollers(observer?: { onProcessed?: (items: ProcessedMessage[]) => void; onStatus?: (topic: string, status: ConsumerStatus) => void }): MqPoller[];
}

export interface MessageServiceOptions {
  poller?: PollerOptions;
  /** Timeout of the connection test's requests (ms). */
  testTimeoutMs?: number;
  /** The CLI's environment: JST_MQ_* override the profile's MQ settings and secrets (mq/config.ts applyEnvOverrides). */
  overrides?: NodeJS.ProcessEnv;
  /** Whether a stored reply alerts the seller (the inbox decides; default yes). */
  notifyReply?: (reply: SmsReply) => boolean;
}

/**
 * Owns the pollers of one profile: runs them while MQ settings are complete, the vault is unlocked and
 * mq.enabled is on; publishes status for the status bar and `delivery.updated` / `reply.received`.
 */
export function createMessageService(ctx: CoreContext, options: MessageServiceOptions = {}): MessageService {
  const log = ctx.log.child('mq');
  const store = new MessageStore(ctx.db, ctx.shopId);
  let pollers: MqPoller[] = [];
  /** Pollers being stopped still count towards the totals until their counters are folded in. */
  let retiring: MqPoller[] = [];
  let runningKey: string | null = null;
  let started = false;
  let closed = false;
  let unsubscribe: (() => void) | null = null;
  /** Counters of pollers already stopped, so the status bar keeps counting across restarts. */
  const totals = { received: 0, acked: 0, quarantined: 0 };
  let lastMessageAt: string | undefined;
  let queue: Promise<void> = Promise.resolve();

  const serial = (task: () => Promise<void>): Promise<void> => {
    queue = queue.then(task).catch((error: unknown) => log.error('mq service task failed', { error }));
    return queue;
  };

  // Counter-only changes are coalesced (at most every STATUS_COALESCE_MS) so a backlog of thousands of
  // messages does not flood the renderer with status events; state changes go out at once.
  let statusTimer: NodeJS.Timeout | null = null;
  const computeStatus = (idle?: Pick<PollerStatus, 'state' | 'reason' | 'reasonCode'>): PollerStatus => {
    const statuses = pollers.map((p) => p.status());
    const counted = [...statuses, ...retiring.map((p) => p.status())];
    const sum = (key: 'received' | 'acked' | 'quarantined') => totals[key] + counted.reduce((n, s) => n + s[key], 0);
    const latest = [lastMessageAt, ...counted.map((s) => s.lastMessageAt)]
      .filter((v): v is string => Boolean(v))
      .sort()
      .pop();
    const worst = idle ?? aggregate(statuses);
    return {
      state: worst.state,
      reason: worst.reason,
      reasonCode: worst.reasonCode,
      lastMessageAt: latest,
      received: sum('received'),
      acked: sum('acked'),
      quarantined: sum('quarantined'),
    };
  };
  const flushStatus = (idle?: Pick<PollerStatus, 'state' | 'reason' | 'reasonCode'>) => {
    if (statusTimer) clearTimeout(statusTimer);
    statusTimer = null;
    ctx.status.setPoller(computeStatus(idle));
  };
  const publishStatus = (idle?: Pick<PollerStatus, 'state' | 'reason' | 'reasonCode'>) => {
    const next = computeStatus(idle);
    const shown = ctx.status.get().poller;
    if (idle || next.state !== shown.state || next.reason !== shown.reason || next.reasonCode !== shown.reasonCode) return flushStatus(idle);
    statusTimer ??= setTimeout(() => flushStatus(), STATUS_COALESCE_MS).unref();
  };

  const onProcessed = (items: ProcessedMessage[]) => {
    const reports = items.flatMap((i) => (i.kind === 'report' && i.stored ? [i.stored] : []));
    if (reports.length) ctx.events.emit('delivery.updated', { reports });
    for (const item of items)
      if (item.kind === 'reply' && item.stored) ctx.events.emit('reply.received', { reply: item.stored, notify: options.notifyReply?.(item.stored) ?? true });
  };

  const stopPollers = async () => {
    retiring = pollers;
    pollers = [];
    runningKey = null;
    await Promise.all(retiring.map((p) => p.stop()));
    for (const p of retiring) {
      const s = p.status();
      totals.received += s.received;
      totals.acked += s.acked;
      totals.quarantined += s.quarantined;
      if (s.lastMessageAt && (!lastMessageAt || s.lastMessageAt > lastMessageAt)) lastMessageAt = s.lastMessageAt;
    }
    retiring = [];
  };

  const resolveConfig = (): MqConfig => {
    const stored = vaultSecrets(ctx);
    const { settings, secrets } = options.overrides
      ? applyEnvOverrides(ctx.settings.get().mq, stored, options.overrides)
      : { settings: ctx.settings.get().mq, secrets: stored };
    try {
      const config = resolveMqConfig(settings, secrets);
      // Stored keys sign requests only for the endpoint they were saved with (settings.json or JST_MQ_ENDPOINT may differ).
      const keysFromEnv = options.overrides?.JST_MQ_ACCESS_KEY_ID?.trim() && options.overrides.JST_MQ_ACCESS_KEY_SECRET?.trim();
      if (!keysFromEnv) ctx.vault.assertStoredSecretsMayGo('mq', urlOrigin(config.endpoint));
      return config;
    } catch (error) {
      if (options.overrides && error instanceof AppError && !ctx.vault.isUnlocked() && (!secrets.accessKeyId || !secrets.accessKeySecret)) {
        throw new AppError(
          error.code,
          `${error.message}（保险箱未解锁：设置 JST_SMS_PASSPHRASE，或用 JST_MQ_ACCESS_KEY_ID / JST_MQ_ACCESS_KEY_SECRET 提供密钥。）`,
        );
      }
      throw error;
    }
  };

  const wanted = (): { config: MqConfig } | { idle: Pick<PollerStatus, 'state' | 'reason' | 'reasonCode'> } => {
    const mq = ctx.settings.get().mq;
    if (!mq.enabled) return { idle: { state: 'disabled', reason: '已在设置中停用回执和回复接收。', reasonCode: 'disabled' } };
    if (!ctx.vault.isUnlocked()) return { idle: { state: 'stopped', reason: '保险箱未解锁，解锁后开始接收回执和回复。', reasonCode: 'vaultLocked' } };
    try {
      return { config: resolveConfig() };
    } catch (error) {
      const reason = error instanceof AppError ? error.message : 'MQ 设置无效。';
      const moved = error instanceof AppError && error.code === 'FORBIDDEN';
      return { idle: { state: 'stopped', reason, reasonCode: moved ? 'originChanged' : 'incomplete' } };
    }
  };

  const reconcileNow = async () => {
    if (closed) return;
    const next = wanted();
    if ('idle' in next) {
      if (pollers.length) log.info('mq pollers stopping', { reason: next.idle.reason });
      await stopPollers();
      publishStatus(next.idle);
      return;
    }
    // A digest, so the secrets are not kept around in one more string.
    const key = createHash('sha256').update(JSON.stringify(next.config)).digest('hex');
    if (key === runningKey && pollers.length) return;
    await stopPollers();
    const dropped = normaliseEndpoint(ctx.settings.get().mq.endpoint).dropped;
    if (dropped) log.warn('mq endpoint path ignored (the SDK would sign the wrong resource)', { dropped });
    pollers = next.config.consumers.map(
      (consumer) => new MqPoller(next.config, consumer, store, log, { onStatus: () => publishStatus(), onProcessed }, { clock: ctx.clock, ...options.poller }),
    );
    runningKey = key;
    log.info('mq pollers starting', { endpoint: next.config.endpoint, consumers: next.config.consumers });
    for (const p of pollers) p.start();
    publishStatus();
  };

  const service: MessageService = {
    store,
    start() {
      if (started) return;
      started = true;
      unsubscribe = ctx.events.subscribe((name, payload) => {
        if (name !== 'settings.changed') return;
        const section = (payload as { section?: string }).section;
        if (section === 'mq' || section === 'vault') void service.reconcile();
      });
      ctx.onClose(() => service.stop());
      void service.reconcile();
    },
    stop() {
      closed = true;
      unsubscribe?.();
      unsubscribe = null;
      return serial(async () => {
        await stopPollers();
        flushStatus({ state: 'stopped', reason: undefined });
      });
    },
    reconcile: () => serial(reconcileNow),
    testConnection: (overrides) => testConnection(ctx, store, onProcessed, overrides ?? {}, options.testTimeoutMs ?? 10_000),
    status: () => ctx.status.get().poller,
    createPollers(observer = {}) {
      const config = resolveConfig();
      return config.consumers.map(
        (consumer) =>
          new MqPoller(
            config,
            consumer,
            store,
            log,
            {
              onProcessed: (items) => {
                onProcessed(items);
                observer.onProcessed?.(items);
              },
              onStatus: (status) => observer.onStatus?.(consumer.topic, status),
            },
            { clock: ctx.clock, ...options.poller },
          ),
      );
    },
  };
  return service;
}

function vaultSecrets(ctx: CoreContext): MqSecrets {
  if (!ctx.vault.isUnlocked()) return {};
  return { accessKeyId: ctx.vault.get('mq.accessKeyId'), accessKeySecret: ctx.vault.get('mq.accessKeySecret') };
}

const STATUS_COALESCE_MS = 250;

const STATE_RANK: Record<ConsumerStatus['state'], number> = { backoff: 4, connecting: 3, polling: 2, stopped: 1, disabled: 0 };

/** The status bar shows the most worrying consumer. */
function aggregate(statuses: ConsumerStatus[]): Pick<PollerStatus, 'state' | 'reason' | 'reasonCode'> {
  const worst = [...statuses].sort((a, b) => STATE_RANK[b.state] - STATE_RANK[a.state])[0];
  return worst ? { state: worst.state, reason: worst.reason, reasonCode: worst.category } : { state: 'stopped', reason: undefined };
}

/**
 * 测试连接: one short poll per consumer (waitSeconds 1, one message). A message it receives is processed
 * like any other (persisted, then acked): an unacked test read would hide it for five minutes.
 */
async function testConnection(
  ctx: CoreContext,
  store: MessageStore,
  onProcessed: (items: ProcessedMessage[]) => void,
  overrides: MqTestOverrides,
  timeoutMs: number,
): Promise<ConnectionTestResult> {
  const saved = ctx.settings.get().mq;
  const settings: MqSettings = {
    ...saved,
    endpoint: overrides.endpoint ?? saved.endpoint,
    instanceId: overrides.instanceId ?? saved.instanceId,
    topics: overrides.topics ?? saved.topics,
    groupId: overrides.groupId ?? saved.groupId,
    messageTag: overrides.messageTag ?? saved.messageTag,
  };
  const stored = ctx.vault.isUnlocked() ? vaultSecrets(ctx) : {};
  const secrets = { accessKeyId: overrides.accessKeyId ?? stored.accessKeyId, accessKeySecret: overrides.accessKeySecret ?? stored.accessKeySecret };

  let config: MqConfig;
  let dropped: string;
  try {
    config = resolveMqConfig(settings, secrets);
    dropped = normaliseEndpoint(settings.endpoint).dropped;
  } catch (error) {
    const locked = !ctx.vault.isUnlocked() && (!secrets.accessKeyId || !secrets.accessKeySecret);
    const message = error instanceof AppError ? error.message : 'MQ 设置无效。';
    return { ok: false, category: 'config', message: locked ? `${message}（保险箱未解锁，无法读取已保存的 AccessKey。）` : message };
  }

  const results = await Promise.all(
    config.consumers.map(async (consumer) => {
      const client = new AbortableMqClient(config, timeoutMs);
      try {
        const mq = client.getConsumer(config.instanceId || undefined, consumer.topic, consumer.groupId, consumer.messageTag || undefined);
        try {
          const response = await mq.consumeMessage(1, 1);
          const processed = store.persistBatch(
            response.body.map((m) => ({
              messageId: m.MessageId,
              topic: consumer.topic,
              tag: m.MessageTag ?? '',
              body: m.MessageBody ?? '',
              publishTime: Number(m.PublishTime) || null,
              consumedTimes: Number(m.ConsumedTimes) || 1,
            })),
            config.parsing,
          );
          onProcessed(processed);
          await mq.ackMessage(response.body.map((m) => m.ReceiptHandle));
          return { topic: consumer.topic, ok: true as const, received: response.body.length };
        } catch (error) {
          if (isMessageNotExist(error)) return { topic: consumer.topic, ok: true as const, received: 0 };
          return { topic: consumer.topic, ok: false as const, info: describeMqError(error) };
        }
      } finally {
        client.close();
      }
    }),
  );

  const failed = results.find((r) => !r.ok);
  const note = dropped ? `（已忽略接入点末尾的“${dropped.slice(0, 60)}”）` : '';
  const detail = { endpoint: config.endpoint, topics: config.consumers.map((c) => c.topic).join(','), endpointAdjusted: Boolean(dropped) };
  if (failed && !failed.ok) {
    ctx.log.child('mq').warn('mq connection test failed', { topic: failed.topic, category: failed.info.category, code: failed.info.code ?? null });
    return {
      ok: false,
      category: failed.info.category,
      message: `Topic ${failed.topic}：${failed.info.message}${note}`,
      detail: { ...detail, code: failed.info.code ?? null, requestId: failed.info.requestId ?? null },
    };
  }
  const received = results.reduce((n, r) => n + (r.ok ? r.received : 0), 0);
  return {
    ok: true,
    category: 'ok',
    message: `连接成功：${config.consumers.length} 个 Topic 均可消费${received ? `，并已接收 ${received} 条消息` : ''}。${note}`,
    detail: { ...detail, received },
  };
}
