import { Badge, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { syncLine, type SyncTone } from '../pages/orders/sync-words';
import { useOrdersSyncState } from '../pages/orders/useOrdersSyncState';
import { navigate } from '../routing/routes';

export const SYNC_BADGE: Record<SyncTone, 'error' | 'processing' | 'warning' | 'success' | 'default'> = {
  blocked: 'error',
  running: 'processing',
  gap: 'warning',
  ok: 'success',
  none: 'default',
};

/** The status bar's order line (blocked / syncing / gap / last event), a link to 订单. */
export function OrdersSyncStatus() {
  const { t } = useTranslation();
  const state = useOrdersSyncState();
  if (!state.data) return null;
  const line = syncLine(t, state.data, 'bar');
  return (
    <Tooltip title={t('orders.bar.open')}>
      <Typography.Link
        onClick={() => navigate('orders')}
        style={{ fontSize: 12, flexShrink: 0, color: 'inherit' }}
        data-testid="status-orders"
        data-tone={line.tone}
      >
        <Badge status={SYNC_BADGE[line.tone]} /> {t('common.labelled', { label: t('orders.bar.label'), value: line.text })}
      </Typography.Link>
    </Tooltip>
  );
}
