import { Card, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DELIVERY_STATES, type DeliveryState, type ErrCodeCount, type HistoryNumber } from '../../../../shared/history/contract';
import type { Navigate } from '../../routing/routes';
import { formatTime, useRecipientText } from '../../format';
import { useApiQuery } from '../../query';
import { DeliveryTag, ErrCode } from './DeliveryTag';
import { TimelineDrawer } from './TimelineDrawer';

const ROW_HEIGHT = 39;
const VIEW_HEIGHT = 480;
/** Rows fetched around the visible window; filtering and search run in main. */
const WINDOW = 600;
const STEP = 200;

type Row = HistoryNumber | { id: number; placeholder: true; index: number };

/** The per-number table: virtual (the DOM keeps only the visible rows), data fetched by scroll window. */
export function NumbersTable({
  id,
  errCodes,
  errCode,
  onErrCode,
  navigate,
}: {
  id: number;
  errCodes: ErrCodeCount[];
  errCode?: string;
  onErrCode: (code?: string) => void;
  navigate: Navigate;
}) {
  const { t } = useTranslation();
  const recipientText = useRecipientText();
  const [deliveries, setDeliveries] = useState<DeliveryState[]>([]);
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<number | null>(null);
  // A reason picked in the failure table above starts the list from the top again.
  useEffect(() => setOffset(0), [errCode]);
  const filter = { id, deliveries: deliveries.length ? deliveries : undefined, errCode, search: search.trim() || undefined };
  const page = useApiQuery('history.numbers', { ...filter, offset, limit: WINDOW }, { placeholderData: (previous) => previous });
  const total = page.data?.total ?? 0;

  const rows = useMemo<Row[]>(() => {
    const loaded = page.data;
    return Array.from({ length: total }, (_, i) => {
      const item = loaded && i >= loaded.offset ? loaded.items[i - loaded.offset] : undefined;
      return item ?? { id: -1 - i, placeholder: true as const, index: i };
    });
  }, [page.data, total]);

  const onScroll = (event: React.UIEvent<HTMLElement>) => {
    const first = Math.floor(event.currentTarget.scrollTop / ROW_HEIGHT);
    const next = Math.max(0, Math.floor((first - STEP) / STEP) * STEP);
    if (next !== offset) setOffset(next);
  };
  const resetTo = (apply: () => void) => {
    apply();
    setOffset(0);
  };

  const placeholder = (r: Row) => 'placeholder' in r;
  const columns: ColumnsType<Row> = [
    { title: '#', width: 70, render: (_: unknown, r) => (placeholder(r) ? '' : r.rowNo) },
    {
      title: t('history.detail.phone'),
      width: 140,
      render: (_: unknown, r) =>
        placeholder(r) ? <Typography.Text type="secondary">{t('history.detail.loading')}</Typography.Text> : recipientText(r.key, r.buyerNick),
    },
    {
      title: t('history.detail.state'),
      width: 110,
      render: (_: unknown, r) => (placeholder(r) ? null : <DeliveryTag state={r.delivery} />),
    },
    {
      title: t('history.detail.errCode'),
      width: 320,
      render: (_: unknown, r) => (placeholder(r) ? null : <ErrCode code={r.errCode} withMeaning />),
    },
    {
      title: t('history.detail.submittedAt'),
      width: 160,
      render: (_: unknown, r) => (placeholder(r) ? null : formatTime(r.submittedAt, undefined, true, true)),
    },
    {
      title: t('history.detail.reportedAt'),
      width: 160,
      render: (_: unknown, r) => (placeholder(r) ? null : formatTime(r.reportedAt, undefined, true, true)),
    },
    {
      title: t('history.detail.reports'),
      width: 100,
      render: (_: unknown, r) => {
        if (placeholder(r)) return null;
        const n = r;
        return `${n.reportCount}${n.source ? ` · ${t(`history.detail.source_${n.source}`)}` : ''}`;
      },
    },
  ];

  return (
    <Card size="small" title={t('history.detail.numbers', { total })}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Select
          mode="multiple"
          allowClear
          placeholder={t('history.detail.filterState')}
          value={deliveries}
          onChange={(v) => resetTo(() => setDeliveries(v))}
          style={{ minWidth: 200 }}
          options={DELIVERY_STATES.map((s) => ({ value: s, label: t(`history.delivery.${s}`) }))}
          data-testid="history-filter-state"
        />
        <Select
          allowClear
          showSearch
          placeholder={t('history.detail.filterCode')}
          value={errCode}
          onChange={(v) => resetTo(() => onErrCode(v))}
          style={{ minWidth: 200 }}
          options={errCodes.filter((c) => c.errCode).map((c) => ({ value: c.errCode, label: `${c.errCode}（${c.count}）` }))}
          data-testid="history-filter-code"
        />
        <Input.Search
          allowClear
          placeholder={t('history.detail.searchNumber')}
          onSearch={(v) => resetTo(() => setSearch(v))}
          style={{ width: 200 }}
          data-testid="history-number-search"
        />
      </Space>
      <Table<Row>
        virtual
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={page.isLoading}
        pagination={false}
        scroll={{ x: 1060, y: VIEW_HEIGHT }}
        onScroll={onScroll}
        onRow={(r) => ({ onClick: () => !placeholder(r) && setOpen(r.id), style: { cursor: placeholder(r) ? 'default' : 'pointer' } })}
        data-testid="history-numbers"
      />
      <TimelineDrawer recipientId={open} onClose={() => setOpen(null)} navigate={navigate} />
    </Card>
  );
}
