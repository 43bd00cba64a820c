import { MqPoller } from '../../../electron/core/mq/poller';
import { MessageStore } from '../../../electron/core/mq/store';
import { createOrdersModule, type OrdersModule } from '../../../electron/core/orders';
import { TopClient } from '../../../electron/core/top/client';
import { linkTrades, type LinkTradesOptions } from '../../../electron/sim/link-trades';
import { startMqSimulator, type MqSimulator } from '../../../electron/sim/mq-http';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';
import { createTestContext, simConfig, type TestContext } from '../mq/helpers';

export interface OrdersWorld {
  top: TopGateway;
  mq: MqSimulator;
  t: TestContext;
  orders: OrdersModule;
  client: TopClient;
  /** Stops the MQ link (events from now on are lost, as when retention passed while the PC was off). */
  unlink: () => void;
  /** Consumes everything waiting with the app's poller (persist → hooks → ack). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** TOP gateway with its trade world, linked into the MQ simulator; a core context with the orders module. */
export async function ordersWorld(link: LinkTradesOptions = {}, opts: { files?: boolean } = {}): Promise<OrdersWorld> {
  const [top, mq] = await Promise.all([startTopGateway(), startMqSimulator()]);
  const unlink = linkTrades(top.trades, mq, link);
  const t = await createTestContext(opts);
  const client = new TopClient({ ...top.credentials, gatewayUrl: top.url, qps: 1000, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
  const orders = createOrdersModule(t.ctx, { client: () => client, syncOnStart: false });
  const config = simConfig(mq);
  const log = t.ctx.log.child('mq');
  return {
    top,
    mq,
    t,
    orders,
    client,
    unlink,
    async drain() {
      const poller = new MqPoller(config, config.consumers[0]!, new MessageStore(t.ctx.db, 1), log, {}, { waitSeconds: 1 });
      try {
        await poller.drain();
      } finally {
        await poller.stop();
      }
    },
    async close() {
      unlink();
      await orders.stop();
      client.close();
      await t.close();
      await Promise.all([top.close(), mq.close()]);
    },
  };
}
