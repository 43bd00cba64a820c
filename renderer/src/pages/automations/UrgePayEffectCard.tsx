import { Card, Col, Row, Segmented, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../query';

const PERIODS = [7, 15, 29] as const;

/** 催付 effect: 催付数, 响应数 (paid within 24 h after it), 响应率, 响应金额. */
export function UrgePayEffectCard() {
  const { t } = useTranslation();
  const [days, setDays] = useState<number>(7);
  const effect = useApiQuery('automations.effect', { days }, { placeholderData: (previous) => previous });
  const data = effect.data;
  return (
    <Card
      size="small"
      title={t('automations.effect.title')}
      extra={
        <Segmented<number>
          size="small"
          value={days}
          options={PERIODS.map((d) => ({ value: d, label: t('automations.effect.days', { count: d }) }))}
          onChange={setDays}
        />
      }
      data-testid="auto-effect"
    >
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Statistic title={t('automations.effect.urged')} value={data?.urged ?? 0} loading={effect.isLoading} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('automations.effect.responded')} value={data?.responded ?? 0} loading={effect.isLoading} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('automations.effect.rate')}
            value={data && data.urged > 0 ? `${(data.rate * 100).toFixed(1)}%` : '—'}
            loading={effect.isLoading}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('automations.effect.amount')} value={data ? `¥${data.amount}` : '—'} loading={effect.isLoading} />
        </Col>
      </Row>
      <Typography.Text type="secondary">{t('automations.effect.help')}</Typography.Text>
    </Card>
  );
}
