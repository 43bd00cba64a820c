import { Button, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrdersListQuery, OrderSummary } from '../../../../shared/orders/contract';
import { TRADE_STATUSES, type TradeStatus } from '../../../../shared/orders/status';
import { BeijingDatePicker } from '../../components/BeijingDatePicker';
import { formatBeijingText } from '../../format';
import { useApiQuery } from '../../query';
import type { Navigate } from '../../routing/routes';
import { StatusTag } from './StatusTag';

const ROW_HEIGHT = 39;
const VIEW_HEIGHT = 480;
/** Rows per request (the contract's maximum): the page under the scroll position and the one after it are loaded. */
const PAGE_SIZE = 200;
/** Fits the content pane at 1280 wide (the items column takes what is left); narrower windows scroll the table. */
const TABLE_WIDTH = 1000;

type Filters = Omit<OrdersListQuery, 'page' | 'pageSize'>;
type Row = OrderSummary | { tid: string; placeholder: true };
const isPlaceholder = (r: Row): r is { tid: string; placeholder: true } => 'placeholder' in r;

/** The order list: filters run in main, rows are fetched by scroll window into a virtual table; selection feeds 发送. */
export function OrdersTable({ onOpen, navigate }: { onOpen: (tid: string) => void; navigate: Navigate }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<TradeStatus[]>([]);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [minPayment, setMinPayment] = useState<number | null>(null);
  const [maxPayment, setMaxPayment] = useState<number | null>(null);
  const [item, setItem] = useState('');
  const [tid, setTid] = useState('');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);

  const filters: Filters = {
    status: status.length ? status : undefined,
    createdFrom: range?.[0] ? `${range[0].format('YYYY-MM-DD')} 00:00:00` : undefined,
    createdTo: range?.[1] ? `${range[1].format('YYYY-MM-DD')} 23:59:59` : undefined,
    minPayment: minPayment ?? undefined,
    maxPayment: maxPayment ?? undefined,
    item: item.trim() || undefined,
    tid: tid.trim() || undefined,
  };
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const filterKey = JSON.stringify(filters);
  // A new filter starts from the top.
  useEffect(() => setPage(1), [filterKey]);

  const keep = { placeholderData: <T,>(previous: T | undefined) => previous };
  const current = useApiQuery('orders.list', { ...filters, page, pageSize: PAGE_SIZE }, keep);
  const nextWanted = current.data ? current.data.total > page * PAGE_SIZE : false;
  const next = useApiQuery('orders.list', { ...filters, page: page + 1, pageSize: PAGE_SIZE }, { ...keep, enabled: nextWanted });
  // The later page counted further (counts stop 2,000 past the page asked for).
  const counted = nextWanted && next.data ? next.data : current.data;
  const total = counted?.total ?? 0;
  const capped = counted?.totalCapped ?? false;

  const rows = useMemo<Row[]>(() => {
    const loaded = new Map<number, OrderSummary>();
    for (const data of [current.data, nextWanted ? next.data : undefined]) {
      data?.items.forEach((o, i) => loaded.set((data.page - 1) * data.pageSize + i, o));
    }
    return Array.from({ length: total }, (_, i) => loaded.get(i) ?? { tid: `placeholder-${i}`, placeholder: true as const });
  }, [current.data, next.data, nextWanted, total]);

  const onScroll = (event: React.UIEvent<HTMLElement>) => {
    const first = Math.floor(event.currentTarget.scrollTop / ROW_HEIGHT);
    const wanted = Math.floor(first / PAGE_SIZE) + 1;
    if (wanted !== page) setPage(wanted);
  };
  const reset = () => {
    setStatus([]);
    setRange(null);
    setMinPayment(null);
    setMaxPayment(null);
    setItem('');
    setTid('');
  };

  const time = (key: 'created' | 'payTime' | 'consignTime') => (_: unknown, r: Row) => (isPlaceholder(r) ? null : formatBeijingText(r[key], false));
  const columns: ColumnsType<Row> = [
    {
      title: t('orders.list.tid'),
      key: 'tid',
      width: 200,
      render: (_: unknown, r) =>
        isPlaceholder(r) ? (
          <Typography.Text type="secondary">{t('orders.list.loading')}</Typography.Text>
        ) : (
          <Typography.Text copyable={{ text: r.tid }} className="orders-tid">
            <Typography.Link onClick={() => onOpen(r.tid)} data-testid={`order-open-${r.tid}`}>
              {r.tid}
            </Typography.Link>
          </Typography.Text>
        ),
    },
    { title: t('orders.list.status'), key: 'status', width: 130, render: (_: unknown, r) => (isPlaceholder(r) ? null : <StatusTag status={r.status} />) },
    { title: t('orders.list.buyer'), key: 'buyer', width: 80, render: (_: unknown, r) => (isPlaceholder(r) ? null : r.buyerNick || '—') },
    {
      title: t('orders.list.items'),
      key: 'items',
      ellipsis: true,
      render: (_: unknown, r) => (isPlaceholder(r) ? null : r.items.map((i) => (i.num > 1 ? `${i.title} ×${i.num}` : i.title)).join('；') || '—'),
    },
    {
      title: t('orders.list.payment'),
      key: 'payment',
      width: 100,
      align: 'right',
      render: (_: unknown, r) => (isPlaceholder(r) ? null : r.payment || '—'),
    },
    { title: t('orders.list.created'), key: 'created', width: 110, render: time('created') },
    { title: t('orders.list.paid'), key: 'paid', width: 110, render: time('payTime') },
    { title: t('orders.list.shipped'), key: 'shipped', width: 110, render: time('consignTime') },
  ];

  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }} data-testid="orders-list">
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={t('orders.list.searchTid')}
          onSearch={(v) => setTid(v.replace(/\D/g, ''))}
          style={{ width: 250 }}
          inputMode="numeric"
          data-testid="orders-search-tid"
        />
        <Select
          mode="multiple"
          allowClear
          placeholder={t('orders.list.status')}
          value={status}
          onChange={setStatus}
          style={{ minWidth: 200 }}
          maxTagCount="responsive"
          options={TRADE_STATUSES.map((s) => ({ value: s, label: t(`orders.status.${s}`) }))}
          data-testid="orders-filter-status"
        />
        <BeijingDatePicker.RangePicker
          value={range}
          onChange={(v) => setRange(v)}
          placeholder={[t('orders.list.createdFrom'), t('orders.list.createdTo')]}
          data-testid="orders-filter-created"
        />
        <Space.Compact>
          <InputNumber min={0} step={10} value={minPayment} onChange={setMinPayment} placeholder={t('orders.list.minPayment')} style={{ width: 110 }} />
          <InputNumber min={0} step={10} value={maxPayment} onChange={setMaxPayment} placeholder={t('orders.list.maxPayment')} style={{ width: 110 }} />
        </Space.Compact>
        <Input.Search allowClear placeholder={t('orders.list.item')} onSearch={setItem} style={{ width: 180 }} data-testid="orders-filter-item" />
        {filtered && <Button onClick={reset}>{t('orders.list.reset')}</Button>}
      </Space>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary" data-testid="orders-total" data-total={total} data-capped={String(capped)}>
          {capped ? t('orders.list.totalCapped', { count: total }) : t('orders.list.total', { count: total })}
        </Typography.Text>
        <Space wrap>
          {selected.length > 0 && (
            <>
              <Typography.Text data-testid="orders-selected">{t('orders.list.selected', { count: selected.length })}</Typography.Text>
              <Button size="small" type="link" onClick={() => setSelected([])}>
                {t('orders.list.clearSelection')}
              </Button>
            </>
          )}
          <Button
            type="primary"
            disabled={selected.length === 0}
            onClick={() => navigate('send', `new?orders=${selected.join(',')}`)}
            data-testid="orders-send-to-buyers"
          >
            {t('orders.list.sendToBuyers')}
          </Button>
        </Space>
      </Space>
      <Table<Row>
        // An empty list is a plain table at the window's width (fixed column widths would give a sideways scroll bar
        // under "no orders").
        virtual={rows.length > 0}
        rowKey="tid"
        size="small"
        columns={rows.length ? columns : columns.map((c) => ({ ...c, width: undefined }))}
        dataSource={rows}
        loading={current.isLoading}
        pagination={false}
        scroll={rows.length ? { x: TABLE_WIDTH, y: VIEW_HEIGHT } : undefined}
        onScroll={onScroll}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys.map(String)),
          preserveSelectedRowKeys: true,
          hideSelectAll: true,
          columnWidth: 40,
          getCheckboxProps: (r) => ({ disabled: isPlaceholder(r) }),
        }}
        onRow={(r) => ({ onDoubleClick: () => !isPlaceholder(r) && onOpen(r.tid) })}
        locale={{ emptyText: filtered ? t('orders.list.emptyFiltered') : t('orders.list.empty') }}
        data-testid="orders-table"
      />
    </Space>
  );
}
