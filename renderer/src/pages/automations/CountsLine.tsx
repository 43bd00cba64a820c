import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { SKIP_REASONS, type AutomationCounts } from '../../../../shared/automations/contract';

/** "今天 触发 12 · 已发送 9 · 未发送 3（已付款 2、超过每位买家每日条数上限 1）" */
export function CountsLine({ label, counts, testId }: { label: string; counts: AutomationCounts; testId: string }) {
  const { t } = useTranslation();
  const reasons = SKIP_REASONS.filter((r) => (counts.skippedBy[r] ?? 0) > 0).map((r) => `${t(`automations.reasons.${r}`)} ${counts.skippedBy[r]}`);
  return (
    <div data-testid={testId}>
      <Typography.Text strong>{label}</Typography.Text>{' '}
      <Typography.Text>
        {t('automations.card.triggered')} {counts.triggered} · {t('automations.card.sent')} {counts.sent} · {t('automations.card.skipped')} {counts.skipped}
      </Typography.Text>
      {reasons.length > 0 && <Typography.Text type="secondary">（{reasons.join('、')}）</Typography.Text>}
    </div>
  );
}
