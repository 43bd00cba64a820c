import { Alert, App, Button, Card, Descriptions, InputNumber, Progress, Space, Spin, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrdersSyncJob, OrdersSyncOverview } from '../../../../shared/orders/contract';
import { BeijingDatePicker } from '../../components/BeijingDatePicker';
import { LoadError } from '../../components/LoadError';
import { errorText } from '../../context';
import { beijingTextSpan, formatBeijingText } from '../../format';
import { useApiMutation } from '../../query';
import { gapWords, problemText } from './sync-words';
import { useOrdersSyncState } from './useOrdersSyncState';

const STATE_COLOR: Record<OrdersSyncJob['state'], string> = { idle: 'default', running: 'processing', done: 'success', failed: 'error', cancelled: 'default' };

/** 订单同步: what is covered, the running job with its progress, start (fill-in / first import / from a time) and cancel. */
export function SyncCard({ defaultDays }: { defaultDays: number | undefined }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const state = useOrdersSyncState();
  const start = useApiMutation('orders.sync.start', { invalidates: ['orders.syncState'] });
  const cancel = useApiMutation('orders.sync.cancel', { invalidates: ['orders.syncState'] });
  const [days, setDays] = useState<number | null>(null);
  const [since, setSince] = useState<Dayjs | null>(null);

  const run = (input: { days?: number; since?: string }) =>
    start.mutate(input, {
      onSuccess: () => void message.success(t('orders.sync.started')),
      onError: (error) => void message.error(errorText(t, error)),
    });

  if (state.error) return <LoadError error={errorText(t, state.error)} onRetry={() => void state.refetch()} />;
  const overview = state.data;
  return (
    <Card size="small" title={t('orders.sync.title')} data-testid="orders-sync-card">
      {!overview ? (
        <Spin />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {overview.blocked && (
            <Alert
              type="error"
              showIcon
              data-testid="orders-sync-blocked"
              message={t('orders.sync.blockedTitle')}
              description={
                <>
                  <Typography.Paragraph style={{ marginBottom: 4 }}>{problemText(t, i18n.language, overview.blocked)}</Typography.Paragraph>
                  <Typography.Text strong>{t('orders.sync.blockedNext')}</Typography.Text>
                </>
              }
            />
          )}
          <Facts overview={overview} />
          {overview.job && <JobLine job={overview.job} blockedShown={Boolean(overview.blocked)} />}
          <Space wrap>
            {overview.job?.state === 'running' ? (
              <Button
                danger
                loading={cancel.isPending}
                onClick={() =>
                  cancel.mutate(
                    {},
                    {
                      onSuccess: () => void message.info(t('orders.sync.cancelled')),
                      onError: (error) => void message.error(errorText(t, error)),
                    },
                  )
                }
                data-testid="orders-sync-cancel"
              >
                {t('orders.sync.cancel')}
              </Button>
            ) : (
              <>
                <Button type="primary" loading={start.isPending} onClick={() => run({})} title={t('orders.sync.startHelp')} data-testid="orders-sync-start">
                  {t('orders.sync.start')}
                </Button>
                <Space.Compact>
                  <Button disabled>{t('orders.sync.days')}</Button>
                  <InputNumber
                    min={1}
                    max={90}
                    value={days ?? defaultDays ?? 7}
                    onChange={(v) => setDays(v)}
                    style={{ width: 72 }}
                    aria-label={t('orders.sync.days')}
                    data-testid="orders-sync-days"
                  />
                  <Button disabled>{t('orders.sync.daysUnit')}</Button>
                  <Button onClick={() => run({ days: days ?? defaultDays ?? 7 })} loading={start.isPending} data-testid="orders-sync-import">
                    {t('orders.sync.importDays')}
                  </Button>
                </Space.Compact>
                <Space.Compact>
                  <BeijingDatePicker
                    showTime
                    value={since}
                    onChange={setSince}
                    placeholder={t('orders.sync.since')}
                    style={{ width: 200 }}
                    data-testid="orders-sync-since"
                  />
                  <Button disabled={!since} onClick={() => since && run({ since: since.format('YYYY-MM-DD HH:mm:ss') })} loading={start.isPending}>
                    {t('orders.sync.sinceStart')}
                  </Button>
                </Space.Compact>
              </>
            )}
          </Space>
        </Space>
      )}
    </Card>
  );
}

function Facts({ overview }: { overview: OrdersSyncOverview }) {
  const { t } = useTranslation();
  const gap = gapWords(t, overview);
  const unknown = (text: string) => <Typography.Text type="secondary">{text}</Typography.Text>;
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, xl: 3 }} data-testid="orders-sync-facts">
      <Descriptions.Item label={t('orders.sync.lastEvent')}>
        {overview.lastEventAt ? formatBeijingText(overview.lastEventAt, true, true) : unknown(t('orders.sync.lastEventNone'))}
      </Descriptions.Item>
      <Descriptions.Item label={t('orders.sync.lastBackfill')}>
        {overview.lastBackfillAt ? formatBeijingText(overview.lastBackfillAt, true, true) : unknown(t('orders.sync.lastBackfillNone'))}
      </Descriptions.Item>
      <Descriptions.Item label={t('orders.sync.coveredUntil')}>
        {overview.coveredUntil ? formatBeijingText(overview.coveredUntil, true, true) : unknown(t('orders.sync.coveredUnknown'))}
      </Descriptions.Item>
      <Descriptions.Item label={t('orders.sync.gap')}>
        <span data-testid="orders-sync-gap">
          {gap && overview.gap ? (
            <Typography.Text type="warning">{t('orders.sync.gapText', { duration: gap, from: formatBeijingText(overview.gap.from) })}</Typography.Text>
          ) : overview.coveredUntil ? (
            t('orders.sync.gapNone')
          ) : (
            unknown(t('orders.sync.gapUnknown'))
          )}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('orders.sync.orders')}>
        <span data-testid="orders-sync-count">{overview.orders}</span>
      </Descriptions.Item>
    </Descriptions>
  );
}

function JobLine({ job, blockedShown }: { job: OrdersSyncJob; blockedShown: boolean }) {
  const { t, i18n } = useTranslation();
  const whole = beijingTextSpan(job.from, job.to);
  const walked = beijingTextSpan(job.cursor, job.to);
  const percent = whole && walked !== null ? Math.min(100, Math.round((walked / whole) * 100)) : 0;
  return (
    <div data-testid="orders-sync-job" data-state={job.state}>
      <Space wrap size="small">
        <Typography.Text strong>{t('orders.sync.job')}</Typography.Text>
        <Tag color={STATE_COLOR[job.state]}>{t(`orders.sync.state.${job.state}`)}</Tag>
        <Typography.Text>
          {t('orders.sync.jobLine', { kind: t(`orders.sync.kind.${job.kind}`), from: formatBeijingText(job.from), to: formatBeijingText(job.to) })}
        </Typography.Text>
        <Typography.Text type="secondary">{t('orders.sync.progress', { synced: job.synced, pages: job.pages, calls: job.calls })}</Typography.Text>
        {job.finishedAt && <Typography.Text type="secondary">{t('orders.sync.finishedAt', { time: formatBeijingText(job.finishedAt) })}</Typography.Text>}
      </Space>
      {job.state === 'running' && (
        <Progress percent={percent} size="small" status="active" format={() => t('orders.sync.walkedTo', { cursor: formatBeijingText(job.cursor) })} />
      )}
      {job.error && !blockedShown && <Alert type="warning" showIcon style={{ marginTop: 8 }} message={problemText(t, i18n.language, job.error)} />}
    </div>
  );
}
