import { App, Button, Collapse, Form, Input, InputNumber, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrdersSettingsView } from '../../../../shared/orders/contract';
import { errorText } from '../../context';
import { useApiMutation, useApiQuery } from '../../query';

const NUMBERS = [
  { name: 'firstImportDays', min: 1, max: 90, help: 'firstImportDaysHelp' },
  { name: 'backfillOverlapMinutes', min: 0, max: 24 * 60, help: 'backfillOverlapHelp' },
  { name: 'incrementSpanMinutes', min: 5, max: 24 * 60, help: 'incrementSpanHelp' },
  { name: 'oaidMaxAgeHours', min: 1, max: 7 * 24, help: 'oaidMaxAgeHelp' },
  { name: 'oaidOrderMaxAgeDays', min: 1, max: 365, help: 'oaidOrderMaxAgeHelp' },
] as const;

/** 订单设置, folded away: the shop's seller nick (unknown until the first order event) and the sync's knobs. */
export function OrdersSettings() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useApiQuery('orders.settings.get');
  const save = useApiMutation('orders.settings.save', { invalidates: ['orders.settings.get', 'orders.syncState'] });
  const [form] = Form.useForm<OrdersSettingsView>();
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [form, settings.data]);

  const body = (
    <Form
      form={form}
      layout="vertical"
      disabled={!settings.data}
      onFinish={(values) =>
        save.mutate(values, {
          onSuccess: () => void message.success(t('orders.settings.saved')),
          onError: (error) => void message.error(errorText(t, error)),
        })
      }
      style={{ maxWidth: 720 }}
      data-testid="orders-settings-form"
    >
      <Form.Item
        name="sellerNick"
        label={t('orders.settings.sellerNick')}
        extra={
          <>
            {t('orders.settings.sellerNickHelp')}
            {settings.data && !settings.data.sellerNick && (
              <Typography.Text type="warning" data-testid="orders-seller-unknown">
                {' '}
                {t('orders.settings.sellerNickUnknown')}
              </Typography.Text>
            )}
          </>
        }
      >
        <Input maxLength={64} placeholder={t('orders.settings.sellerNickUnknown')} style={{ maxWidth: 320 }} />
      </Form.Item>
      <div className="orders-settings-grid">
        {NUMBERS.map((n) => (
          <Form.Item key={n.name} name={n.name} label={t(`orders.settings.${n.name}`)} extra={t(`orders.settings.${n.help}`)} rules={[{ required: true }]}>
            <InputNumber min={n.min} max={n.max} precision={0} style={{ width: 140 }} />
          </Form.Item>
        ))}
      </div>
      <Form.Item name="syncOnStart" valuePropName="checked" label={t('orders.settings.syncOnStart')}>
        <Switch />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="orders-settings-save">
        {t('orders.settings.save')}
      </Button>
    </Form>
  );
  return <Collapse size="small" items={[{ key: 'settings', label: t('orders.settings.title'), children: body }]} data-testid="orders-settings" />;
}
