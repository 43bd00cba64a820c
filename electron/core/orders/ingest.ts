import type { CoreContext } from '../context';
import { registerIngestHook, registerOrderScreen } from '../mq/ingest-hooks';
import { quarantined } from '../mq/parse';
import { OrderStore } from './store';

const NICK_TTL_MS = 1_000;

/**
 * The orders' part of every consumed MQ batch, inside its transaction (before the ack): the seller check (a message for
 * another seller is quarantined), then each new event folded into its order. Used by the app and by `mq poll`.
 * `onChanged` runs inside the transaction; callers publish events only after the commit.
 */
export function registerOrderIngest(ctx: Pick<CoreContext, 'db' | 'shopId' | 'settings' | 'log' | 'clock'>, onChanged?: (tids: string[]) => void): () => void {
  const store = new OrderStore(ctx.db, ctx.shopId);
  const log = ctx.log.child('orders');
  const key = String(ctx.shopId);
  // Settings are a file read per get(): cache the nick briefly (a backlog checks it per message).
  let cached: { at: number; nick: string } | null = null;
  const sellerNick = (): string => {
    const now = Date.now();
    if (!cached || now - cached.at > NICK_TTL_MS) cached = { at: now, nick: ctx.settings.get().orders.sellerNicks[key] ?? '' };
    return cached.nick;
  };

  const unscreen = registerOrderScreen(ctx.db, (event) => {
    const nick = event.sellerNick;
    if (!nick) return null;
    const expected = sellerNick();
    if (!expected) {
      // The shop's first order event names its seller.
      const orders = ctx.settings.get().orders;
      ctx.settings.update('orders', { ...orders, sellerNicks: { ...orders.sellerNicks, [key]: nick } });
      cached = { at: Date.now(), nick };
      log.info('seller nick set from the first order event', { shopId: ctx.shopId });
      return null;
    }
    return nick === expected ? null : quarantined('order-other-seller', { seller: nick, expected });
  });
  const unhook = registerIngestHook(ctx.db, 'orders', (batch) => {
    if (!batch.orders.length) return;
    const tids = store.applyEvents(batch.orders, ctx.clock.now());
    onChanged?.(tids);
  });
  return () => {
    unscreen();
    unhook();
  };
}
