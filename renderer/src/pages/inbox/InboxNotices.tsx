import { App, Badge, Typography } from 'antd';
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplyReceivedEvent } from '../../../../shared/messages/contract';
import { inDailyWindow, maskPhone, replyNotification } from '../../../../shared/inbox/notify';
import { previewText } from '../../../../shared/inbox/text';
import type { Navigate } from '../../routing/routes';
import { useEvent } from '../../context';
import { useApiQuery } from '../../query';
import { UNREAD_THREADS } from './unread-route';

const GROUP_MS = 1_000;
const NOTICE_KEY = 'inbox-reply';

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
  const burst = useRef<{ replies: Array<{ phone: string; content: string }>; at: number; web: Notification | null; open: boolean; count: number }>({
    replies: [],
    at: 0,
    web: null,
    open: false,
    count: 0,
  });

  const total = unread.data?.total ?? 0;
  const unreadTotal = useRef(total);
  useEffect(() => {
    unreadTotal.current = total;
  }, [total]);
  useEffect(() => {
    document.title = total > 0 ? t('inbox.windowTitle', { count: total }) : t('inbox.appTitle');
  }, [total, t]);

  useEvent(
    'inbox.openThread',
    useCallback(({ phone }) => navigate('inbox', phone ?? UNREAD_THREADS), [navigate]),
  );

  // The in-page notice: one slot, grouped per burst, titled with the live unread count; a click or reading
  // everything closes it. Replies the core marks notify: false (拉黑 numbers, the opt-out itself) show nothing.
  const show = useCallback(
    (count: number) => {
      const b = burst.current;
      const last = b.replies.at(-1);
      if (!last) return;
      const mask = settings.data?.notificationPhoneMask ?? 'middle';
      const phones = new Set(b.replies.map((r) => r.phone));
      const onePhone = phones.size === 1 ? last.phone : null;
      const shown = maskPhone(last.phone, mask);
      const single = b.replies.length === 1;
      const close = () => {
        notification.destroy(NOTICE_KEY);
        b.open = false;
        b.replies = [];
      };
      b.open = true;
      b.count = single ? 0 : Math.max(count, b.replies.length);
      notification.info({
        key: NOTICE_KEY,
        message: single ? (shown ? t('inbox.notice.title', { phone: shown }) : t('inbox.notice.titleMasked')) : t('inbox.notice.grouped', { count: b.count }),
        // Plain text from shared/inbox/text (React renders it as a text node). The last line says where a click leads:
        // replies from one number open its thread, replies from several the inbox filtered to 未读.
        description: (
          <>
            {single || onePhone
              ? `${!single && shown ? `${shown}：` : ''}${previewText(last.content, 120)}`
              : t('inbox.notice.fromMany', { phones: phones.size, text: previewText(last.content, 60) })}
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }} data-testid="inbox-notice-action">
              {onePhone ? t('inbox.notice.openThread') : t('inbox.notice.openUnread')}
            </Typography.Text>
          </>
        ),
        onClick: () => {
          close();
          navigate('inbox', onePhone ?? UNREAD_THREADS);
        },
        onClose: () => {
          b.open = false;
          b.replies = [];
        },
        placement: 'bottomRight',
        duration: 8,
        props: { 'data-testid': 'inbox-notice', 'data-count': b.count } as object,
      });
    },
    [navigate, notification, settings.data, t],
  );

  useEffect(() => {
    const b = burst.current;
    if (total === 0) {
      if (b.open) notification.destroy(NOTICE_KEY);
      b.open = false;
      b.replies = [];
      b.web?.close();
      b.web = null;
    } else if (b.open && b.count && b.count !== Math.max(total, b.replies.length)) show(total);
  }, [total, notification, show]);

  useEvent(
    'reply.received',
    useCallback(
      ({ reply, notify }: ReplyReceivedEvent) => {
        if (!notify) return;
        const now = Date.now();
        const b = burst.current;
        if (now - b.at > GROUP_MS && !b.open) b.replies = [];
        b.at = now;
        b.replies.push({ phone: reply.phone, content: reply.content });
        show(unreadTotal.current);
        const web =
          settings.data?.webNotifications && info.data?.host === 'browser' && typeof Notification !== 'undefined' && Notification.permission === 'granted';
        if (!web || inDailyWindow(settings.data?.doNotDisturb ?? null, new Date(now))) return;
        const mask = settings.data?.notificationPhoneMask ?? 'middle';
        const grouped = replyNotification(b.replies, mask, unreadTotal.current);
        b.web?.close();
        const n = new Notification(grouped.title, { body: grouped.body, tag: 'jst-reply' });
        n.onclick = () => {
          window.focus();
          navigate('inbox', grouped.phone ?? UNREAD_THREADS);
          n.close();
          notification.destroy(NOTICE_KEY);
          b.open = false;
          b.replies = [];
        };
        b.web = n;
      },
      [navigate, notification, settings.data, info.data, show],
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
