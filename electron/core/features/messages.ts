import type { CoreContext } from '../context';
import type { Handlers } from '../dispatch';
import { createMessageService } from '../mq/service';

type MessageRequests = 'setup.testMq' | 'messages.deliveries.list' | 'messages.replies.list' | 'messages.quarantine.list';

/** Delivery reports and replies from RocketMQ: starts the background pollers and serves their tables. */
export function messageHandlers(ctx: CoreContext): Pick<Handlers, MessageRequests> {
  const service = createMessageService(ctx);
  service.start();
  return {
    'setup.testMq': (input) => service.testConnection(input),
    'messages.deliveries.list': (query) => service.store.listReports(query),
    'messages.replies.list': (query) => service.store.listReplies(query),
    'messages.quarantine.list': (query) => service.store.listQuarantine(query),
  };
}
