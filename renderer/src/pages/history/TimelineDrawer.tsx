import { Button, Drawer, Empty, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TimelineEvent } from '../../../../shared/history/contract';
import type { Navigate } from '../../routing/routes';
import { formatTime } from '../../format';
import { useApiQuery } from '../../query';
import { DeliveryTag, ErrCode } from './DeliveryTag';

const COLOR: Record<TimelineEvent['kind'], string> = { prepared: 'gray', submitted: 'blue', report: 'green', query: 'blue', reply: 'purple', unknown: 'gray' };

/** A number's timeline: prepared → submitted → report(s) / query → reply; reply text is shown as inert text. */
export function TimelineDrawer({ recipientId, onClose, navigate }: { recipientId: number | null; onClose: () => void; navigate: Navigate }) {
  const { t } = useTranslation();
  const timeline = useApiQuery('history.timeline', { recipientId: recipientId ?? 1 }, { enabled: recipientId !== null });
  const data = recipientId !== null ? timeline.data : undefined;
  const label = (e: TimelineEvent) => {
    const base = t(`history.timeline.${e.kind}`);
    if (e.kind === 'report') {
      const state = e.state === '1' || e.state === '2' ? t(`history.timeline.reportState.${e.state}`) : e.state;
      return (
        <>
          {base}：{state} {e.errCode && <ErrCode code={e.errCode} withMeaning />}
        </>
      );
    }
    if (e.kind === 'query') {
      const state = e.state === '1' || e.state === '2' || e.state === '3' ? t(`history.timeline.queryStatus.${e.state}`) : (e.state ?? '');
      return (
        <>
          {base}：{state} {e.errCode && <ErrCode code={e.errCode} withMeaning />}
        </>
      );
    }
    if (e.kind === 'reply')
      return (
        <>
          {base}：<Typography.Text>{e.text}</Typography.Text>
        </>
      );
    return base;
  };
  return (
    <Drawer open={recipientId !== null} onClose={onClose} title={t('history.timeline.title')} size={480} destroyOnHidden>
      {data ? (
        <div data-testid="history-timeline">
          <Typography.Title level={5}>
            {data.phone} <DeliveryTag state={data.delivery} />
          </Typography.Title>
          <Typography.Paragraph type="secondary">{data.campaignName}</Typography.Paragraph>
          <Timeline
            items={data.events.map((e, i) => ({
              key: i,
              color: COLOR[e.kind],
              children: (
                <>
                  <div>
                    {label(e)} {e.final && <Tag color="blue">{t('history.timeline.final')}</Tag>}
                  </div>
                  <Typography.Text type="secondary">{e.at ? formatTime(e.at, undefined, true, true) : ''}</Typography.Text>
                </>
              ),
            }))}
          />
          <Button onClick={() => navigate('inbox', data.phone)} data-testid="history-open-thread">
            {t('history.timeline.openThread')}
          </Button>
        </div>
      ) : (
        <Empty />
      )}
    </Drawer>
  );
}
