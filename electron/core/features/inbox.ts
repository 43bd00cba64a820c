import { InboxSettingsSchema } from '../../../shared/settings/schema';
import type { CoreContext } from '../context';
import type { Handlers } from '../dispatch';
import type { InboxService } from '../inbox/service';

type InboxRequests =
  'inbox.threads' | 'inbox.thread' | 'inbox.unread' | 'inbox.markRead' | 'inbox.block' | 'inbox.decideOptOut' | 'inbox.settings' | 'inbox.saveSettings';

/** 收件箱: threads per phone, read state, block, 疑似退订 decisions, inbox settings. */
export function inboxHandlers(ctx: CoreContext, inbox: InboxService): Pick<Handlers, InboxRequests> {
  return {
    'inbox.threads': (query) => inbox.threads(query),
    'inbox.thread': ({ phone, limit }) => inbox.thread(phone, limit),
    'inbox.unread': () => inbox.unread(),
    'inbox.markRead': ({ phone, read }) => inbox.markRead(phone, read),
    'inbox.block': ({ phone, blocked }) => inbox.block(phone, blocked),
    'inbox.decideOptOut': ({ replyId, optOut }) => inbox.decideOptOut(replyId, optOut),
    'inbox.settings': () => ctx.settings.get().inbox,
    'inbox.saveSettings': (input) => {
      const saved = ctx.settings.update('inbox', InboxSettingsSchema.parse(input)).inbox;
      ctx.events.emit('inbox.settingsChanged', saved);
      return saved;
    },
  };
}
