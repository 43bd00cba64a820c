import type * as ElectronModule from 'electron';
import type { EventPayload } from '../../shared/contract';
import type { Core } from '../core/app-core';
import { createReplyNotifier, type ReplyNotifierSettings } from './notifications';
import type { ReplyReceivedEvent } from '../../shared/messages/contract';

const SETTINGS_TTL_MS = 500;

export const APP_TITLE = '聚石塔短信助手';

/** Tray tooltip with the unread count. */
export function trayToolTip(unread: number): string {
  return unread > 0 ? `${APP_TITLE} — ${unread} 条未读回复` : APP_TITLE;
}

/**
 * New replies get the seller's attention from main: a grouped desktop notification (works with the window closed
 * to the tray; click → window + thread), the unread count on the tray tooltip and the dock / taskbar badge.
 */
export function attachInboxAttention(deps: {
  electron: Pick<typeof ElectronModule, 'app' | 'Notification'>;
  core: Core;
  window: ElectronModule.BrowserWindow;
  tray: ElectronModule.Tray;
  showWindow(): void;
  platform: NodeJS.Platform;
}): () => void {
  const { electron, core, window, tray } = deps;
  let settings: { at: number; value: ReplyNotifierSettings } | null = null;
  const notifier = createReplyNotifier({
    Notification: electron.Notification,
    platform: deps.platform,
    // Read from disk and parsed on each get(): a burst of replies reads them once.
    settings: () => {
      const now = core.ctx.clock.now();
      if (!settings || now - settings.at > SETTINGS_TTL_MS) {
        const s = core.ctx.settings.get();
        settings = { at: now, value: { enabled: s.preferences.notifyReplies, mask: s.inbox.notificationPhoneMask, doNotDisturb: s.inbox.doNotDisturb } };
      }
      return settings.value;
    },
    isFocused: () => !window.isDestroyed() && window.isVisible() && window.isFocused(),
    onOpen: (phone) => {
      deps.showWindow();
      core.events.emit('inbox.openThread', { phone });
    },
  });
  const showUnread = ({ total }: EventPayload<'inbox.unread'>) => {
    tray.setToolTip(trayToolTip(total));
    // Supported on macOS and Linux (Unity launchers); elsewhere it returns false and changes nothing.
    electron.app.setBadgeCount(total);
    notifier.setUnread(total);
  };
  const unsubscribe = core.events.subscribe((name, payload) => {
    if (name === 'settings.changed' || name === 'inbox.settingsChanged') settings = null;
    else if (name === 'reply.received') {
      const event = payload as ReplyReceivedEvent;
      if (event.notify) notifier.add(event.reply);
    } else if (name === 'inbox.unread') showUnread(payload as EventPayload<'inbox.unread'>);
  });
  void core.dispatch('inbox.unread', {}).then((answer) => {
    if (answer.ok) showUnread(answer.result as EventPayload<'inbox.unread'>);
  });
  return () => {
    unsubscribe();
    notifier.dispose();
  };
}
