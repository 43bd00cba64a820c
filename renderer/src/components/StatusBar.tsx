import { Badge, Button, Tooltip, Typography, App } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../format';
import { useApi, errorText } from '../context';
import { useAppStatusQuery } from '../query';
import { OrdersSyncStatus } from './OrdersSyncStatus';

const NETWORK_BADGE = { unknown: 'default', online: 'success', rejected: 'warning', offline: 'error' } as const;
const BAR_STYLE = { borderTop: '1px solid #f0f0f0', padding: '6px 16px', background: '#fafafa', fontSize: 12, whiteSpace: 'nowrap' } as const;
const POLLER_BADGE = { stopped: 'default', disabled: 'default', connecting: 'processing', polling: 'success', backoff: 'warning' } as const;

/** `lockable`: only a passphrase vault can be locked (the OS keychain one is always open). */
export function StatusBar({ lockable }: { lockable: boolean }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const statusQuery = useAppStatusQuery();
  const status = statusQuery.data;
  const loadError = statusQuery.error ? errorText(t, statusQuery.error) : undefined;
  const load = () => void statusQuery.refetch();

  if (!status) {
    if (!loadError) return null;
    return (
      <div role="status" data-testid="status-bar" style={BAR_STYLE}>
        <Typography.Text type="danger">{t('common.labelled', { label: t('common.loadFailed'), value: loadError })}</Typography.Text>{' '}
        <Button size="small" type="link" style={{ padding: 0 }} onClick={load}>
          {t('common.retry')}
        </Button>
      </div>
    );
  }
  const { poller } = status;
  // Core writes its reasons in Chinese (more specific); other languages get the localised reason by code.
  const reason =
    poller.reasonCode && i18n.language !== 'zh-CN' ? t(`status.reasons.${poller.reasonCode}`, { defaultValue: poller.reason ?? '' }) : poller.reason;
  // The MQ keys are encrypted by the passphrase: while locked nothing is received, and the bar says so plainly.
  const pollerText =
    status.vault === 'locked'
      ? t('inbox.lockedPaused')
      : reason
        ? t('common.labelled', { label: t(`status.poller.${poller.state}`), value: reason })
        : t(`status.poller.${poller.state}`);
  return (
    // One line at any width: the long poller reason gives way (ellipsis, full text in its tooltip), the rest stays whole.
    <div role="status" data-testid="status-bar" style={BAR_STYLE}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 24, minWidth: 0 }}>
        <span data-testid="status-network" style={{ flexShrink: 0 }}>
          <Badge status={NETWORK_BADGE[status.network]} />{' '}
          {t('common.labelled', { label: t('status.network.label'), value: t(`status.network.${status.network}`) })}
        </span>
        <Tooltip
          title={
            <>
              <div>{t('common.labelled', { label: t('status.poller.label'), value: pollerText })}</div>
              <div>{t('status.poller.counters', { received: poller.received, acked: poller.acked, quarantined: poller.quarantined })}</div>
            </>
          }
        >
          <span data-testid="status-poller" style={{ flex: '0 1 auto', minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' }}>
            <Badge status={POLLER_BADGE[poller.state]} /> {t('common.labelled', { label: t('status.poller.label'), value: pollerText })}
          </span>
        </Tooltip>
        {poller.lastMessageAt && (
          <Typography.Text type="secondary" style={{ fontSize: 12, flexShrink: 0 }}>
            {t('common.labelled', { label: t('status.poller.lastMessage'), value: formatTime(poller.lastMessageAt, undefined, true, true) })}
          </Typography.Text>
        )}
        <OrdersSyncStatus />
        <span data-testid="status-vault" style={{ flexShrink: 0 }}>
          {t('common.labelled', { label: t('status.vault.label'), value: t(`status.vault.${status.vault}`) })}
        </span>
        {lockable && status.vault === 'unlocked' && (
          <Button
            size="small"
            type="link"
            style={{ flexShrink: 0, padding: 0 }}
            onClick={() => {
              api.call('vault.lock').catch((error: unknown) => void message.error(errorText(t, error)));
            }}
            data-testid="lock-vault"
          >
            {t('status.lock')}
          </Button>
        )}
      </div>
    </div>
  );
}
