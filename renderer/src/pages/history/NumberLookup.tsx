import { Input, Space, Table, Typography, Card, Button, App } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NumberSend, PlatformSmsRecord } from '../../../../shared/history/contract';
import type { Navigate } from '../../routing/routes';
import { beijingNowPicker } from '../../beijing-picker';
import { BeijingDatePicker } from '../../components/BeijingDatePicker';
import { formatTime } from '../../format';
import { useApiMutation, useApiQuery } from '../../query';
import { DeliveryTag, ErrCode } from './DeliveryTag';

const MOBILE = /^1[3-9]\d{9}$/;
/** Today in Beijing (num.query's calendar), whatever the PC's zone. */
const beijingToday = () => beijingNowPicker().startOf('day');
const clean = (text: string) => text.replace(/[\s-]/g, '').replace(/^(\+?86)/, '');

/** 查询号码: every send to one number across campaigns; num.query for one day (numbers sent outside this app). */
export function NumberLookup({ initialPhone, navigate }: { initialPhone: string; navigate: Navigate }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [phone, setPhone] = useState(initialPhone);
  const [day, setDay] = useState<Dayjs>(beijingToday);
  const valid = MOBILE.test(phone);
  const sends = useApiQuery('history.lookup', { phone }, { enabled: valid });
  const platform = useApiMutation('history.queryPlatform');
  const [records, setRecords] = useState<PlatformSmsRecord[] | null>(null);

  const search = (value: string) => {
    const next = clean(value);
    if (!MOBILE.test(next)) {
      message.warning(t('history.lookup.invalidPhone'));
      return;
    }
    setPhone(next);
    setRecords(null);
    navigate('history', `lookup:${next}`);
  };
  const queryPlatform = async () => {
    try {
      setRecords(await platform.mutateAsync({ phone, day: day.format('YYYY-MM-DD') }));
    } catch (error) {
      message.error((error as Error).message);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Input.Search
        defaultValue={initialPhone}
        placeholder={t('history.lookup.phone')}
        enterButton={t('history.lookup.search')}
        onSearch={search}
        style={{ maxWidth: 360 }}
        data-testid="lookup-phone"
      />
      {valid && (
        <Card size="small" title={t('history.lookup.sends')}>
          <Table<NumberSend>
            rowKey="recipientId"
            size="small"
            loading={sends.isLoading}
            dataSource={sends.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: t('history.lookup.none') }}
            data-testid="lookup-sends"
            scroll={{ x: 960 }}
            columns={[
              {
                title: t('history.lookup.campaign'),
                dataIndex: 'campaignName',
                width: 180,
                render: (name: string, r) => (
                  <Typography.Link onClick={() => navigate('history', String(r.campaignId))}>{name || `#${r.campaignId}`}</Typography.Link>
                ),
              },
              { title: t('history.list.template'), dataIndex: 'templateName', width: 140 },
              {
                title: t('history.detail.submittedAt'),
                dataIndex: 'submittedAt',
                width: 170,
                render: (v: string | null) => formatTime(v, undefined, true, true),
              },
              { title: t('history.detail.state'), dataIndex: 'delivery', width: 110, render: (v: NumberSend['delivery']) => <DeliveryTag state={v} /> },
              { title: t('history.detail.errCode'), dataIndex: 'errCode', width: 360, render: (v: string) => <ErrCode code={v} withMeaning /> },
            ]}
          />
        </Card>
      )}
      {valid && (
        <Card
          size="small"
          title={t('history.lookup.platformTitle')}
          extra={<Typography.Text type="secondary">{t('history.lookup.platformHelp')}</Typography.Text>}
        >
          <Space style={{ marginBottom: 8 }}>
            <BeijingDatePicker
              value={day}
              onChange={(v) => v && setDay(v)}
              allowClear={false}
              disabledDate={(d) => d.isAfter(beijingToday(), 'day') || d.isBefore(beijingToday().subtract(29, 'day'), 'day')}
            />
            <Button onClick={() => void queryPlatform()} loading={platform.isPending} data-testid="lookup-platform">
              {t('history.lookup.query')}
            </Button>
          </Space>
          {records && (
            <Table<PlatformSmsRecord>
              rowKey={(r) => `${r.sentAt}-${r.templateCode}-${r.content}`}
              data-testid="lookup-platform-records"
              size="small"
              dataSource={records}
              pagination={false}
              scroll={{ x: 1100 }}
              columns={[
                { title: t('history.lookup.sentAt'), dataIndex: 'sentAt', width: 170 },
                {
                  title: t('history.detail.state'),
                  dataIndex: 'status',
                  width: 110,
                  render: (v: PlatformSmsRecord['status']) => t(`history.lookup.status.${v}`),
                },
                { title: t('history.lookup.resultCode'), dataIndex: 'resultCode', width: 260, render: (v: string) => <ErrCode code={v} withMeaning /> },
                { title: t('history.lookup.receivedAt'), dataIndex: 'receivedAt', width: 170 },
                { title: t('history.list.template'), dataIndex: 'templateCode', width: 130 },
                { title: t('history.lookup.content'), dataIndex: 'content' },
              ]}
            />
          )}
        </Card>
      )}
    </Space>
  );
}
