import { Badge, Button, Space, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppStatus } from '../../../shared/contract';
import { useApi, useEvent } from '../context';

const NETWORK_BADGE = { unknown: 'default', online: 'success', offline: 'error' } as const;
const POLLER_BADGE = { stopped: 'default', disabled: 'default', connecting: 'processing', polling: 'success', backoff: 'warning' } as const;

/** `lockable`: only a passphrase vault can be locked (the OS keychain one is always open). */
export function StatusBar({ lockable }: { lockable: boolean }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<AppStatus>();

  useEffect(() => {
    void api.call('app.status').then(setStatus);
  }, [api]);
  useEvent('status.changed', useCallback((next: AppStatus) => setStatus(next), []));

  if (!status) return null;
  const { poller } = status;
  // Core writes its reasons in Chinese (more specific); other languages get the localised reason by code.
  const reason = poller.reasonCode && i18n.language !== 'zh-CN' ? t(`status.reasons.${poller.reasonCode}`, { defaultValue: poller.reason ?? '' }) : poller.reason;
  const pollerText = reason ? t('common.labelled', { label: t(`status.poller.${poller.state}`), value: reason }) : t(`status.poller.${poller.state}`);
  return (
    <div role="status" data-testid="status-bar" style={{ borderTop: '1px solid #f0f0f0', padding: '6px 16px', background: '#fafafa', fontSize: 12 }}>
      <Space size="large" wrap>
        <span data-testid="status-network">
          <Badge status={NETWORK_BADGE[status.network]} /> {t('common.labelled', { label: t('status.network.label'), value: t(`status.network.${status.network}`) })}
        </span>
        <Tooltip title={t('status.poller.counters', { received: poller.received, acked: poller.acked, quarantined: poller.quarantined })}>
          <span data-testid="status-poller">
            <Badge status={POLLER_BADGE[poller.state]} /> {t('common.labelled', { label: t('status.poller.label'), value: pollerText })}
          </span>
        </Tooltip>
        {poller.lastMessageAt && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('common.labelled', { label: t('status.poller.lastMessage'), value: new Date(poller.lastMessageAt).toLocaleString() })}
          </Typography.Text>
        )}
        <span data-testid="status-vault">
          {t('common.labelled', { label: t('status.vault.label'), value: t(`status.vault.${status.vault}`) })}
        </span>
        {lockable && status.vault === 'unlocked' && (
          <Button size="small" type="link" onClick={() => void api.call('vault.lock')} data-testid="lock-vault">
            {t('status.lock')}
          </Button>
        )}
      </Space>
    </div>
  );
}
