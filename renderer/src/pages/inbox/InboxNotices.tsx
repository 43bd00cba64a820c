import { App, Badge } from 'antd';
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplyReceivedEvent } from '../../../../shared/contract';
import { inDailyWindow, maskPhone, replyNotification } from '../../../../shared/inbox/notify';
import { previewText } from '../../../../shared/inbox/text';
import type { Navigate } from '../../routing/routes';
import { useEvent } from '../../context';
import { useApiQuery } from '../../query';

const GROUP_MS = 1_000;

/**
 * Mounted once: in-page notice for each reply (grouped per burst), a Web Notification in the browser host when the
 * seller enabled it, the unread count in the window title, and thread opening from desktop notification clicks.
 */
export function InboxNotices({ navigate }: { navigate: Navigate }) {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const info = useApiQuery('app.info');
  const settings = useApiQuery('inbox.settings');
  const unread = useApiQuery('inbox.unread');
  const burst = useRef<{ replies: Array<{ phone: string; content: string }>; at: number; web: Notification | null }>({ replies: [], at: 0, web: null });

  const total = unread.data?.total ?? 0;
  useEffect(() => {
    document.title = total > 0 ? t('inbox.windowTitle', { count: total }) : t('inbox.appTitle');
  }, [total, t]);

  useEvent(
    'inbox.openThread',
    useCallback(({ phone }) => navigate('inbox', phone ?? undefined), [navigate]),
  );

  useEvent(
    'reply.received',
    useCallback(
      ({ reply }: ReplyReceivedEvent) => {
        const now = Date.now();
        const b = burst.current;
        if (now - b.at > GROUP_MS) b.replies = [];
        b.at = now;
        b.replies.push({ phone: reply.phone, content: reply.content });
        const mask = settings.data?.notificationPhoneMask ?? 'middle';
        const grouped = replyNotification(b.replies, mask);
        const open = () => navigate('inbox', grouped.phone ?? undefined);
        const shown = maskPhone(reply.phone, mask);
        notification.info({
          key: 'inbox-reply',
          message: b.replies.length > 1 ? grouped.title : shown ? t('inbox.notice.title', { phone: shown }) : t('inbox.notice.titleMasked'),
          // Plain text from shared/inbox/text (React renders it as a text node).
          description: b.replies.length > 1 ? grouped.body : previewText(reply.content, 120),
          onClick: open,
          placement: 'bottomRight',
          duration: 6,
          props: { 'data-testid': 'inbox-notice' },
        });
        const web =
          settings.data?.webNotifications && info.data?.host === 'browser' && typeof Notification !== 'undefined' && Notification.permission === 'granted';
        if (!web || inDailyWindow(settings.data?.doNotDisturb ?? null, new Date(now))) return;
        b.web?.close();
        const n = new Notification(grouped.title, { body: grouped.body, tag: 'jst-reply' });
        n.onclick = () => {
          window.focus();
          open();
          n.close();
        };
        b.web = n;
      },
      [navigate, notification, settings.data, info.data, t],
    ),
  );
  return null;
}

/** The nav item's label with the unread badge. */
export function InboxNavLabel({ label }: { label: string }) {
  const unread = useApiQuery('inbox.unread');
  return (
    <span data-testid="nav-inbox">
      {label} <Badge count={unread.data?.total ?? 0} size="small" overflowCount={999} style={{ marginInlineStart: 4 }} data-testid="nav-inbox-badge" />
    </span>
  );
}
