import { useTranslation } from 'react-i18next';
import type { CampaignCounts } from '../../../../shared/sending/contract';
import type { DeliveryCounts } from '../../../../shared/history/rate';

export interface DeliveryFigure {
  key: 'sent' | 'delivered' | 'failed' | 'pending' | 'unknown' | 'rejected' | 'unconfirmed';
  value: number;
  label: string;
}

/**
 * A campaign's figures in 发送记录's words (已提交 · 已送达 · 失败 · 等待回执), from the same delivery counts; 未知, 平台拒收 and
 * 未确认 only when there are any. "已提交" never stands for "delivered".
 */
export function useDeliveryFigures() {
  const { t } = useTranslation();
  return (delivery: DeliveryCounts, counts: Pick<CampaignCounts, 'rejected' | 'unconfirmed'>): DeliveryFigure[] => {
    const figures: DeliveryFigure[] = [
      { key: 'sent', value: delivery.sent, label: t('history.list.sent') },
      { key: 'delivered', value: delivery.delivered, label: t('history.delivery.delivered') },
      { key: 'failed', value: delivery.failed, label: t('history.delivery.failed') },
      { key: 'pending', value: delivery.pending, label: t('history.delivery.pending') },
      { key: 'unknown', value: delivery.unknown, label: t('history.delivery.unknown') },
      { key: 'rejected', value: counts.rejected, label: t('sending.counts.rejected') },
      { key: 'unconfirmed', value: counts.unconfirmed, label: t('sending.counts.unconfirmed') },
    ];
    return figures.filter((f) => f.value > 0 || f.key === 'sent' || f.key === 'delivered' || f.key === 'failed' || f.key === 'pending');
  };
}

/** One line for the 发送 list. */
export function DeliveryLine({ delivery, counts }: { delivery: DeliveryCounts; counts: Pick<CampaignCounts, 'rejected' | 'unconfirmed'> }) {
  const figures = useDeliveryFigures()(delivery, counts);
  return (
    <span className="jst-muted" data-testid="delivery-line">
      {figures.map((f, i) => (
        <span key={f.key}>
          {i > 0 && ' · '}
          {/* One figure never breaks inside; the line wraps between figures in a narrow column. */}
          <span data-testid={`delivery-${f.key}`} data-value={f.value} style={{ whiteSpace: 'nowrap' }}>
            {f.label} {f.value.toLocaleString()}
          </span>
        </span>
      ))}
    </span>
  );
}
