import { App, Button, Input, InputNumber, Radio, Select, Space, Switch, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TRADE_STATUSES, type TradeStatus } from '../../../../shared/orders/status';
import type { OrderFilter } from '../../../../shared/sending/contract';
import { BeijingDatePicker } from '../../components/BeijingDatePicker';
import { errorText } from '../../context';
import { useApiMutation, useApiQuery } from '../../query';

const PICKER_TEXT = 'YYYY-MM-DD HH:mm:ss';

/** Order numbers as typed: digits only, kept as text (19 digits do not survive a JS number). */
export function splitTids(text: string): string[] {
  return text.split(/[\s,，;；、]+/).filter((t) => /^\d{1,24}$/.test(t));
}

/**
 * 订单 as a recipient source: orders picked by status / created time / amount / item, or pasted order numbers; one SMS
 * per buyer unless 每笔订单各发一条. The import (in main) keeps unknown orders, repeats and opted-out buyers visible.
 */
export function OrderSource({ campaignId, onImported }: { campaignId: number; onImported(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [mode, setMode] = useState<'filter' | 'tids'>('filter');
  const [text, setText] = useState('');
  const [status, setStatus] = useState<TradeStatus[]>([]);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [minPayment, setMin] = useState<number | null>(null);
  const [maxPayment, setMax] = useState<number | null>(null);
  const [item, setItem] = useState('');
  const [perOrder, setPerOrder] = useState(false);
  const importOrders = useApiMutation('campaigns.importOrders', {
    invalidates: ['campaigns.get', 'campaigns.recipients', 'campaigns.list', 'segments.sendOf'],
  });

  const filter: OrderFilter = {
    ...(status.length ? { status } : {}),
    ...(range?.[0] ? { createdFrom: range[0].format(PICKER_TEXT) } : {}),
    ...(range?.[1] ? { createdTo: range[1].format(PICKER_TEXT) } : {}),
    ...(minPayment !== null ? { minPayment } : {}),
    ...(maxPayment !== null ? { maxPayment } : {}),
    ...(item.trim() ? { item: item.trim() } : {}),
  };
  const matching = useApiQuery('orders.list', { ...filter, page: 1, pageSize: 1 }, { enabled: mode === 'filter' });
  const tids = splitTids(text);

  const run = async () => {
    try {
      await importOrders.mutateAsync({ id: campaignId, perOrder, ...(mode === 'tids' ? { tids } : { filter }) });
      onImported();
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  return (
    <div data-testid="order-source">
      <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as 'filter' | 'tids')} style={{ marginBottom: 12 }}>
        <Radio.Button value="filter" data-testid="order-mode-filter">
          {t('sending.orders.byFilter')}
        </Radio.Button>
        <Radio.Button value="tids" data-testid="order-mode-tids">
          {t('sending.orders.byNumbers')}
        </Radio.Button>
      </Radio.Group>
      {mode === 'filter' ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            mode="multiple"
            allowClear
            value={status}
            onChange={setStatus}
            placeholder={t('sending.orders.status')}
            style={{ width: '100%' }}
            data-testid="order-status"
            options={TRADE_STATUSES.map((s) => ({ value: s, label: t(`orders.status.${s}`) }))}
          />
          <BeijingDatePicker.RangePicker
            showTime
            value={range}
            onChange={(v) => setRange(v)}
            placeholder={[t('sending.orders.createdFrom'), t('sending.orders.createdTo')]}
            data-testid="order-created"
          />
          <Space wrap>
            <InputNumber min={0} value={minPayment} onChange={setMin} placeholder={t('sending.orders.minPayment')} data-testid="order-min" />
            <InputNumber min={0} value={maxPayment} onChange={setMax} placeholder={t('sending.orders.maxPayment')} data-testid="order-max" />
            <Input value={item} onChange={(e) => setItem(e.target.value)} maxLength={64} placeholder={t('sending.orders.item')} data-testid="order-item" />
          </Space>
          <Typography.Text type="secondary" data-testid="order-matching">
            {matching.data
              ? t('sending.orders.matching', { count: matching.data.total, more: matching.data.totalCapped ? '+' : '' })
              : t('sending.orders.counting')}
          </Typography.Text>
        </Space>
      ) : (
        <div>
          <Typography.Paragraph type="secondary">{t('sending.orders.numbersHelp')}</Typography.Paragraph>
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoSize={{ minRows: 5, maxRows: 12 }}
            spellCheck={false}
            data-testid="order-tids"
            placeholder="4012345678901234567"
          />
          <Typography.Text type="secondary">{t('sending.orders.numbersCount', { count: tids.length })}</Typography.Text>
        </div>
      )}
      <div className="jst-counter" style={{ marginTop: 12 }}>
        <Space>
          <Switch checked={perOrder} onChange={setPerOrder} data-testid="order-per-order" />
          <span>{perOrder ? t('sending.orders.perOrder') : t('sending.orders.perBuyer')}</span>
        </Space>
        <Button
          type="primary"
          onClick={() => void run()}
          loading={importOrders.isPending}
          disabled={mode === 'tids' ? tids.length === 0 : matching.data?.total === 0}
          data-testid="order-import"
        >
          {t('sending.orders.import')}
        </Button>
      </div>
    </div>
  );
}
