import { DeleteOutlined, LinkOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Form, Input, Popconfirm, Row, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SHORT_LINK_WARN_DAYS } from '../../../../shared/templates/short-links';
import { errorText, useApi } from '../../context';
import { formatDate, formatTime, useLang } from '../../format';
import { defaultBatchNumber, useLongUrlRule } from './short-link-form';
import { type ShortLinkView } from '../../../../shared/templates/contract';

interface LinkForm {
  url: string;
  tag: string;
  batchNumber: string;
  httpsPrefix: boolean;
}

/** 淘短链: create for an item/shop link, see when each expires (2 months), pick one for ${url}. */
export function ShortLinksTab({ links, onChanged }: { links: ShortLinkView[] | undefined; onChanged(): void }) {
  const api = useApi();
  const { t } = useTranslation();
  const lang = useLang();
  const longUrlRule = useLongUrlRule();
  const { message } = App.useApp();
  const [form] = Form.useForm<LinkForm>();
  const [busy, setBusy] = useState(false);
  const expiring = (links ?? []).filter((l) => l.expiry === 'soon');

  const create = async (values: LinkForm) => {
    setBusy(true);
    try {
      const link = await api.call('shortLinks.create', values);
      void message.success(t('templates.shortLinks.created', { url: link.shortUrl }));
      form.setFieldsValue({ url: '' });
      onChanged();
    } catch (error) {
      void message.error(errorText(t, error));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (id: number) => {
    try {
      await api.call('shortLinks.delete', { id });
      onChanged();
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  return (
    <div data-testid="shortlinks-tab">
      <Card title={t('templates.shortLinks.createTitle')} style={{ marginBottom: 16 }}>
        <Form<LinkForm>
          form={form}
          layout="vertical"
          initialValues={{ url: '', tag: '', batchNumber: defaultBatchNumber(), httpsPrefix: true }}
          onFinish={(v) => void create(v)}
          requiredMark={false}
        >
          <Row gutter={16}>
            <Col xs={24} xl={12}>
              <Form.Item name="url" label={t('templates.shortLinks.url')} rules={[longUrlRule]}>
                <Input prefix={<LinkOutlined />} placeholder="https://item.taobao.com/item.htm?id=…" data-testid="shortlink-url" />
              </Form.Item>
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Form.Item
                name="tag"
                label={t('templates.shortLinks.tag')}
                rules={[{ required: true, whitespace: true, message: t('templates.shortLinks.tagRequired') }]}
              >
                <Input maxLength={64} placeholder={t('templates.shortLinks.tagPlaceholder')} data-testid="shortlink-tag" />
              </Form.Item>
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Form.Item
                name="batchNumber"
                label={t('templates.shortLinks.batch')}
                rules={[{ required: true, whitespace: true, message: t('templates.shortLinks.batchRequired') }]}
              >
                <Input maxLength={64} data-testid="shortlink-batch" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={4}>
              <Form.Item name="httpsPrefix" label={t('templates.shortLinks.https')} tooltip={t('templates.shortLinks.httpsHelp')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="shortlink-create">
            {t('templates.shortLinks.create')}
          </Button>
          <Typography.Text type="secondary" style={{ marginInlineStart: 12, fontSize: 12 }}>
            {t('templates.shortLinks.help')}
          </Typography.Text>
        </Form>
      </Card>
      {expiring.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('templates.shortLinks.expiringSoon', { count: expiring.length, days: SHORT_LINK_WARN_DAYS })}
          data-testid="shortlink-expiring"
        />
      )}
      <Table<ShortLinkView>
        rowKey="id"
        loading={!links}
        dataSource={links ?? []}
        pagination={(links?.length ?? 0) > 20 ? { pageSize: 20 } : false}
        // Numeric widths and a sideways scroll: at 1024 px the columns keep their words on one line.
        scroll={{ x: 1096 }}
        locale={{ emptyText: <Empty description={t('templates.shortLinks.empty')} /> }}
        columns={[
          {
            title: t('templates.shortLinks.short'),
            key: 'short',
            width: 200,
            render: (_, l) => (
              <Typography.Text copyable delete={l.expiry === 'expired'}>
                {l.shortUrl}
              </Typography.Text>
            ),
          },
          {
            title: t('templates.shortLinks.url'),
            key: 'url',
            width: 260,
            render: (_, l) => (
              <Typography.Text type="secondary" ellipsis={{ tooltip: l.longUrl }} style={{ maxWidth: 240 }}>
                {l.longUrl}
              </Typography.Text>
            ),
          },
          { title: t('templates.shortLinks.tag'), key: 'tag', width: 120, render: (_, l) => <Tag>{l.tag}</Tag> },
          { title: t('templates.shortLinks.batch'), dataIndex: 'batchNumber', key: 'batch', width: 100 },
          {
            title: t('templates.shortLinks.createdAt'),
            key: 'created',
            width: 150,
            render: (_, l) => <span className="jst-muted">{formatTime(l.createdAt, lang)}</span>,
          },
          {
            title: t('templates.shortLinks.expiresAt'),
            key: 'expires',
            width: 210,
            render: (_, l) => (
              <span>
                {formatDate(l.expiresAt, lang)}{' '}
                {l.expiry === 'expired' ? (
                  <Tag color="error">{t('templates.shortLinks.expired')}</Tag>
                ) : l.expiry === 'soon' ? (
                  <Tag color="warning">{t('templates.shortLinks.daysLeft', { count: l.daysLeft })}</Tag>
                ) : (
                  <Tag color="success">{t('templates.shortLinks.daysLeft', { count: l.daysLeft })}</Tag>
                )}
              </span>
            ),
          },
          {
            title: '',
            key: 'actions',
            width: 56,
            render: (_, l) => (
              <Popconfirm
                title={t('templates.shortLinks.deleteConfirm')}
                onConfirm={() => void remove(l.id)}
                okText={t('common.ok')}
                cancelText={t('common.cancel')}
              >
                <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('templates.editor.delete')} />
              </Popconfirm>
            ),
          },
        ]}
      />
    </div>
  );
}
