import type { CoreContext } from '../context';
import type { Handlers } from '../dispatch';
import type { MessageService } from '../mq/service';
import { legacyMqOrigin, mqOrigin } from './settings';

type MessageRequests = 'setup.testMq' | 'messages.deliveries.list' | 'messages.replies.list' | 'messages.quarantine.list';

/** Delivery reports and replies from RocketMQ: the pollers' connection test and their tables. */
export function messageHandlers(ctx: CoreContext, service: MessageService): Pick<Handlers, MessageRequests> {
  return {
    'setup.testMq': (input) => {
      // Another endpoint than the saved one gets the stored AccessKey pair only if this request re-enters it.
      if (input.endpoint !== undefined && ctx.vault.isUnlocked()) {
        const saved = ctx.settings.get().mq.endpoint;
        const supplied = { 'mq.accessKeyId': input.accessKeyId, 'mq.accessKeySecret': input.accessKeySecret };
        ctx.vault.assertOriginAllowed('mq', mqOrigin(input.endpoint), supplied, legacyMqOrigin(saved));
      }
      return service.testConnection(input);
    },
    'messages.deliveries.list': (query) => service.store.listReports(query),
    'messages.replies.list': (query) => service.store.listReplies(query),
    'messages.quarantine.list': (query) => service.store.listQuarantine(query),
  };
}
