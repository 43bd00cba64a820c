import { Alert, App, Button, Descriptions, Drawer, Empty, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OrderDetail, OrderEventView, OrderMessage } from '../../../../shared/orders/contract';
import { LoadError } from '../../components/LoadError';
import { errorText, useApi } from '../../context';
import { formatBeijingText } from '../../format';
import { apiQueryKey, useApiQuery } from '../../query';
import type { Navigate } from '../../routing/routes';
import { StatusTag } from './StatusTag';
import { problemText } from './sync-words';

const SOURCE_COLOR = { mq: 'blue', sync: 'purple' } as const;
const DELIVERY_COLOR = { pending: 'processing', delivered: 'success', failed: 'error', unknown: 'warning' } as const;

/** One order: facts, logistics, refund, the event timeline, where the details came from, the SMS sent for it. */
export function OrderDrawer({ tid, onClose, navigate }: { tid: string | null; onClose: () => void; navigate: Navigate }) {
  const { t } = useTranslation();
  const api = useApi();
  const { message } = App.useApp();
  const client = useQueryClient();
  const detail = useApiQuery('orders.get', { tid: tid ?? '0' }, { enabled: tid !== null });
  const refresh = async () => {
    if (!tid) return;
    try {
      // The answer says it came from the platform just now: it replaces the cached view as is.
      client.setQueryData(apiQueryKey('orders.get', { tid }), await api.call('orders.get', { tid, refresh: true }));
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };
  const data = tid !== null ? detail.data : undefined;
  return (
    <Drawer
      open={tid !== null}
      onClose={onClose}
      title={t('orders.detail.title')}
      size={620}
      destroyOnHidden
      extra={
        <Button onClick={() => void refresh()} disabled={!data} data-testid="order-refresh">
          {t('orders.detail.refresh')}
        </Button>
      }
    >
      {detail.error ? (
        <LoadError error={errorText(t, detail.error)} onRetry={() => void detail.refetch()} />
      ) : !data ? (
        <Spin />
      ) : (
        <OrderDetailView order={data} navigate={navigate} />
      )}
    </Drawer>
  );
}

function OrderDetailView({ order, navigate }: { order: OrderDetail; navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const unknown = <Typography.Text type="secondary">{t('orders.unknown')}</Typography.Text>;
  const text = (value: string | null | undefined) => (value ? value : unknown);
  // Times and "unknown" keep to one line in the two-column facts.
  const time = (value: string | null) => <span style={{ whiteSpace: 'nowrap' }}>{value ? formatBeijingText(value, true, true) : unknown}</span>;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="order-detail">
      <Space wrap align="center">
        <Typography.Title level={5} style={{ margin: 0 }} className="orders-tid" copyable={{ text: order.tid }} data-testid="order-detail-tid">
          {order.tid}
        </Typography.Title>
        <StatusTag status={order.status} />
      </Space>
      <div data-testid="order-detail-source" data-source={order.detailSource}>
        {order.detailSource === 'platform' ? (
          <Typography.Text type="success">{t('orders.detail.sourcePlatform', { time: formatBeijingText(order.detailFetchedAt, true, true) })}</Typography.Text>
        ) : (
          <Typography.Text type="secondary">
            {order.detailFetchedAt
              ? t('orders.detail.sourceLocalFetched', { time: formatBeijingText(order.detailFetchedAt, true, true) })
              : t('orders.detail.sourceLocal')}
          </Typography.Text>
        )}
        {order.detailError && (
          <Alert
            style={{ marginTop: 8 }}
            type={order.detailError.code === 'trade-api-restricted' ? 'error' : 'warning'}
            showIcon
            message={t('orders.detail.detailError')}
            description={problemText(t, i18n.language, order.detailError)}
            data-testid="order-detail-error"
          />
        )}
      </div>
      <Descriptions size="small" column={2} bordered title={t('orders.detail.facts')}>
        <Descriptions.Item label={t('orders.list.buyer')}>{text(order.buyerNick)}</Descriptions.Item>
        <Descriptions.Item label={t('orders.detail.type')}>{text(order.type)}</Descriptions.Item>
        <Descriptions.Item label={t('orders.detail.buyerOpenUid')} span={2}>
          <Typography.Text className="orders-tid">{text(order.buyerOpenUid)}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('orders.list.payment')}>{text(order.payment)}</Descriptions.Item>
        <Descriptions.Item label={t('orders.detail.postFee')}>{text(order.postFee)}</Descriptions.Item>
        <Descriptions.Item label={t('orders.list.created')}>{time(order.created)}</Descriptions.Item>
        <Descriptions.Item label={t('orders.list.paid')}>{time(order.payTime)}</Descriptions.Item>
        <Descriptions.Item label={t('orders.list.shipped')}>{time(order.consignTime)}</Descriptions.Item>
        <Descriptions.Item label={t('orders.detail.signedTime')}>{time(order.signedTime)}</Descriptions.Item>
        <Descriptions.Item label={t('orders.detail.endTime')} span={2}>
          {time(order.endTime)}
        </Descriptions.Item>
        <Descriptions.Item label={t('orders.list.items')} span={2}>
          {order.items.length ? order.items.map((i) => `${i.title} ×${i.num}`).join('；') : unknown}
        </Descriptions.Item>
      </Descriptions>
      <Section title={t('orders.detail.logistics')} empty={order.logistics ? null : t('orders.detail.noLogistics')} testId="order-detail-logistics">
        {order.logistics && (
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('orders.detail.action')} span={2}>
              {t(`orders.logistics.${order.logistics.action}`, { defaultValue: order.logistics.action })}
            </Descriptions.Item>
            <Descriptions.Item label={t('orders.detail.company')}>{text(order.logistics.company)}</Descriptions.Item>
            <Descriptions.Item label={t('orders.detail.outSid')}>{text(order.logistics.outSid)}</Descriptions.Item>
          </Descriptions>
        )}
      </Section>
      <Section title={t('orders.detail.refund')} empty={order.refundStatus ? null : t('orders.detail.noRefund')} testId="order-detail-refund">
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label={t('orders.detail.refundStatus')}>
            {t(`orders.refundStatus.${order.refundStatus}`, { defaultValue: order.refundStatus })}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.detail.refundFee')}>{text(order.refundFee)}</Descriptions.Item>
        </Descriptions>
      </Section>
      <div>
        <Typography.Title level={5}>{t('orders.detail.timeline')}</Typography.Title>
        {order.timeline.length ? (
          <Timeline
            data-testid="order-timeline"
            items={order.timeline.map((e) => ({ key: e.id, color: SOURCE_COLOR[e.source], children: <EventLine event={e} /> }))}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orders.detail.timelineEmpty')} />
        )}
      </div>
      <div data-testid="order-messages">
        <Typography.Title level={5}>{t('orders.detail.messages')}</Typography.Title>
        {order.messages.length === 0 ? (
          <Typography.Text type="secondary">{t('orders.detail.messagesEmpty')}</Typography.Text>
        ) : (
          <Table<OrderMessage>
            size="small"
            rowKey={(m) => `${m.campaignId}-${m.at}`}
            pagination={false}
            dataSource={order.messages}
            columns={[
              {
                title: t('orders.detail.messageAt'),
                dataIndex: 'at',
                width: 150,
                render: (at: string) => formatBeijingText(at),
              },
              {
                title: t('orders.detail.messageCampaign'),
                key: 'campaign',
                render: (_: unknown, m) => (
                  <Space direction="vertical" size={0}>
                    <Typography.Link onClick={() => navigate('history', String(m.campaignId))}>{m.campaignName || `#${m.campaignId}`}</Typography.Link>
                    <Typography.Text type="secondary">{m.templateName || m.templateCode}</Typography.Text>
                  </Space>
                ),
              },
              {
                title: t('orders.detail.messageState'),
                key: 'delivery',
                width: 160,
                render: (_: unknown, m) => (
                  <Space direction="vertical" size={0}>
                    {m.delivery ? (
                      <Tag color={DELIVERY_COLOR[m.delivery]}>{t(`orders.detail.delivery.${m.delivery}`)}</Tag>
                    ) : (
                      <Tag>{t(`sending.recipientStatus.${m.status}`, { defaultValue: m.status })}</Tag>
                    )}
                    {(m.reason || m.errCode) && <Typography.Text type="secondary">{m.reason || m.errCode}</Typography.Text>}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </div>
      <Typography.Text type="secondary">{t('orders.detail.privacy')}</Typography.Text>
    </Space>
  );
}

/** A titled part of the detail; `empty` (when set) is said instead of the content. */
function Section({ title, empty, testId, children }: { title: string; empty: string | null; testId: string; children: React.ReactNode }) {
  return (
    <div data-testid={testId}>
      <Typography.Title level={5}>{title}</Typography.Title>
      {empty === null ? children : <Typography.Text type="secondary">{empty}</Typography.Text>}
    </div>
  );
}

/** Facts of an event worth a word: logistics step, carrier and waybill, refund amount, who rated. */
const DETAIL_KEYS = ['action', 'company_name', 'out_sid', 'refund_fee', 'rater'] as const;

function EventLine({ event }: { event: OrderEventView }) {
  const { t } = useTranslation();
  const facts = DETAIL_KEYS.filter((k) => event.detail[k]).map((k) =>
    k === 'action' ? t(`orders.logistics.${event.detail[k]}`, { defaultValue: event.detail[k] }) : event.detail[k],
  );
  return (
    <div data-testid="order-event" data-topic={event.topic}>
      <Space wrap size={4}>
        <Typography.Text strong>{t(`orders.topics.${event.topic}`, { defaultValue: event.topic })}</Typography.Text>
        {event.status && (
          <Typography.Text type="secondary">
            {t('orders.eventStatus', { status: t(`orders.status.${event.status}`, { defaultValue: event.status }) })}
          </Typography.Text>
        )}
        <Tag color={SOURCE_COLOR[event.source]}>{t(`orders.detail.source.${event.source}`)}</Tag>
      </Space>
      {facts.length > 0 && <div>{facts.join(' · ')}</div>}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatBeijingText(event.at, true, true)} · {t('orders.detail.receivedAt', { time: formatBeijingText(event.receivedAt, true, true) })}
      </Typography.Text>
    </div>
  );
}
