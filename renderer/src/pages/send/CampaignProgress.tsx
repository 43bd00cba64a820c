import { Progress, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CampaignCounts, CampaignState, CampaignView } from '../../../../shared/sending/contract';
import { etaParts, shownProgress, toSendCount } from '../../../../shared/sending/summary';
import type { DeliveryCounts } from '../../../../shared/history/rate';
import { useDeliveryFigures } from './DeliveryLine';

/** A remaining time as 约 N 分钟 / about N min. */
export function useEtaText() {
  const { t } = useTranslation();
  return (seconds: number | null) => {
    if (seconds === null) return '';
    const p = etaParts(seconds);
    return p.unit === 'hours' ? t('sending.eta.hours', { h: p.h, m: p.m }) : t(`sending.eta.${p.unit}`, { n: p.n });
  };
}

function barStatus(state: CampaignState): 'active' | 'exception' | 'success' | 'normal' {
  if (state === 'sending') return 'active';
  if (state === 'completed') return 'success';
  if (state === 'missed') return 'exception';
  return 'normal';
}

/** Progress bar + done/total + ETA; `compact` for the list. */
export function CampaignProgress({
  state,
  progress,
  counts,
  compact = false,
}: {
  state: CampaignState;
  progress: CampaignView['progress'];
  counts: CampaignCounts;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const eta = useEtaText();
  const { done } = shownProgress(state, progress, counts);
  const percent = progress.total > 0 ? Math.floor((done / progress.total) * 1000) / 10 : 0;
  const showEta = state === 'sending' && progress.etaSeconds !== null;
  return (
    <div data-testid="campaign-progress" data-done={done} data-total={progress.total}>
      <Progress percent={percent} status={barStatus(state)} size={compact ? 'small' : 'medium'} strokeColor={state === 'paused' ? '#faad14' : undefined} />
      <Space size={12} wrap className="jst-muted">
        <span>{t('sending.progress.done', { done, total: progress.total })}</span>
        {state === 'cancelled' && counts.cancelled > 0 && (
          <span data-testid="campaign-cancelled">{t('sending.progress.cancelled', { count: counts.cancelled })}</span>
        )}
        {showEta && <span data-testid="campaign-eta">{t('sending.progress.eta', { eta: eta(progress.etaSeconds) })}</span>}
        {!compact && counts.unconfirmed > 0 && (
          <Typography.Text type="warning">{t('sending.progress.unconfirmed', { count: counts.unconfirmed })}</Typography.Text>
        )}
      </Space>
    </div>
  );
}

/**
 * Count tiles of a running or finished campaign: the delivery figures (发送记录's words and source), then what is still
 * to send; skipped / cancelled only when there are any.
 */
export function SendCounts({ counts, delivery, progress }: { counts: CampaignCounts; delivery: DeliveryCounts; progress: CampaignView['progress'] }) {
  const { t } = useTranslation();
  const figures = useDeliveryFigures()(delivery, counts);
  const tone: Partial<Record<string, string>> = {
    delivered: '#389e0d',
    failed: delivery.failed ? '#cf1322' : undefined,
    rejected: '#cf1322',
    unconfirmed: '#d48806',
  };
  const tiles: Array<{ key: string; value: number; label: string }> = [
    ...figures.map((f) => ({ key: f.key === 'sent' ? 'submitted' : f.key === 'pending' ? 'awaiting' : f.key, value: f.value, label: f.label })),
    { key: 'pending', value: toSendCount(progress), label: t('sending.counts.pending') },
    { key: 'skipped', value: counts.skipped, label: t('sending.counts.skipped') },
    { key: 'cancelled', value: counts.cancelled, label: t('sending.counts.cancelled') },
  ].filter((tile) => tile.value > 0 || !['skipped', 'cancelled'].includes(tile.key));
  return (
    <div className="jst-send-tiles" data-testid="send-counts">
      {tiles.map((tile) => (
        <div key={tile.key} className="jst-send-tile" data-testid={`count-${tile.key}`} data-value={tile.value}>
          <div className="jst-send-tile-value" style={tone[tile.key] ? { color: tone[tile.key] } : undefined}>
            {tile.value.toLocaleString()}
          </div>
          <div className="jst-send-tile-label">{tile.label}</div>
        </div>
      ))}
    </div>
  );
}
