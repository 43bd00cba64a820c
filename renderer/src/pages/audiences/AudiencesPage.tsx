import { DeleteOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SEGMENT_PRESETS, type SegmentRule, type SegmentView } from '../../../../shared/audiences/contract';
import { STATUS_LABELS_ZH, TRADE_STATUSES } from '../../../../shared/orders/status';
import { errorText } from '../../context';
import { navigate } from '../../routing/routes';
import { useApiMutation, useApiQuery } from '../../query';

const NUMBER_FIELDS = [
  'lastOrderWithinDays',
  'lastOrderBeforeDays',
  'firstOrderWithinDays',
  'notMessagedDays',
  'minOrders',
  'minAmount',
  'topAmountPercent',
] as const;
type NumberField = (typeof NUMBER_FIELDS)[number];
const LIMITS: Record<NumberField, { min: number; max: number; step?: number }> = {
  lastOrderWithinDays: { min: 1, max: 3650 },
  lastOrderBeforeDays: { min: 1, max: 3650 },
  firstOrderWithinDays: { min: 1, max: 3650 },
  notMessagedDays: { min: 1, max: 3650 },
  minOrders: { min: 0, max: 1_000_000 },
  minAmount: { min: 0, max: 100_000_000, step: 0.01 },
  topAmountPercent: { min: 1, max: 100 },
};
/** The live count waits this long after the last keystroke. */
const COUNT_DELAY_MS = 250;

function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return current;
}

/** 人群: a rule editor with the live count (counted in main), presets, saved audiences. */
export function AudiencesPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [rule, setRule] = useState<SegmentRule>({});
  const [name, setName] = useState('');
  const counted = useDebounced(rule, COUNT_DELAY_MS);
  const count = useApiQuery('segments.count', { rule: counted }, { placeholderData: (previous) => previous });
  const saved = useApiQuery('segments.list');
  const save = useApiMutation('segments.save', { invalidates: ['segments.list'] });
  const remove = useApiMutation('segments.delete', { invalidates: ['segments.list'] });
  const english = i18n.language.startsWith('en');

  const setField = <K extends keyof SegmentRule>(key: K, value: SegmentRule[K] | null | undefined) =>
    setRule((r) => {
      const next = { ...r };
      if (value === null || value === undefined || (Array.isArray(value) && value.length === 0) || value === '') delete next[key];
      else next[key] = value;
      return next;
    });

  const onSave = async () => {
    try {
      const view = await save.mutateAsync({ name, rule });
      void message.success(t('audiences.saved', { name: view.name, buyers: view.buyers }));
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  return (
    <div data-testid="audiences-page" style={{ maxWidth: 1280 }}>
      <Typography.Title level={4}>{t('audiences.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('audiences.subtitle')}</Typography.Paragraph>
      <Card size="small" title={t('audiences.presets')} style={{ marginBottom: 16 }}>
        <Space wrap>
          {SEGMENT_PRESETS.map((p) => (
            <Button
              key={p.key}
              data-testid={`preset-${p.key}`}
              title={p.description}
              onClick={() => {
                setRule(p.rule);
                setName(english ? p.nameEn : p.name);
              }}
            >
              {english ? p.nameEn : p.name}
            </Button>
          ))}
        </Space>
      </Card>
      <Card
        size="small"
        title={t('audiences.rule')}
        extra={
          <Typography.Text strong data-testid="segment-count">
            {count.data
              ? t('audiences.count', { buyers: count.data.buyers, orders: count.data.orders })
              : count.isError
                ? errorText(t, count.error)
                : t('audiences.counting')}
          </Typography.Text>
        }
        style={{ marginBottom: 16 }}
      >
        <Form layout="vertical">
          <Space wrap align="start" size="large">
            {NUMBER_FIELDS.map((field) => (
              <Form.Item key={field} label={t(`audiences.${field}`)} style={{ minWidth: 200 }}>
                <InputNumber
                  data-testid={`rule-${field}`}
                  {...LIMITS[field]}
                  value={rule[field] ?? null}
                  onChange={(v) => setField(field, typeof v === 'number' ? v : null)}
                  style={{ width: 200 }}
                />
              </Form.Item>
            ))}
            <Form.Item label={t('audiences.boughtItem')} style={{ minWidth: 200 }}>
              <Input
                data-testid="rule-boughtItem"
                maxLength={64}
                value={rule.boughtItem ?? ''}
                onChange={(e) => setField('boughtItem', e.target.value.trim() || null)}
              />
            </Form.Item>
            <Form.Item label={t('audiences.refunded')} style={{ minWidth: 160 }}>
              <Select
                data-testid="rule-refunded"
                value={rule.refunded === undefined ? 'any' : rule.refunded ? 'yes' : 'no'}
                onChange={(v) => setField('refunded', v === 'any' ? null : v === 'yes')}
                options={[
                  { value: 'any', label: t('audiences.refundedAny') },
                  { value: 'yes', label: t('audiences.refundedYes') },
                  { value: 'no', label: t('audiences.refundedNo') },
                ]}
                style={{ width: 160 }}
              />
            </Form.Item>
            <Form.Item label={t('audiences.status')} style={{ minWidth: 320 }}>
              <Select
                data-testid="rule-status"
                mode="multiple"
                allowClear
                value={rule.status ?? []}
                onChange={(v) => setField('status', v)}
                options={TRADE_STATUSES.map((s) => ({ value: s, label: english ? s : STATUS_LABELS_ZH[s] }))}
                style={{ width: 320 }}
              />
            </Form.Item>
          </Space>
          <Typography.Paragraph type="secondary" data-testid="rule-notMessagedDays-help">
            {t('audiences.notMessagedHelp')}
          </Typography.Paragraph>
          <Space>
            <Input
              data-testid="segment-name"
              placeholder={t('audiences.name')}
              maxLength={50}
              value={name}
              onChange={(e) => setName(e.target.value)}
              style={{ width: 240 }}
            />
            <Button type="primary" data-testid="segment-save" disabled={!name.trim()} loading={save.isPending} onClick={() => void onSave()}>
              {t('audiences.save')}
            </Button>
            <Button onClick={() => setRule({})}>{t('audiences.clear')}</Button>
            <Button
              data-testid="segment-send-live"
              disabled={!count.data?.buyers}
              onClick={() => {
                const params = new URLSearchParams({ rule: JSON.stringify(rule), ...(name.trim() ? { name: name.trim() } : {}) });
                navigate('send', `new?${params.toString()}`);
              }}
            >
              {t('audiences.sendLive')}
            </Button>
          </Space>
        </Form>
      </Card>
      <Card size="small" title={t('audiences.savedList')} extra={<Typography.Text type="secondary">{t('audiences.savedHelp')}</Typography.Text>}>
        <Table<SegmentView>
          data-testid="segments-table"
          rowKey="id"
          size="small"
          pagination={false}
          loading={saved.isLoading}
          dataSource={saved.data ?? []}
          locale={{ emptyText: t('audiences.empty') }}
          expandable={{ expandedRowRender: (s) => <Typography.Text code>{t('audiences.sendHint', { id: s.id })}</Typography.Text> }}
          columns={[
            { title: t('audiences.name'), dataIndex: 'name' },
            { title: t('audiences.buyers'), dataIndex: 'buyers', width: 120 },
            { title: t('audiences.orders'), dataIndex: 'orders', width: 120 },
            { title: t('audiences.rule'), render: (_, s) => <Typography.Text type="secondary">{JSON.stringify(s.rule)}</Typography.Text> },
            {
              title: '',
              width: 240,
              render: (_, s) => (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    data-testid={`segment-send-${s.id}`}
                    disabled={s.buyers === 0}
                    onClick={() => navigate('send', `new?segment=${s.id}`)}
                  >
                    {t('audiences.send')}
                  </Button>
                  <Button
                    size="small"
                    onClick={() => {
                      setRule(s.rule);
                      setName(s.name);
                    }}
                  >
                    {t('audiences.edit')}
                  </Button>
                  <Popconfirm
                    title={t('audiences.deleteTitle', { name: s.name })}
                    onConfirm={() => void remove.mutateAsync({ id: s.id }).then(undefined, (error: unknown) => void message.error(errorText(t, error)))}
                  >
                    <Button size="small" danger icon={<DeleteOutlined />}>
                      {t('audiences.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
