import type { OptOutRules } from '../../../shared/inbox/optout';
import { storedText } from '../../../shared/stored-text';
import { previewText } from '../../../shared/inbox/text';

const RULES_TTL_MS = 1_000;
import type { CoreContext } from '../context';
import { registerIngestHook } from '../mq/ingest-hooks';
import { buyerSuppressionKey, type SuppressionStore } from '../suppression/store';
import { OrderReplyLinker } from './order-links';
import { InboxStore } from './store';

/**
 * The inbox's part of every consumed MQ batch, inside its transaction (before the ack): threads, unread counts,
 * the search index, and certain opt-outs straight into the suppression list. Registered by the inbox service.
 * `onIngested` runs inside the transaction with what changed; callers publish events only after the commit.
 */
export function registerInboxIngest(
  ctx: Pick<CoreContext, 'db' | 'shopId' | 'settings' | 'events' | 'log' | 'clock'>,
  suppression: SuppressionStore,
  onIngested?: (phones: string[], replyIds: number[]) => void,
): () => void {
  const store = new InboxStore(ctx.db, ctx.shopId);
  const linker = new OrderReplyLinker(ctx.db, ctx.shopId);
  const log = ctx.log.child('inbox');
  // Settings are read from disk and parsed on every get(): under a backlog, once a second is plenty.
  let rules: { at: number; value: OptOutRules } | null = null;
  const currentRules = (): OptOutRules => {
    const now = ctx.clock.now();
    if (!rules || now - rules.at > RULES_TTL_MS) {
      const inbox = ctx.settings.get().inbox;
      rules = { at: now, value: { keywords: inbox.optOutKeywords, likelyPhrases: inbox.likelyOptOutPhrases } };
    }
    return rules.value;
  };
  const unsubscribe = ctx.events.subscribe((name) => {
    if (name === 'inbox.settingsChanged') rules = null;
  });
  const unregister = registerIngestHook(ctx.db, 'inbox', (batch) => {
    if (!batch.replies.length) return;
    // First: a buyer reached by OAID is known by their order from here on, never by the number they replied from.
    const links = linker.linkAll(batch.replies);
    const buyerOfReply = new Map(links.flatMap((l) => (l.buyerOpenUid ? [[l.replyId, l.buyerOpenUid] as const] : [])));
    const outcome = store.ingestReplies(batch.replies, currentRules());
    if (outcome.optOuts.length) {
      // Same transaction: on the list before the message is acked, and before any later chunk goes out. A linked
      // buyer's opt-out is by buyer_open_uid (every order send, segment send and automation reads that key).
      const added = suppression.addReplyOptOuts(
        outcome.optOuts.flatMap((o) => {
          const note = storedText.replyOptOut(previewText(o.text, 20));
          const buyer = buyerOfReply.get(o.replyId);
          if (buyer) return [{ phone: buyerSuppressionKey(buyer), replyId: o.replyId, note }];
          return o.phone.startsWith('tid:') ? [] : [{ phone: o.phone, replyId: o.replyId, note }];
        }),
      );
      // Each entry records its reply (source, reply_id, note); the log line is for debugging only (it ran per batch).
      log.debug('opt-out replies suppressed', { count: outcome.optOuts.length, added: added.length });
    }
    onIngested?.(
      outcome.phones,
      batch.replies.map((r) => r.id),
    );
  });
  return () => {
    unregister();
    unsubscribe();
  };
}
