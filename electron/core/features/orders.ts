import type { ordersRequests, OrdersSettingsView } from '../../../shared/orders/contract';
import { parseBeijingDateTime } from '../../../shared/time/beijing';
import type { CoreContext } from '../context';
import type { Handlers } from '../dispatch';
import type { OrdersModule } from '../orders';
import type { SendingModule } from '../sending';

function settingsView(ctx: CoreContext): OrdersSettingsView {
  const { sellerNicks, ...rest } = ctx.settings.get().orders;
  return { sellerNick: sellerNicks[String(ctx.shopId)] ?? '', ...rest };
}

export type OrdersRequestName = keyof typeof ordersRequests;

/** 订单: the list, the detail (fetches the platform's details when opened), backfill, status for the status bar. */
export function ordersHandlers(ctx: CoreContext, orders: OrdersModule, sending: Pick<SendingModule, 'sendsForOrder'>): Pick<Handlers, OrdersRequestName> {
  return {
    'orders.list': (query) => orders.list(query),
    'orders.get': async (input) => ({ ...(await orders.detail(input.tid, { refresh: input.refresh })), messages: sending.sendsForOrder(input.tid) }),
    'orders.sync.start': (input) => orders.startSync({ since: input.since ? (parseBeijingDateTime(input.since) ?? undefined) : undefined, days: input.days }),
    'orders.sync.cancel': () => orders.backfill.cancel(),
    'orders.sync.status': () => orders.backfill.latest(),
    'orders.syncState': () => orders.overview(),
    'orders.settings.get': () => settingsView(ctx),
    'orders.settings.save': (input) => {
      const current = ctx.settings.get().orders;
      const { sellerNick, ...rest } = input;
      const sellerNicks = { ...current.sellerNicks };
      if (sellerNick !== undefined) sellerNicks[String(ctx.shopId)] = sellerNick.trim();
      ctx.settings.update('orders', { ...current, ...rest, sellerNicks });
      return settingsView(ctx);
    },
  };
}
