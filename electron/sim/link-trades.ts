// The platform between the two simulators: each trade transition of the TOP simulator's world becomes the TMC message
// Jushita 消息同步 would put into the seller's RocketMQ topic (orders-oaid.md §0, §2).
import type { MqSimulator, TmcFormat } from './mq-http';
import { withStringIds } from './raw-json';
import type { TradeEvent, TradeWorld } from './top-gateway';

export interface LinkTradesOptions {
  /** Body form (default 'raw': MessageTag = topic, body = content JSON). */
  format?: TmcFormat;
  /** 'number' (default): tid/oid/refund_id as bare 19-digit JSON numbers, like the platform; 'string': quoted. */
  ids?: 'number' | 'string';
  /** MessageTag; default the TMC topic; null = none (a raw body then carries `topic`). */
  tag?: string | null;
  /** RocketMQ topic to publish to (default the simulator's first). */
  mqTopic?: string;
  /** Envelope user_id of the seller. */
  userId?: number;
  /** Delays each message, e.g. to imitate 消息同步 lag. Default 0 (published synchronously with the transition). */
  delayMs?: number;
}

/** Publishes every TradeEvent of `world` into `mq`; returns the unlink function. */
export function linkTrades(world: TradeWorld, mq: MqSimulator, o: LinkTradesOptions = {}): () => void {
  const publish = (e: TradeEvent) =>
    mq.publishTmc(e.topic, o.ids === 'string' ? withStringIds(e.content) : e.content, {
      format: o.format,
      tag: o.tag,
      sellerNick: e.sellerNick,
      userId: o.userId,
      pubTime: e.pubTime,
      mqTopic: o.mqTopic,
    });
  const timers = new Set<NodeJS.Timeout>();
  const off = world.onEvent((e) => {
    if (!o.delayMs) return void publish(e);
    const timer = setTimeout(() => {
      timers.delete(timer);
      publish(e);
    }, o.delayMs);
    timer.unref();
    timers.add(timer);
  });
  return () => {
    off();
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };
}
