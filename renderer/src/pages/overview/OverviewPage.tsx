import { Card, Col, Row, Statistic, Tag, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery, useAppStatus } from '../../query';
import type { Navigate, PageKey } from '../../routing/routes';
import { deliveryRate } from '../../../../shared/history/rate';
import { syncLine } from '../orders/sync-words';
import { useOrdersSyncState } from '../orders/useOrdersSyncState';

// The same per-day chart as 发送记录 (its own lazy chunk, so ECharts is not in the first render).
const DailyChart = lazy(() => import('../history/charts/DailyDeliveriesChart'));

/** 概览: what needs the seller's attention, each tile a link to its screen. */
export function OverviewPage({ navigate }: { navigate: Navigate }) {
  const { t } = useTranslation();
  const daily = useApiQuery('history.daily', { days: 7 });
  const unread = useApiQuery('inbox.unread');
  const templates = useApiQuery('templates.list', { status: ['pending', 'queued', 'unknown'] });
  const signatures = useApiQuery('signatures.list');
  const campaigns = useApiQuery('campaigns.list', { states: ['sending', 'paused', 'scheduled', 'missed'] });
  const automations = useApiQuery('automations.list');
  const status = useAppStatus();
  const orders = useOrdersSyncState();
  const ordersLine = orders.data ? syncLine(t, orders.data, 'overview') : null;

  const days = daily.data ?? [];
  const today = days.at(-1);
  const week = days.reduce((acc, d) => ({ sent: acc.sent + d.sent, delivered: acc.delivered + d.delivered, failed: acc.failed + d.failed }), {
    sent: 0,
    delivered: 0,
    failed: 0,
  });
  const weekRate = deliveryRate(week);
  const byState = (state: string) => campaigns.data?.filter((c) => c.state === state).length ?? 0;
  const pendingSignatures = signatures.data?.filter((s) => s.status === 'pending' || s.status === 'queued').length ?? 0;
  const pendingTemplates = templates.data?.length ?? 0;
  const rulesOn = automations.data?.filter((r) => r.enabled) ?? [];
  const autoToday = (automations.data ?? []).reduce((acc, r) => ({ sent: acc.sent + r.counts.today.sent, skipped: acc.skipped + r.counts.today.skipped }), {
    sent: 0,
    skipped: 0,
  });

  const tile = (key: string, page: PageKey, title: string, value: React.ReactNode, extra?: React.ReactNode) => (
    <Col xs={24} sm={12} lg={8} key={key}>
      <Card hoverable data-testid={`overview-${key}`} onClick={() => navigate(page)} className="overview-tile">
        <Statistic title={title} value={value as number} />
        {typeof extra === 'string' ? <Typography.Text type="secondary">{extra}</Typography.Text> : extra}
      </Card>
    </Col>
  );

  return (
    <div className="overview">
      <Typography.Title level={4}>{t('overview.title')}</Typography.Title>
      <Row gutter={[16, 16]}>
        {tile(
          'today',
          'history',
          t('overview.today'),
          today?.sent ?? 0,
          today ? `${t('overview.delivered')} ${today.delivered} · ${t('overview.failed')} ${today.failed}` : undefined,
        )}
        {tile('week', 'history', t('overview.week'), week.sent)}
        {tile('rate', 'history', t('overview.deliveryRate'), weekRate === null ? '—' : `${(weekRate * 100).toFixed(1)}%`, t('overview.deliveryRateHelp'))}
        {tile('unread', 'inbox', t('overview.unread'), unread.data?.total ?? 0)}
        {tile(
          'audit',
          'templates',
          t('overview.audit'),
          pendingTemplates + pendingSignatures,
          t('overview.auditDetail', { templates: pendingTemplates, signatures: pendingSignatures }),
        )}
        {tile(
          'orders',
          'orders',
          t('orders.overview.tile'),
          orders.data?.orders ?? 0,
          ordersLine && (
            <Typography.Text type={ordersLine.tone === 'blocked' ? 'danger' : ordersLine.tone === 'gap' ? 'warning' : 'secondary'} data-tone={ordersLine.tone}>
              {ordersLine.text}
            </Typography.Text>
          ),
        )}
        {tile(
          'campaigns',
          'send',
          t('overview.campaigns'),
          campaigns.data?.length ?? 0,
          t('overview.campaignsDetail', { sending: byState('sending'), paused: byState('paused'), scheduled: byState('scheduled'), missed: byState('missed') }),
        )}
        <Col xs={24} key="automations">
          <Card hoverable data-testid="overview-automations" onClick={() => navigate('automations')} className="overview-tile" size="small">
            <Typography.Text strong>{t('automations.overview.title')}</Typography.Text>{' '}
            <Typography.Text type="secondary">
              {rulesOn.length > 0 ? t('automations.overview.on', { count: rulesOn.length }) : t('automations.overview.none')}
            </Typography.Text>{' '}
            {rulesOn.map((r) => (
              <Tag key={r.kind} color="green">
                {t(`automations.kinds.${r.kind}`)}
              </Tag>
            ))}
            <Typography.Text>{t('automations.overview.today', autoToday)}</Typography.Text>
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={16}>
          <Card title={t('overview.chartTitle')} onClick={() => navigate('history')} className="overview-chart">
            <Suspense fallback={<div style={{ height: 220 }} />}>
              <DailyChart days={days} />
            </Suspense>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('overview.services')} data-testid="overview-services" onClick={() => navigate('settings')} hoverable>
            <p>
              {t('overview.gateway')}：
              <Tag color={status?.network === 'online' ? 'green' : status?.network === 'offline' ? 'red' : 'default'}>
                {t(`status.network.${status?.network ?? 'unknown'}`)}
              </Tag>
            </p>
            <p>
              {t('overview.poller')}：
              <Tag color={status?.poller.state === 'polling' ? 'green' : status?.poller.state === 'backoff' ? 'orange' : 'default'}>
                {t(`status.poller.${status?.poller.state ?? 'stopped'}`)}
              </Tag>
            </p>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
