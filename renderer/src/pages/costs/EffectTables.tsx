import { Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { EFFECT_MIN_CONVERSIONS, type EffectCampaignRow, type EffectOverview, type EffectRow } from '../../../../shared/audiences/contract';

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

export function kindLabel(t: TFunction, kind: string): string {
  if (kind.startsWith('automation:')) return `${t('costs.kinds.automation')}·${t(`automations.kinds.${kind.slice(11)}`, { defaultValue: kind.slice(11) })}`;
  return t(`costs.kinds.${kind}`, { defaultValue: kind });
}

function Uplift({ row }: { row: EffectRow }) {
  const { t } = useTranslation();
  if (row.uplift === null) return <Typography.Text type="secondary">{row.control ? '-' : t('costs.noControl')}</Typography.Text>;
  const points = (row.uplift * 100).toFixed(1);
  return (
    <Space size={4} wrap>
      <Tooltip title={t('costs.upliftMargin', { margin: ((row.upliftMargin ?? 0) * 100).toFixed(1) })}>
        <span>{t('costs.upliftCell', { sign: row.uplift > 0 ? '+' : '', points })}</span>
      </Tooltip>
      {row.tooFew && (
        <Tooltip title={t('costs.tooFewHelp', { min: EFFECT_MIN_CONVERSIONS })}>
          <Tag color="orange">{t('costs.tooFew')}</Tag>
        </Tooltip>
      )}
    </Space>
  );
}

/** The effect columns shared by every table; a phone-list row says in one cell that it cannot be attributed. */
function effectColumns<R extends EffectRow>(t: TFunction, testId: (r: R, what: string) => string | undefined): ColumnsType<R> {
  const span = (first: boolean) => (r: R) => ({ colSpan: r.attributable ? 1 : first ? 7 : 0 });
  // Cost and ROI come before the rates so they stay visible at 1024 px without scrolling.
  return [
    { title: t('costs.col.cost'), width: 124, render: (_, r) => t('costs.costCell', { yuan: r.cost.toFixed(2), segments: r.segments }) },
    {
      title: t('costs.col.reached'),
      width: 84,
      onCell: span(true),
      render: (_, r) => (r.attributable ? r.recipients : <Typography.Text type="secondary">{t('costs.notAttributable')}</Typography.Text>),
    },
    { title: t('costs.col.orders'), width: 60, onCell: span(false), render: (_, r) => <span data-testid={testId(r, 'orders')}>{r.orders}</span> },
    {
      title: t('costs.col.amount'),
      width: 96,
      onCell: span(false),
      render: (_, r) => <span data-testid={testId(r, 'amount')}>{r.amount.toFixed(2)}</span>,
    },
    {
      title: t('costs.col.roi'),
      width: 64,
      onCell: span(false),
      render: (_, r) => <span data-testid={testId(r, 'roi')}>{r.roi ?? '-'}</span>,
    },
    {
      title: t('costs.col.rate'),
      width: 112,
      onCell: span(false),
      render: (_, r) => (r.rate === null ? '-' : t('costs.rateCell', { rate: percent(r.rate), buyers: r.buyers, of: r.recipients })),
    },
    {
      title: t('costs.col.controlRate'),
      width: 112,
      onCell: span(false),
      render: (_, r) => (r.controlRate === null ? '-' : t('costs.rateCell', { rate: percent(r.controlRate), buyers: r.controlBuyers, of: r.control })),
    },
    { title: t('costs.col.uplift'), width: 140, onCell: span(false), render: (_, r) => <Uplift row={r} /> },
  ];
}

function Name({ label, row }: { label: string; row: EffectRow }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <span>{label}</span>
      {row.windowOpen && row.attributable && (
        <Tooltip title={t('costs.windowOpenHelp')}>
          <Tag color="blue">{t('costs.windowOpen')}</Tag>
        </Tooltip>
      )}
    </Space>
  );
}

/** 效果 per campaign, kind, month and template. Row test ids: effect-<campaignId>, effect-orders-<id>, effect-roi-<id>. */
export function EffectTables({ report }: { report: EffectOverview | undefined }) {
  const { t } = useTranslation();
  const none = <Typography.Text type="secondary">{t('costs.noSends')}</Typography.Text>;
  const campaignColumns: ColumnsType<EffectCampaignRow> = [
    {
      title: t('costs.col.campaign'),
      width: 200,
      fixed: 'left',
      render: (_, c) => (
        <Space direction="vertical" size={0}>
          <Name label={`#${c.campaignId} ${c.label}`} row={c} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {kindLabel(t, c.kind)}
            {c.segmentName !== null ? ` · ${c.segmentName}` : ''} · {c.templateName || c.templateCode}
          </Typography.Text>
        </Space>
      ),
    },
    ...effectColumns<EffectCampaignRow>(t, (c, what) => `effect-${what}-${c.campaignId}`),
  ];
  const groupColumns = (title: string, label: (r: EffectRow) => string): ColumnsType<EffectRow> => [
    { title, width: 180, fixed: 'left', render: (_, r) => <Name label={label(r)} row={r} /> },
    { title: t('costs.col.buyers'), width: 72, render: (_, r) => (r.attributable ? r.buyers : '-') },
    ...effectColumns<EffectRow>(t, () => undefined),
  ];
  const table = (testId: string, rows: EffectRow[], columns: ColumnsType<EffectRow>) => (
    <Table<EffectRow>
      data-testid={testId}
      rowKey="key"
      size="small"
      pagination={false}
      scroll={{ x: 1080 }}
      dataSource={rows}
      columns={columns}
      locale={{ emptyText: none }}
    />
  );
  return (
    <Tabs
      items={[
        {
          key: 'campaigns',
          label: t('costs.tabs.campaigns'),
          children: (
            <Table<EffectCampaignRow>
              data-testid="spend-campaigns"
              rowKey="campaignId"
              size="small"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 1080 }}
              dataSource={report?.campaigns ?? []}
              columns={campaignColumns}
              locale={{ emptyText: none }}
              onRow={(c) => ({ 'data-testid': `effect-${c.campaignId}` }) as React.HTMLAttributes<HTMLElement>}
            />
          ),
        },
        {
          key: 'kinds',
          label: t('costs.tabs.kinds'),
          children: table(
            'effect-kinds',
            report?.kinds ?? [],
            groupColumns(t('costs.col.kind'), (r) => kindLabel(t, r.key)),
          ),
        },
        {
          key: 'months',
          label: t('costs.tabs.months'),
          children: table(
            'effect-months',
            report?.months ?? [],
            groupColumns(t('costs.col.month'), (r) => r.key),
          ),
        },
        {
          key: 'templates',
          label: t('costs.tabs.templates'),
          children: table(
            'effect-templates',
            report?.templates ?? [],
            groupColumns(t('costs.col.template'), (r) => (r.label === r.key ? r.key : `${r.label} (${r.key})`)),
          ),
        },
      ]}
    />
  );
}
