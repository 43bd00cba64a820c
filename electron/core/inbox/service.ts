import type { SmsReply } from '../../../shared/messages/contract';
import { storedText } from '../../../shared/stored-text';
import type { Page } from '../../../shared/contract-kit';
import type { ThreadFilter, ThreadSummary, ThreadView, UnreadSummary } from '../../../shared/inbox/contract';
import { previewText } from '../../../shared/inbox/text';
import { AppError } from '../../../shared/errors';
import { normalizePhone } from '../../../shared/sending/phone';
import type { CoreContext } from '../context';
import type { SuppressionStore } from '../suppression/store';
import { registerInboxIngest } from './ingest';
import { InboxStore } from './store';

export interface InboxService {
  readonly store: InboxStore;
  threads(query: { filter: ThreadFilter; search?: string; page: number; pageSize: number }): Page<ThreadSummary> & { unread: UnreadSummary };
  thread(phone: string, limit: number): ThreadView;
  unread(): UnreadSummary;
  markRead(phone: string, read: boolean): UnreadSummary;
  block(phone: string, blocked: boolean): ThreadSummary | null;
  decideOptOut(replyId: number, optOut: boolean): ThreadSummary | null;
  /**
   * Whether a stored reply should alert the seller: not when its number is 拉黑, nor when it is itself the opt-out
   * that put the number on the list (both decided inside the consumed batch, before this is asked).
   */
  shouldNotify(reply: Pick<SmsReply, 'id' | 'phone'>): boolean;
  /** Renders and indexes what the ledger sent since the last call (also runs on a timer once started). */
  indexSent(): void;
  /** The background indexer of what the ledger sent. */
  start(): void;
}

/** How often the sent indexer looks at its queue (the ledger's triggers fill it). */
const SENT_INDEX_INTERVAL_MS = 2_000;
const UNREAD_COALESCE_MS = 250;

/**
 * Registers the ingest hook (threads, search index, certain opt-outs → suppression, all inside the consumed batch's
 * transaction, before its ack) and publishes inbox events after the commit.
 */
export function createInboxService(ctx: CoreContext, deps: { suppression: SuppressionStore }): InboxService {
  const log = ctx.log.child('inbox');
  const store = new InboxStore(ctx.db, ctx.shopId);
  const { suppression } = deps;

  // Events are published after the batch commits: the hook only records what it did, a microtask (which runs after
  // the synchronous transaction has committed or rolled back) checks what really committed.
  let pending: { phones: Set<string>; replyIds: number[] } | null = null;
  let unreadTimer: NodeJS.Timeout | null = null;
  const flush = () => {
    const batch = pending;
    pending = null;
    if (!batch) return;
    if (batch.replyIds.length && store.committed(batch.replyIds).length === 0) return; // rolled back; the redelivery will come
    if (batch.phones.size) ctx.events.emit('inbox.changed', { phones: [...batch.phones] });
    // Under a backlog batches commit many times a second; the unread total (a scan) goes out at most every 250 ms.
    unreadTimer ??= setTimeout(() => {
      unreadTimer = null;
      ctx.events.emit('inbox.unread', store.unread());
    }, UNREAD_COALESCE_MS);
  };
  const schedule = (phones: readonly string[], replyIds: readonly number[]) => {
    if (!pending) {
      pending = { phones: new Set(), replyIds: [] };
      queueMicrotask(flush);
    }
    for (const p of phones) pending.phones.add(p);
    pending.replyIds.push(...replyIds);
  };

  const unregister = registerInboxIngest(ctx, suppression, schedule);

  const indexSent = () => {
    try {
      while (store.hasPendingSent()) {
        const phones = store.indexSent();
        if (phones.length) ctx.events.emit('inbox.changed', { phones });
        else break;
      }
    } catch (error) {
      log.error('sent messages indexing failed', { error });
    }
  };
  let timer: NodeJS.Timeout | undefined;
  // A blocked number shows in its thread.
  const unsubscribe = ctx.events.subscribe((name, payload) => {
    if (name === 'suppression.changed') {
      const phones = (payload as { phones: string[] }).phones;
      if (phones.length) ctx.events.emit('inbox.changed', { phones });
    }
  });
  ctx.onClose(() => {
    clearInterval(timer);
    if (unreadTimer) clearTimeout(unreadTimer);
    unregister();
    unsubscribe();
  });

  const canonical = (raw: string): string => {
    const result = normalizePhone(raw);
    return result.ok ? result.phone : raw.trim();
  };
  const changed = (phone: string) => {
    ctx.events.emit('inbox.changed', { phones: [phone] });
    ctx.events.emit('inbox.unread', store.unread());
  };

  return {
    store,
    threads(query) {
      indexSent();
      return { ...store.listThreads(query), unread: store.unread() };
    },
    thread(rawPhone, limit) {
      indexSent();
      const phone = canonical(rawPhone);
      const summary = store.thread(phone);
      const { messages, hasMore } = store.messages(phone, limit);
      return {
        phone,
        unread: summary?.unread ?? 0,
        blocked: suppression.entryOf(phone),
        likelyOptOutReplyId: store.likelyReplyId(phone),
        messages,
        hasMore,
      };
    },
    unread: () => store.unread(),
    markRead(rawPhone, read) {
      const phone = canonical(rawPhone);
      if (store.setRead(phone, read)) changed(phone);
      return store.unread();
    },
    block(rawPhone, blocked) {
      const phone = canonical(rawPhone);
      if (blocked) {
        const result = suppression.add([phone], { reason: 'block', source: 'manual', note: storedText.inboxBlock() });
        if (result.invalid.length) throw new AppError('BAD_REQUEST', `号码无效：${result.invalid[0]}`);
      } else {
        suppression.remove([phone]);
      }
      return store.thread(phone);
    },
    shouldNotify(reply) {
      const entry = suppression.entryOf(reply.phone);
      if (entry?.reason === 'block' || entry?.replyId === reply.id) return false;
      return store.reply(reply.id)?.optOut !== 'certain';
    },
    decideOptOut(replyId, optOut) {
      const reply = store.reply(replyId);
      if (!reply) throw new AppError('NOT_FOUND', '没有找到这条回复。');
      if (optOut)
        suppression.add([reply.phone], { reason: 'optout', source: 'reply', replyId, note: storedText.replyOptOutConfirmed(previewText(reply.content, 20)) });
      store.setOptOutFlag(replyId, reply.phone, optOut ? 'confirmed' : 'dismissed');
      changed(reply.phone);
      return store.thread(reply.phone);
    },
    indexSent,
    start() {
      if (timer) return;
      timer = setInterval(indexSent, SENT_INDEX_INTERVAL_MS);
      timer.unref();
    },
  };
}
