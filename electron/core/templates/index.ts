import type { AuditRefreshResult, OutboxItem, SignatureView, SyncAllResult, TemplateView } from '../../../shared/templates/contract';
import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { AuditPoller, type PollRound } from './audit';
import { DEFAULT_AUDIT_POLL, DEFAULT_OUTBOX_RETRY, parseBackoff, type Backoff } from './intervals';
import { OutboxWorker, type AttemptResult } from './outbox';
import type { PlatformProvider } from './platform';
import { ShortLinkService } from './short-links';
import { SignatureService } from './signature-service';
import { OutboxStore, toItem } from './outbox-store';
import { TemplateService } from './template-service';
import { ShortLinkStore } from './short-link-store';
import { SignatureStore } from './signature-store';
import { TemplateStore } from './template-store';

export interface TemplatesModuleOptions {
  /** The core's TOP client (services.top.client); unit tests pass a fake. */
  platform: PlatformProvider;
  /** Audit polling of pending items (default 1 min doubling to 30 min). */
  auditPoll?: Backoff;
  /** Retry of queued operations while offline (default 5 s doubling to 5 min). */
  outboxRetry?: Backoff;
  now?: () => number;
  random?: () => number;
}

export interface TemplatesModule {
  templates: TemplateService;
  signatures: SignatureService;
  shortLinks: ShortLinkService;
  outbox: { list(): OutboxItem[]; cancel(id: number): OutboxItem; retryNow(): Promise<OutboxItem[]> };
  refresh(): Promise<AuditRefreshResult>;
  syncAll(): Promise<SyncAllResult>;
  /** Recovers interrupted sends, polls pending audits, drains the queue and follows network/settings changes. */
  start(): void;
  stop(): Promise<void>;
  /** Test hooks: one synchronous pass of each background job. */
  pollOnce(): Promise<PollRound>;
}

/**
 * Reads the test knobs once: JST_AUDIT_POLL_MS and JST_OUTBOX_RETRY_MS, each "initial[,max]" in ms
 * (e.g. "300,1000"; one value = fixed interval). Unset → production defaults.
 */
export function intervalsFromEnv(env: NodeJS.ProcessEnv = process.env): { auditPoll: Backoff; outboxRetry: Backoff } {
  return { auditPoll: parseBackoff(env.JST_AUDIT_POLL_MS, DEFAULT_AUDIT_POLL), outboxRetry: parseBackoff(env.JST_OUTBOX_RETRY_MS, DEFAULT_OUTBOX_RETRY) };
}

export function createTemplatesModule(ctx: CoreContext, options: TemplatesModuleOptions): TemplatesModule {
  const log = ctx.log.child('templates');
  const now = options.now ?? (() => ctx.clock.now());
  const { platform } = options;
  const outboxStore = new OutboxStore(ctx.db, ctx.shopId);

  // The worker and poller call into the services and the services into them: wire through these late bindings.
  const queue = { runNow: (opId: number): Promise<AttemptResult> => worker.runNow(opId) };
  const audit = { reset: () => poller.reset() };

  const templates = new TemplateService({
    store: new TemplateStore(ctx.db, ctx.shopId),
    outbox: outboxStore,
    platform,
    now,
    queue,
    audit,
    emit: (template: TemplateView | null, cause, previousStatus, deletedId) =>
      ctx.events.emit('templates.changed', { template, cause, previousStatus, deletedId }),
  });
  const signatures = new SignatureService({
    store: new SignatureStore(ctx.db, ctx.shopId),
    outbox: outboxStore,
    platform,
    now,
    queue,
    audit,
    emit: (signature: SignatureView | null, cause, previousStatus, deletedId) =>
      ctx.events.emit('signatures.changed', { signature, cause, previousStatus, deletedId }),
  });
  const shortLinks = new ShortLinkService({ store: new ShortLinkStore(ctx.db, ctx.shopId), platform, now, log });

  const worker = new OutboxWorker({
    store: outboxStore,
    retry: options.outboxRetry ?? DEFAULT_OUTBOX_RETRY,
    now,
    log,
    random: options.random ?? (() => ctx.clock.random()),
    onChange: (items) => ctx.events.emit('templates.outboxChanged', { items }),
  });
  worker.register('template.create', templates.createHandler);
  worker.register('template.modify', templates.modifyHandler);
  worker.register('signature.create', signatures.createHandler);
  worker.register('signature.modify', signatures.modifyHandler);

  const pollOnce = async (): Promise<PollRound> => {
    const t = await templates.pollPending();
    // Both lists go to the same gateway: if it is unreachable, do not knock again for the signatures.
    if (t.error) return t;
    const s = await signatures.pollPending();
    return { checked: t.checked + s.checked, changed: t.changed + s.changed, error: s.error };
  };
  const poller = new AuditPoller({
    schedule: options.auditPoll ?? DEFAULT_AUDIT_POLL,
    poll: pollOnce,
    hasPending: () => templates.hasPending() || signatures.hasPending(),
    log,
  });

  let unsubscribe: (() => void) | null = null;
  let lastNetwork = ctx.status.get().network;
  let started = false;

  const module: TemplatesModule = {
    templates,
    signatures,
    shortLinks,
    outbox: {
      list: () => worker.list(),
      cancel(id) {
        const op = worker.cancel(id);
        if (!op) throw new AppError('CONFLICT', '该操作正在发送或已经完成，无法取消。');
        const label = op.entityType === 'template' ? templates.get(op.entityId).name : signatures.get(op.entityId).name;
        return toItem(op, label);
      },
      async retryNow() {
        await worker.retryNow();
        return worker.list();
      },
    },
    refresh: () => poller.refreshNow(),
    async syncAll() {
      const { error: templateError, ...templateRound } = await templates.syncAll();
      // Unreachable for templates: the signatures would fail the same way.
      if (templateError) return { templates: templateRound, signatures: { checked: 0, changed: [], missing: [] }, error: templateError };
      const { error, ...signatureRound } = await signatures.syncAll();
      return { templates: templateRound, signatures: signatureRound, ...(error ? { error } : {}) };
    },
    pollOnce,
    start() {
      if (started) return;
      started = true;
      worker.start();
      poller.start();
      unsubscribe = ctx.events.subscribe((name, payload) => {
        if (name === 'status.changed') {
          const network = (payload as { network: typeof lastNetwork }).network;
          // Any TOP call that got an answer proves the gateway is back: send what waited for it.
          if (network === 'online' && lastNetwork !== 'online') void worker.retryNow();
          lastNetwork = network;
        } else if (name === 'settings.changed') {
          const section = (payload as { section: string }).section;
          if (section === 'top' || section === 'vault') {
            void worker.retryNow();
            poller.reset();
          }
        }
      });
      ctx.onClose(() => module.stop());
    },
    async stop() {
      unsubscribe?.();
      unsubscribe = null;
      await worker.stop();
      await poller.stop();
    },
  };
  return module;
}
