import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Grid, Input, Segmented, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CAMPAIGN_STATES, type CampaignState, type CampaignSummary } from '../../../../shared/sending/contract';
import { errorText } from '../../context';
import { formatTime } from '../../format';
import { useApiMutation, useApiQuery } from '../../query';
import { CampaignActions } from './CampaignActions';
import { CampaignProgress } from './CampaignProgress';
import { DeliveryLine } from './DeliveryLine';
import { CampaignStateTag } from './CampaignStateTag';
import { finalCount } from '../../../../shared/sending/summary';

type Filter = 'all' | CampaignState;

/** 发送: every campaign with its state and live progress; 新建群发 opens the wizard on a new draft. */
export function CampaignList({ onOpen }: { onOpen(id: number): void }) {
  const { t } = useTranslation();
  // Below 1200 px the time moves under the name (WIDTHS.narrow) so the pinned actions cover no column.
  const size = Grid.useBreakpoint().xl ? 'wide' : 'narrow';
  const { message } = App.useApp();
  const list = useApiQuery('campaigns.list', {});
  const create = useApiMutation('campaigns.create', { invalidates: ['campaigns.list'] });
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const campaigns = list.data;

  const counts = useMemo(() => {
    const c: Record<string, number> = { all: campaigns?.length ?? 0 };
    for (const s of CAMPAIGN_STATES) c[s] = campaigns?.filter((x) => x.state === s).length ?? 0;
    return c;
  }, [campaigns]);
  // Campaigns are few (one per send job): filtering the loaded list is enough.
  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (campaigns ?? []).filter(
      (x) => (filter === 'all' || x.state === filter) && (!q || x.name.toLowerCase().includes(q) || x.templateName.toLowerCase().includes(q)),
    );
  }, [campaigns, filter, search]);
  const missed = campaigns?.filter((x) => x.state === 'missed') ?? [];

  const startNew = async () => {
    try {
      const draft = await create.mutateAsync({});
      onOpen(draft.id);
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  // Only states that have campaigns (and the one selected), so the bar stays short.
  const filters: Filter[] = ['all', ...CAMPAIGN_STATES.filter((s) => counts[s]! > 0 || s === filter)];

  return (
    <div data-testid="campaign-list">
      <div className="jst-editor-bar">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('sending.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('sending.subtitle')}</Typography.Text>
        </div>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => void startNew()} loading={create.isPending} data-testid="new-campaign">
          {t('sending.list.new')}
        </Button>
      </div>
      {missed.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('sending.list.missedBanner', { count: missed.length })}
          data-testid="missed-banner"
        />
      )}
      {list.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errorText(t, list.error)} />}
      <div className="jst-editor-bar">
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={filters.map((f) => ({ value: f, label: `${f === 'all' ? t('sending.list.all') : t(`sending.state.${f}`)} ${counts[f] ?? 0}` }))}
          data-testid="campaign-filter"
        />
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('sending.list.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 200 }}
        />
      </div>
      <Table<CampaignSummary>
        rowKey="id"
        virtual
        size="middle"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: Object.values(WIDTHS[size]).reduce((a, b) => a + b, 0), y: 480 }}
        onRow={(record) =>
          ({ onClick: () => onOpen(record.id), style: { cursor: 'pointer' }, 'data-testid': `campaign-row-${record.id}` }) as React.HTMLAttributes<HTMLElement>
        }
        locale={{
          emptyText: (
            <Empty description={campaigns?.length ? t('sending.list.noMatch') : t('sending.list.empty')}>
              {!campaigns?.length && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => void startNew()}>
                  {t('sending.list.new')}
                </Button>
              )}
            </Empty>
          ),
        }}
        columns={[
          {
            title: t('sending.list.name'),
            key: 'name',
            width: WIDTHS[size].name,
            render: (_, x) => (
              <div>
                <Typography.Text strong ellipsis style={{ maxWidth: 160 }}>
                  {x.name || t('sending.list.untitled')}
                </Typography.Text>
                <div className="jst-muted">{x.templateName ? t('sending.list.template', { name: x.templateName }) : t('sending.list.noTemplate')}</div>
                {size === 'narrow' && <CampaignTime campaign={x} />}
              </div>
            ),
          },
          {
            title: t('sending.list.state'),
            key: 'state',
            width: WIDTHS[size].state,
            render: (_, x) => (
              <div>
                <CampaignStateTag state={x.state} />
                {x.reason && x.state !== 'completed' && (
                  <div className="jst-reason" data-testid="campaign-reason">
                    {t(`sending.reasons.${x.reason.code}`)}
                  </div>
                )}
              </div>
            ),
          },
          {
            title: t('sending.list.progress'),
            key: 'progress',
            width: WIDTHS[size].progress,
            render: (_, x) =>
              x.state === 'draft' ? (
                <span className="jst-muted">{t('sending.list.draftCounts', { final: finalCount(x.counts) })}</span>
              ) : (
                <CampaignProgress state={x.state} progress={x.progress} counts={x.counts} compact />
              ),
          },
          {
            title: t('sending.list.counts'),
            key: 'counts',
            width: WIDTHS[size].counts,
            render: (_, x) =>
              x.state === 'draft' ? (
                <span className="jst-muted">{t('sending.list.rowsLine', { rows: x.counts.rows })}</span>
              ) : (
                <DeliveryLine delivery={x.delivery} counts={x.counts} />
              ),
          },
          ...(size === 'wide'
            ? [
                {
                  title: t('sending.list.time'),
                  key: 'time',
                  width: WIDTHS.wide.time,
                  render: (_: unknown, x: CampaignSummary) => <CampaignTime campaign={x} />,
                },
              ]
            : []),
          {
            title: '',
            key: 'actions',
            width: WIDTHS[size].actions,
            fixed: 'right',
            render: (_, x) => <CampaignActions campaign={x} onOpen={() => onOpen(x.id)} size="small" />,
          },
        ]}
      />
    </div>
  );
}

/**
 * Column widths that fit the page without sideways scrolling: from 1200 px (xl) every column; below it (1024 px) the
 * time moves under the name, so no column sits under the pinned actions.
 */
const WIDTHS = {
  wide: { name: 180, state: 120, progress: 170, counts: 170, time: 150, actions: 190 },
  narrow: { name: 170, state: 100, progress: 140, counts: 150, actions: 170 },
} as const;

function CampaignTime({ campaign: x }: { campaign: CampaignSummary }) {
  const { t } = useTranslation();
  return (
    <div className="jst-muted">
      {x.scheduledAt && x.state !== 'completed' && <div>{t('sending.list.scheduled', { time: formatTime(x.scheduledAt) })}</div>}
      {x.finishedAt ? (
        <div>{t('sending.list.finished', { time: formatTime(x.finishedAt) })}</div>
      ) : x.startedAt ? (
        <div>{t('sending.list.started', { time: formatTime(x.startedAt) })}</div>
      ) : (
        <div>{t('sending.list.created', { time: formatTime(x.createdAt) })}</div>
      )}
    </div>
  );
}
