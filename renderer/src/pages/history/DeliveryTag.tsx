import { Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DeliveryState } from '../../../../shared/history/contract';
import { sellerExplanation } from '../../../../shared/history/report-codes';

const COLOR: Record<DeliveryState, string> = { delivered: 'success', failed: 'error', pending: 'warning', unknown: 'default' };

export function DeliveryTag({ state }: { state: DeliveryState | null }) {
  const { t } = useTranslation();
  if (!state) return null;
  return (
    <Tag color={COLOR[state]} data-testid={`delivery-${state}`}>
      {t(`history.delivery.${state}`)}
    </Tag>
  );
}

/** The raw code always, its plain meaning and action next to it when the table knows it, else “未收录代码”. */
export function ErrCode({ code, withMeaning = false }: { code: string; withMeaning?: boolean }) {
  const { t } = useTranslation();
  if (!code) return null;
  const e = sellerExplanation(code);
  const hint = e ? `${e.text}${e.inferred ? ` ${t('history.detail.familyHint')}` : ''}` : t('history.detail.unlisted');
  return (
    <Tooltip title={hint}>
      <span>
        <Typography.Text code>{code}</Typography.Text>
        {withMeaning && (
          <Typography.Text type="secondary" className="history-code-meaning">
            {hint}
          </Typography.Text>
        )}
      </span>
    </Tooltip>
  );
}
