import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, InputNumber, Select, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EFFECT_MIN_CONVERSIONS } from '../../../../shared/audiences/contract';
import { beijingDayKey } from '../../../../shared/time/beijing';
import { errorText } from '../../context';
import { saveFilePayload } from '../../files';
import { useApiMutation, useApiQuery } from '../../query';
import { EffectTables } from './EffectTables';

const EffectChart = lazy(() => import('./EffectChart'));

/** 费用与效果: prices, the balance, then spend and the orders sends brought per campaign / kind / month / template (chart, CSV/XLSX). */
export function CostsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useApiQuery('costs.get');
  const [month, setMonth] = useState<string | null>(beijingDayKey(Date.now()).slice(0, 7));
  const report = useApiQuery('effect.report', month ? { month } : {}, { placeholderData: (previous) => previous });
  const allTime = useApiQuery('costs.spend', {});
  const save = useApiMutation('costs.save', { invalidates: ['costs.get', 'costs.spend', 'effect.report'] });
  const setBalance = useApiMutation('costs.setBalance', { invalidates: ['costs.get'] });
  const topUp = useApiMutation('costs.topUp', { invalidates: ['costs.get'] });
  const exportEffect = useApiMutation('effect.export');
  const [prices, setPrices] = useState<{ notification: number | null; marketing: number | null }>({ notification: null, marketing: null });
  const [amount, setAmount] = useState<number | null>(null);
  useEffect(() => {
    if (settings.data) setPrices(settings.data.prices);
  }, [settings.data]);

  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      void message.success(t('costs.saved'));
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };
  const view = settings.data;
  const r = report.data;
  const months = (allTime.data?.byMonth ?? []).map((m) => m.month);
  if (month && !months.includes(month)) months.push(month);

  return (
    <div data-testid="costs-page" style={{ maxWidth: 1280 }}>
      <Typography.Title level={4}>{t('costs.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('costs.subtitle')}</Typography.Paragraph>
      <Space align="start" wrap style={{ marginBottom: 16 }}>
        <Card size="small" title={t('costs.prices')} style={{ width: 420 }}>
          <Space direction="vertical">
            {(['notification', 'marketing'] as const).map((kind) => (
              <Space key={kind}>
                <span style={{ display: 'inline-block', width: 96 }}>{t(`costs.${kind}`)}</span>
                <InputNumber
                  data-testid={`price-${kind}`}
                  min={0}
                  max={10}
                  step={0.001}
                  value={prices[kind]}
                  onChange={(v) => setPrices((p) => ({ ...p, [kind]: typeof v === 'number' ? v : null }))}
                />
                {view?.defaultPrices.includes(kind) && <Tag color="orange">{t('costs.defaultPrice')}</Tag>}
              </Space>
            ))}
            <Checkbox
              checked={view?.countFailedDeliveries ?? true}
              onChange={(e) => void run(() => save.mutateAsync({ countFailedDeliveries: e.target.checked }))}
              title={t('costs.countFailedHelp')}
            >
              {t('costs.countFailed')}
            </Checkbox>
            <Typography.Text type="secondary">{t('costs.countFailedHelp')}</Typography.Text>
            <Button
              type="primary"
              data-testid="save-prices"
              onClick={() =>
                void run(() =>
                  save.mutateAsync({
                    ...(prices.notification !== null ? { notification: prices.notification } : {}),
                    ...(prices.marketing !== null ? { marketing: prices.marketing } : {}),
                  }),
                )
              }
            >
              {t('costs.savePrices')}
            </Button>
          </Space>
        </Card>
        <Card size="small" title={t('costs.balance')} style={{ width: 420 }}>
          <Space direction="vertical">
            <Typography.Text strong data-testid="balance">
              {view?.balance.yuan === null || !view
                ? t('costs.balanceUnset')
                : t('costs.balanceValue', { yuan: view.balance.yuan.toFixed(2), spent: view.balance.spentYuan.toFixed(2) })}
            </Typography.Text>
            <Space>
              <InputNumber
                data-testid="balance-amount"
                min={0}
                max={100_000_000}
                step={1}
                value={amount}
                onChange={(v) => setAmount(typeof v === 'number' ? v : null)}
              />
              <Button
                data-testid="balance-set"
                disabled={amount === null}
                onClick={() => amount !== null && void run(() => setBalance.mutateAsync({ yuan: amount }))}
              >
                {t('costs.setBalance')}
              </Button>
              <Button data-testid="balance-topup" disabled={!amount} onClick={() => amount && void run(() => topUp.mutateAsync({ yuan: amount }))}>
                {t('costs.topUp')}
              </Button>
            </Space>
          </Space>
        </Card>
      </Space>
      <Card
        size="small"
        title={
          <Space wrap>
            <span>{t('costs.effectTitle')}</span>
            <Select
              data-testid="spend-month"
              value={month ?? 'all'}
              onChange={(v) => setMonth(v === 'all' ? null : v)}
              options={[
                { value: 'all', label: t('costs.allTime') },
                ...months
                  .sort()
                  .reverse()
                  .map((m) => ({ value: m, label: m })),
              ]}
              style={{ width: 120 }}
            />
            <Typography.Text strong data-testid="spend-total">
              {r ? t('costs.spend', { segments: r.total.segments, yuan: r.total.cost.toFixed(2) }) : ''}
            </Typography.Text>
          </Space>
        }
        extra={
          <Space wrap>
            <Tooltip title={t('costs.effectDaysHelp')}>
              <span>{t('costs.effectDays')}</span>
            </Tooltip>
            <InputNumber
              data-testid="effect-days"
              min={1}
              max={15}
              precision={0}
              style={{ width: 64 }}
              value={view?.effectDays ?? null}
              onChange={(v) => typeof v === 'number' && v >= 1 && v <= 15 && void run(() => save.mutateAsync({ effectDays: v }))}
            />
            {(['csv', 'xlsx'] as const).map((format) => (
              <Button
                key={format}
                icon={<DownloadOutlined />}
                data-testid={`effect-export-${format}`}
                onClick={() =>
                  void exportEffect.mutateAsync({ ...(month ? { month } : {}), format }).then(saveFilePayload, (error) => message.error(errorText(t, error)))
                }
              >
                {t(format === 'csv' ? 'costs.exportCsv' : 'costs.exportXlsx')}
              </Button>
            ))}
          </Space>
        }
      >
        {report.isError && <Alert type="error" showIcon message={errorText(t, report.error)} style={{ marginBottom: 12 }} />}
        <Alert
          type="info"
          data-testid="effect-rules"
          style={{ marginBottom: 12 }}
          message={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              <li>{t('costs.rules.window', { days: r?.days ?? view?.effectDays ?? 3 })}</li>
              <li>{t('costs.rules.oneSend')}</li>
              <li>{t('costs.rules.phones')}</li>
              <li>{t('costs.rules.control', { min: EFFECT_MIN_CONVERSIONS })}</li>
              <li>{t((r?.countFailedDeliveries ?? view?.countFailedDeliveries ?? true) ? 'costs.rules.failedCounted' : 'costs.rules.failedNotCounted')}</li>
            </ul>
          }
        />
        {r && r.series.some((p) => p.cost || p.amount) && (
          <Suspense fallback={<Skeleton active paragraph={{ rows: 4 }} />}>
            <EffectChart points={r.series} byDay={r.month !== null} />
          </Suspense>
        )}
        <EffectTables report={r} />
      </Card>
    </div>
  );
}
