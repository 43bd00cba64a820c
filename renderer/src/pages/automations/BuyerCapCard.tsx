import { App, Card, InputNumber, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { BUYER_CAP_LIMITS } from '../../../../shared/automations/contract';
import { errorText } from '../../context';
import { useApiMutation, useApiQuery } from '../../query';

/** Shop-wide: SMS per buyer per Beijing day across every automation (the "capped" reason). */
export function BuyerCapCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useApiQuery('automations.settings.get');
  const save = useApiMutation('automations.settings.save', { invalidates: ['automations.settings.get', 'automations.enableCheck'] });
  return (
    <Card size="small" data-testid="auto-buyer-cap">
      <Space wrap>
        <Typography.Text strong>{t('automations.cap.label')}</Typography.Text>
        <InputNumber
          min={BUYER_CAP_LIMITS.min}
          max={BUYER_CAP_LIMITS.max}
          precision={0}
          value={settings.data?.buyerDailyCap}
          disabled={!settings.data || save.isPending}
          suffix={t('automations.cap.unit')}
          style={{ width: 110 }}
          onChange={(buyerDailyCap) => {
            if (buyerDailyCap === null || buyerDailyCap === settings.data?.buyerDailyCap) return;
            save.mutateAsync({ buyerDailyCap }).catch((error: unknown) => void message.error(errorText(t, error)));
          }}
        />
        <Typography.Text type="secondary">{t('automations.cap.help')}</Typography.Text>
      </Space>
    </Card>
  );
}
