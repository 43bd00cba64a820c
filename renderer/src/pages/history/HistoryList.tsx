import { Card, DatePicker, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryCampaign } from '../../../../shared/history/contract';
import { CAMPAIGN_STATES, type CampaignState } from '../../../../shared/sending/contract';
import { formatTime } from '../../format';
import { useApiQuery } from '../../query';
import { CampaignStateTag } from '../send/CampaignStateTag';

const DailyDeliveriesChart = lazy(() => import('./charts/DailyDeliveriesChart'));

/** Campaigns with their delivery counts; filters run in main. */
export function HistoryList({ onOpen }: { onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [states, setStates] = useState<CampaignState[]>([]);
  const [templateCode, setTemplateCode] = useState<string | undefined>();
  const daily = useApiQuery('history.daily', { days: 30 });
  const all = useApiQuery('history.campaigns', {});
  const list = useApiQuery(
    'history.campaigns',
    {
      search: search.trim() || undefined,
      from: range?.[0]?.format('YYYY-MM-DD'),
      to: range?.[1]?.format('YYYY-MM-DD'),
      states: states.length ? states : undefined,
      templateCode,
    },
    { placeholderData: (previous) => previous },
  );
  const templates = useMemo(() => {
    const seen = new Map<string, string>();
    for (const c of all.data ?? []) if (c.templateCode) seen.set(c.templateCode, c.templateName || c.templateCode);
    return [...seen].map(([value, label]) => ({ value, label: `${label}（${value}）` }));
  }, [all.data]);

  const count = (key: keyof HistoryCampaign['counts'], width = 84) => ({
    title: t(key === 'sent' ? 'history.list.sent' : `history.delivery.${key}`),
    dataIndex: ['counts', key],
    width,
    align: 'right' as const,
  });
  const columns: ColumnsType<HistoryCampaign> = [
    {
      title: t('history.list.name'),
      dataIndex: 'name',
      render: (name: string, c) => (
        <Space direction="vertical" size={0}>
          <Typography.Link onClick={() => onOpen(c.id)} data-testid={`history-open-${c.id}`}>
            {name || `#${c.id}`}
          </Typography.Link>
          <Typography.Text type="secondary">
            {c.templateName} · {c.signName}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('history.detail.state'), dataIndex: 'state', width: 96, render: (state: CampaignState) => <CampaignStateTag state={state} /> },
    {
      title: t('history.list.time'),
      dataIndex: 'startedAt',
      width: 150,
      // A campaign cancelled before it started was never sent: no 发送时间 (its creation time is not one).
      render: (v: string | null) => (v ? formatTime(v) : <Typography.Text type="secondary">{t('history.list.notSent')}</Typography.Text>),
    },
    count('sent'),
    count('delivered'),
    count('failed'),
    count('pending'),
    count('unknown'),
    {
      title: t('history.list.rate'),
      dataIndex: 'deliveryRate',
      width: 90,
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`),
    },
    { title: t('history.list.billed'), dataIndex: 'billedSegments', width: 90, align: 'right' },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('history.list.daily')}>
        <Suspense fallback={<div style={{ height: 220 }} />}>{daily.data && <DailyDeliveriesChart days={daily.data} />}</Suspense>
      </Card>
      <Space wrap>
        <Input.Search allowClear placeholder={t('history.list.search')} onSearch={setSearch} style={{ width: 220 }} data-testid="history-search" />
        <DatePicker.RangePicker value={range} onChange={(v) => setRange(v)} placeholder={[t('history.list.dateRange'), t('history.list.dateRange')]} />
        <Select
          mode="multiple"
          allowClear
          placeholder={t('history.list.states')}
          value={states}
          onChange={setStates}
          style={{ minWidth: 180 }}
          options={CAMPAIGN_STATES.filter((s) => s !== 'draft').map((s) => ({ value: s, label: t(`sending.state.${s}`) }))}
        />
        <Select
          allowClear
          placeholder={t('history.list.allTemplates')}
          value={templateCode}
          onChange={setTemplateCode}
          style={{ minWidth: 200 }}
          options={templates}
        />
      </Space>
      <Table<HistoryCampaign>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        columns={columns}
        locale={{ emptyText: t('history.list.empty') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(c) => ({ onDoubleClick: () => onOpen(c.id) })}
        data-testid="history-table"
      />
    </Space>
  );
}
