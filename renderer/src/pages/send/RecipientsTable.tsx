import { useRecipientText } from '../../format';
import { orderRecipientKey } from '../../../../shared/orders/fields';
import { Grid, Input, Select, Space, Table, Tag, Tooltip } from 'antd';
import { useStoredText } from '../../stored-text';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeliveryState } from '../../../../shared/history/rate';
import type { RecipientRow, RecipientStatus } from '../../../../shared/sending/contract';
import { useApiQuery } from '../../query';
import { ErrCode } from '../history/DeliveryTag';

const PAGE_SIZE = 200;
const STATUS_COLOR: Partial<Record<RecipientStatus, string>> = {
  valid: 'green',
  accepted: 'green',
  duplicate: 'gold',
  suppressed: 'purple',
  invalid: 'red',
  rejected: 'red',
  unconfirmed: 'orange',
  in_flight: 'processing',
  queued: 'blue',
};
/** In the order of the figures above the table. */
const DELIVERY_ORDER: readonly DeliveryState[] = ['delivered', 'failed', 'pending', 'unknown'];
const DELIVERY_COLOR: Record<DeliveryState, string> = { delivered: 'success', failed: 'error', pending: 'warning', unknown: 'default' };

/** The status filter: a ledger status, or for accepted numbers their delivery state (as 发送记录 counts it). */
type RowFilter = RecipientStatus | `delivery:${DeliveryState}` | 'all';

function filterInput(filter: RowFilter): { statuses?: RecipientStatus[]; deliveries?: DeliveryState[] } {
  if (filter === 'all') return {};
  if (filter.startsWith('delivery:')) return { deliveries: [filter.slice('delivery:'.length) as DeliveryState] };
  return { statuses: [filter as RecipientStatus] };
}

function varsText(vars: Record<string, string>): string {
  return Object.entries(vars)
    .map(([k, v]) => `${k}=${v}`)
    .join('  ');
}

/** One page of a campaign's recipients (filter and search run in main), virtualised. */
export function RecipientsTable({ campaignId, statuses, height = 360 }: { campaignId: number; statuses: readonly RecipientStatus[]; height?: number }) {
  const { t } = useTranslation();
  const recipientText = useRecipientText();
  const storedTextOf = useStoredText();
  const wide = Grid.useBreakpoint().xl ?? false;
  const [status, setStatus] = useState<RowFilter>('all');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const query = useApiQuery(
    'campaigns.recipients',
    { id: campaignId, page, pageSize: PAGE_SIZE, ...filterInput(status), ...(search ? { search } : {}) },
    { placeholderData: (previous) => previous },
  );
  const data = query.data;

  return (
    <div data-testid="recipients-table">
      <Space wrap style={{ marginBottom: 8 }}>
        <Select<RowFilter>
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          style={{ width: 150 }}
          popupMatchSelectWidth={false}
          options={[
            { value: 'all', label: t('sending.recipients.allStatuses') },
            ...statuses.flatMap((s): Array<{ value: RowFilter; label: string }> =>
              s === 'accepted'
                ? [
                    { value: s, label: t('sending.recipients.allAccepted') },
                    ...DELIVERY_ORDER.map((d) => ({ value: `delivery:${d}` as const, label: `· ${t(`history.delivery.${d}`)}` })),
                  ]
                : [{ value: s, label: t(`sending.recipientStatus.${s}`) }],
            ),
          ]}
          data-testid="recipients-status"
        />
        <Input.Search
          allowClear
          placeholder={t('sending.recipients.search')}
          maxLength={32}
          style={{ width: 220 }}
          onSearch={(v) => {
            setSearch(v.trim());
            setPage(1);
          }}
          data-testid="recipients-search"
        />
      </Space>
      <Table<RecipientRow>
        rowKey="id"
        size="small"
        virtual
        loading={query.isLoading}
        dataSource={data?.items ?? []}
        scroll={{ x: wide ? 940 : 670, y: height }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          showTotal: (total) => t('sending.recipients.total', { count: total }),
        }}
        columns={[
          { title: t('sending.recipients.cols.row'), dataIndex: 'rowNo', width: 60 },
          {
            title: t('sending.recipients.cols.phone'),
            key: 'phone',
            width: 130,
            render: (_, r) => <span data-testid="recipient-phone">{r.tid ? recipientText(orderRecipientKey(r.tid), r.buyerNick) : r.shown}</span>,
          },
          {
            title: t('sending.recipients.cols.status'),
            key: 'status',
            width: 90,
            render: (_, r) =>
              r.status === 'accepted' && r.delivery ? (
                // An accepted number reads as its delivery report, the same state the figures above count.
                <Tag color={DELIVERY_COLOR[r.delivery]} data-testid="recipient-delivery" data-state={r.delivery}>
                  {t(`history.delivery.${r.delivery}`)}
                </Tag>
              ) : (
                <Tag color={STATUS_COLOR[r.status]} data-testid="recipient-status" data-state={r.status}>
                  {t(`sending.recipientStatus.${r.status}`)}
                </Tag>
              ),
          },
          {
            title: t('sending.recipients.cols.reason'),
            key: 'reason',
            width: wide ? 220 : 200,
            ellipsis: true,
            render: (_, r) =>
              r.delivery === 'failed' && r.errCode ? (
                <ErrCode code={r.errCode} withMeaning />
              ) : (
                <Tooltip title={r.subCode ?? undefined}>
                  <span className="jst-muted">
                    {(r.reason && storedTextOf(r.reason)) || (!r.tid && r.phone !== r.raw && r.raw ? t('sending.recipients.rawWas', { raw: r.raw }) : '')}
                  </span>
                </Tooltip>
              ),
          },
          {
            title: t('sending.recipients.cols.vars'),
            key: 'vars',
            width: wide ? 220 : 190,
            ellipsis: true,
            render: (_, r) => <span className="jst-muted">{varsText(r.vars)}</span>,
          },
          // Below 1200 px (a 1024 px window) these two give way so the table fits without scrolling sideways.
          ...(wide
            ? [
                { title: t('sending.recipients.cols.segments'), dataIndex: 'segments', width: 60, render: (v: number | null) => v ?? '—' },
                { title: t('sending.recipients.cols.bizId'), dataIndex: 'bizId', width: 160, ellipsis: true, render: (v: string | null) => v ?? '—' },
              ]
            : []),
        ]}
      />
    </div>
  );
}
