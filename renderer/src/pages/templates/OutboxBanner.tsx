import { CloudUploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OutboxItem } from '../../../../shared/templates/contract';
import { errorText, useApi } from '../../context';
import { formatTime, useLang } from '../../format';

/** 待联网提交: what waits for the network, when it is tried next, and a way to cancel each item. */
export function OutboxBanner({ items }: { items: OutboxItem[] }) {
  const api = useApi();
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  if (items.length === 0) return null;

  const cancel = async (id: number) => {
    try {
      const item = await api.call('templates.outbox.cancel', { id });
      void message.info(t('templates.outbox.cancelled', { name: item.label }));
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  return (
    <Alert
      type="warning"
      showIcon
      icon={<CloudUploadOutlined />}
      style={{ marginBottom: 16 }}
      data-testid="outbox-banner"
      title={t('templates.outbox.title', { count: items.length })}
      action={
        <Button
          size="small"
          onClick={() => void api.call('templates.outbox.retryNow').catch((e: unknown) => message.error(errorText(t, e)))}
          data-testid="outbox-retry"
        >
          {t('templates.outbox.retryNow')}
        </Button>
      }
      description={
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          {items.map((item) => (
            <div
              key={item.id}
              data-testid={`outbox-item-${item.id}`}
              style={{ display: 'flex', justifyContent: 'space-between', gap: 12, alignItems: 'center' }}
            >
              <span>
                <Typography.Text strong>{item.label || t('templates.editor.untitled')}</Typography.Text>
                <Typography.Text type="secondary"> · {t(`templates.outbox.kinds.${item.kind.replace('.', '_')}`)}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {' · '}
                  {item.state === 'sending'
                    ? t('templates.outbox.sending')
                    : t('templates.outbox.next', { time: formatTime(item.nextAttemptAt, lang, false), attempts: item.attempts })}
                </Typography.Text>
                {item.lastError && <div className="jst-muted">{item.lastError}</div>}
              </span>
              {item.state === 'queued' && (
                <Button size="small" type="link" onClick={() => void cancel(item.id)} data-testid={`outbox-cancel-${item.id}`}>
                  {t('templates.outbox.cancel')}
                </Button>
              )}
            </div>
          ))}
        </Space>
      }
    />
  );
}
