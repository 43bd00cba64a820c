import { CopyOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplyMessage, SentMessage, ThreadMessage } from '../../../../shared/inbox/contract';
import { previewText } from '../../../../shared/inbox/text';
import { parseRecipientKey } from '../../../../shared/orders/fields';
import { errorText } from '../../context';
import { formatTime, useRecipientText } from '../../format';
import { useApiMutation, useApiQuery } from '../../query';
import { InertText } from './InertText';
import { SendTemplateModal } from './SendTemplateModal';

const STATE_COLOR = { sending: 'processing', submitted: 'blue', delivered: 'green', failed: 'red', unconfirmed: 'orange' } as const;
const OPT_OUT_COLOR = { certain: 'red', likely: 'orange', confirmed: 'red', dismissed: 'default', none: 'default' } as const;

/** One conversation: what we sent and what the buyer replied, newest at the bottom; opening it marks it read. */
export function ThreadView({ phone }: { phone: string }) {
  const { t } = useTranslation();
  const recipientText = useRecipientText();
  const byNumber = parseRecipientKey(phone).kind === 'phone';
  const { message, modal } = App.useApp();
  const [limit, setLimit] = useState(200);
  const [sending, setSending] = useState(false);
  const thread = useApiQuery('inbox.thread', { phone, limit });
  const markRead = useApiMutation('inbox.markRead', { invalidates: ['inbox.threads', 'inbox.thread'] });
  const block = useApiMutation('inbox.block', { invalidates: ['inbox.threads', 'inbox.thread'] });
  const decide = useApiMutation('inbox.decideOptOut', { invalidates: ['inbox.threads', 'inbox.thread'] });
  const view = thread.data;
  const unread = view?.unread ?? 0;
  const newestReply = view?.messages.find((m) => m.kind === 'reply')?.id ?? null;
  // Opening the thread, or a new reply arriving while it is open, marks it read; 标为未读 sticks until the next reply.
  const keptUnread = useRef<number | null>(null);
  useEffect(() => {
    if (unread > 0 && newestReply !== null && keptUnread.current !== newestReply) markRead.mutate({ phone, read: true });
    // markRead is a stable mutation object; only the thread, its newest reply or its unread count matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [phone, newestReply, unread]);

  if (!view) return <Spin style={{ margin: 48 }} />;
  const likely = view.likelyOptOutReplyId
    ? (view.messages.find((m) => m.kind === 'reply' && m.id === view.likelyOptOutReplyId) as ReplyMessage | undefined)
    : undefined;
  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };
  const confirmBlock = (blocked: boolean) => {
    modal.confirm({
      title: t(blocked ? 'inbox.actions.blockConfirmTitle' : 'inbox.actions.unblockConfirmTitle', { phone }),
      content: t(blocked ? 'inbox.actions.blockConfirmBody' : 'inbox.actions.unblockConfirmBody'),
      okButtonProps: { danger: blocked, id: 'block-confirm-ok' },
      onOk: () => run(() => block.mutateAsync({ phone, blocked, confirm: true })),
    });
  };

  return (
    <div className="inbox-thread" data-testid="inbox-thread">
      <div className="inbox-thread-header">
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Title level={5} style={{ margin: 0 }} data-testid="thread-phone">
            <bdi>{recipientText(phone)}</bdi>
          </Typography.Title>
          <Space wrap size="small">
            {unread > 0 ? (
              <Button
                size="small"
                onClick={() => {
                  keptUnread.current = null;
                  void run(() => markRead.mutateAsync({ phone, read: true }));
                }}
                data-testid="mark-read"
              >
                {t('inbox.actions.markRead')}
              </Button>
            ) : (
              <Button
                size="small"
                onClick={() => {
                  keptUnread.current = newestReply;
                  void run(() => markRead.mutateAsync({ phone, read: false }));
                }}
                data-testid="mark-unread"
              >
                {t('inbox.actions.markUnread')}
              </Button>
            )}
            {/* An order's thread (a buyer reached by OAID) has no number to copy, block or write to. */}
            {byNumber && (
              <>
                <Button
                  size="small"
                  icon={<CopyOutlined />}
                  onClick={() =>
                    void run(async () => {
                      await navigator.clipboard.writeText(phone);
                      void message.success(t('inbox.actions.copied'));
                    })
                  }
                  data-testid="copy-phone"
                >
                  {t('inbox.actions.copy')}
                </Button>
                {view.blocked?.reason === 'block' ? (
                  <Button size="small" onClick={() => confirmBlock(false)} data-testid="unblock">
                    {t('inbox.actions.unblock')}
                  </Button>
                ) : (
                  <Button size="small" danger icon={<StopOutlined />} onClick={() => confirmBlock(true)} data-testid="block">
                    {t('inbox.actions.block')}
                  </Button>
                )}
                <Button
                  size="small"
                  type="primary"
                  icon={<SendOutlined />}
                  disabled={view.blocked?.reason === 'block'}
                  onClick={() => setSending(true)}
                  data-testid="send-template"
                >
                  {t('inbox.actions.sendTemplate')}
                </Button>
              </>
            )}
          </Space>
        </Space>
        {view.blocked && (
          <Alert
            style={{ marginTop: 8 }}
            type="warning"
            showIcon
            data-testid="blocked-banner"
            data-reason={view.blocked.reason}
            message={t(`inbox.listBanner.${view.blocked.reason}`, {
              source: t(`inbox.sources.${view.blocked.source}`),
              time: formatTime(view.blocked.createdAt),
            })}
          />
        )}
        {likely && (
          <Alert
            style={{ marginTop: 8 }}
            type="info"
            showIcon
            data-testid="likely-banner"
            message={t('inbox.likelyBanner', { text: previewText(likely.text, 40) })}
            action={
              <Space>
                <Button
                  size="small"
                  danger
                  onClick={() => void run(() => decide.mutateAsync({ replyId: likely.id, optOut: true }))}
                  data-testid="confirm-optout"
                >
                  {t('inbox.confirmOptOut')}
                </Button>
                <Button size="small" onClick={() => void run(() => decide.mutateAsync({ replyId: likely.id, optOut: false }))} data-testid="dismiss-optout">
                  {t('inbox.dismissOptOut')}
                </Button>
              </Space>
            }
          />
        )}
      </div>
      <div className="inbox-messages" data-testid="inbox-messages">
        {view.messages.length === 0 && <Empty />}
        {view.messages.map((m) => (
          <Bubble key={`${m.kind}-${m.id}`} message={m} />
        ))}
        {view.hasMore && (
          <Button type="link" onClick={() => setLimit((l) => Math.min(1000, l + 200))} style={{ alignSelf: 'center' }}>
            {t('inbox.message.more')}
          </Button>
        )}
      </div>
      <SendTemplateModal phone={phone} open={sending} onClose={() => setSending(false)} />
    </div>
  );
}

function Bubble({ message }: { message: ThreadMessage }) {
  const { t } = useTranslation();
  if (message.kind === 'sent') return <SentBubble message={message} />;
  return (
    <div className="inbox-bubble reply" data-testid="bubble-reply">
      <div className="inbox-bubble-meta">
        <span>{t('inbox.message.reply')}</span>
        <span>{formatTime(message.at)}</span>
        {message.optOut !== 'none' && <Tag color={OPT_OUT_COLOR[message.optOut]}>{t(`inbox.message.optOut.${message.optOut}`)}</Tag>}
      </div>
      <InertText text={message.text} testId="reply-text" />
      {message.unlinkedNote && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="reply-unlinked">
          {t('inbox.message.unlinked', { note: message.unlinkedNote })}
        </Typography.Text>
      )}
    </div>
  );
}

function SentBubble({ message }: { message: SentMessage }) {
  const { t } = useTranslation();
  return (
    <div className="inbox-bubble sent" data-testid="bubble-sent">
      <div className="inbox-bubble-meta">
        <span>{t('inbox.message.sent')}</span>
        <span>{formatTime(message.at)}</span>
        <Tag color={STATE_COLOR[message.state]}>
          {t(`inbox.message.state.${message.state}`)}
          {message.errCode ? ` ${message.errCode}` : ''}
        </Tag>
        {message.campaignName && <span>{t('inbox.message.campaign', { name: message.campaignName })}</span>}
      </div>
      <InertText text={message.text} collapse={null} testId="sent-text" />
    </div>
  );
}
