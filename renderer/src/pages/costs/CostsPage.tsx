import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SpendReport } from '../../../../shared/costs/contract';
import { beijingDayKey } from '../../../../shared/time/beijing';
import { errorText } from '../../context';
import { saveFilePayload } from '../../files';
import { useApiMutation, useApiQuery } from '../../query';

type CampaignLine = SpendReport['byCampaign'][number];

/** 效果 of one campaign, loaded when its row is expanded. */
function CampaignEffect({ campaignId, days }: { campaignId: number; days: number }) {
  const { t } = useTranslation();
  const effect = useApiQuery('effect.get', { campaignId, days });
  if (effect.isError) return <Typography.Text type="danger">{errorText(t, effect.error)}</Typography.Text>;
  const e = effect.data;
  if (!e) return <Typography.Text type="secondary">…</Typography.Text>;
  if (!e.attributable) return <Typography.Text type="secondary">{t('costs.notAttributable')}</Typography.Text>;
  return (
    <Space direction="vertical" size={2} data-testid={`effect-${campaignId}`}>
      <Typography.Text>
        {t('costs.effect', {
          recipients: e.recipients,
          orders: e.orders,
          buyers: e.buyers,
          amount: e.amount.toFixed(2),
          roi: e.roi ?? '-',
          control: e.control,
          controlOrders: e.controlOrders,
          controlBuyers: e.controlBuyers,
          controlAmount: e.controlAmount.toFixed(2),
        })}
      </Typography.Text>
      <Typography.Text type="secondary">{t('costs.effectNote')}</Typography.Text>
    </Space>
  );
}

/** 费用与效果: prices, the balance, spend per month / template / campaign (CSV), each campaign's effect. */
export function CostsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useApiQuery('costs.get');
  const [month, setMonth] = useState<string | null>(beijingDayKey(Date.now()).slice(0, 7));
  const [days, setDays] = useState(3);
  const spend = useApiQuery('costs.spend', month ? { month } : {}, { placeholderData: (previous) => previous });
  const allTime = useApiQuery('costs.spend', {});
  const save = useApiMutation('costs.save', { invalidates: ['costs.get', 'costs.spend'] });
  const setBalance = useApiMutation('costs.setBalance', { invalidates: ['costs.get'] });
  const topUp = useApiMutation('costs.topUp', { invalidates: ['costs.get'] });
  const exportCsv = useApiMutation('costs.exportCsv');
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
          <Space>
            <span>{t('costs.month')}</span>
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
              style={{ width: 140 }}
            />
            <Typography.Text strong data-testid="spend-total">
              {spend.data ? t('costs.spend', { segments: spend.data.segments, yuan: spend.data.yuan.toFixed(2) }) : ''}
            </Typography.Text>
          </Space>
        }
        extra={
          <Button
            icon={<DownloadOutlined />}
            onClick={() => void exportCsv.mutateAsync(month ? { month } : {}).then(saveFilePayload, (error) => message.error(errorText(t, error)))}
          >
            {t('costs.export')}
          </Button>
        }
      >
        <Typography.Title level={5}>{t('costs.byTemplate')}</Typography.Title>
        <Table
          rowKey="template"
          size="small"
          pagination={false}
          dataSource={spend.data?.byTemplate ?? []}
          columns={[
            { title: t('costs.template'), render: (_, r) => `${r.templateName} (${r.template})` },
            { title: t('costs.segments'), dataIndex: 'segments', width: 140 },
            { title: t('costs.yuan'), render: (_, r) => r.yuan.toFixed(2), width: 140 },
          ]}
        />
        <Space style={{ margin: '16px 0 8px' }}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('costs.byCampaign')}
          </Typography.Title>
          <span>{t('costs.effectDays')}</span>
          <InputNumber min={1} max={15} value={days} onChange={(v) => typeof v === 'number' && setDays(v)} />
        </Space>
        <Table<CampaignLine>
          data-testid="spend-campaigns"
          rowKey="campaignId"
          size="small"
          pagination={false}
          dataSource={spend.data?.byCampaign ?? []}
          expandable={{ expandedRowRender: (c) => <CampaignEffect campaignId={c.campaignId} days={days} /> }}
          columns={[
            { title: t('costs.campaign'), render: (_, c) => `#${c.campaignId} ${c.name}` },
            { title: t('costs.template'), dataIndex: 'templateCode', width: 180 },
            { title: t('costs.segments'), dataIndex: 'segments', width: 140 },
            { title: t('costs.yuan'), render: (_, c) => c.yuan.toFixed(2), width: 140 },
          ]}
        />
      </Card>
    </div>
  );
}
