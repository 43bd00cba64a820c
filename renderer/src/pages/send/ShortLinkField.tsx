import { LinkOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../context';
import { formatDate } from '../../format';
import { useApiMutation, useApiQuery } from '../../query';
import { defaultBatchNumber, useLongUrlRule } from '../templates/short-link-form';

interface LinkForm {
  url: string;
  tag: string;
  batchNumber: string;
}

/** 淘短链 for ${url}: an unexpired one, or a new one created here. */
export function ShortLinkField({ value, onChange }: { value: number | null; onChange(id: number | null): void }) {
  const { t } = useTranslation();
  const links = useApiQuery('shortLinks.list', { includeExpired: false });
  const [creating, setCreating] = useState(false);
  const current = links.data?.find((l) => l.id === value);
  return (
    <Form.Item
      label={t('sending.content.shortLink')}
      extra={current?.expiry === 'soon' ? t('sending.content.shortLinkSoon', { date: formatDate(current.expiresAt) }) : t('sending.content.shortLinkHelp')}
      validateStatus={current?.expiry === 'soon' ? 'warning' : undefined}
    >
      <div style={{ display: 'flex', gap: 8 }}>
        <Select
          style={{ flex: 1, minWidth: 0 }}
          value={value ?? undefined}
          allowClear
          loading={links.isLoading}
          placeholder={t('sending.content.shortLinkPick')}
          onChange={(id?: number) => onChange(id ?? null)}
          options={(links.data ?? []).map((l) => ({
            value: l.id,
            label: `${l.shortUrl} · ${l.tag} · ${t('sending.content.expires', { date: formatDate(l.expiresAt) })}`,
          }))}
          notFoundContent={t('sending.content.noShortLinks')}
          data-testid="shortlink-select"
        />
        <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="shortlink-new">
          {t('sending.content.shortLinkNew')}
        </Button>
      </div>
      {creating && (
        <CreateShortLinkModal
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            onChange(id);
          }}
        />
      )}
    </Form.Item>
  );
}

function CreateShortLinkModal({ onClose, onCreated }: { onClose(): void; onCreated(id: number): void }) {
  const { t } = useTranslation();
  const longUrlRule = useLongUrlRule();
  const { message } = App.useApp();
  const [form] = Form.useForm<LinkForm>();
  const create = useApiMutation('shortLinks.create', { invalidates: ['shortLinks.list'] });
  const submit = async () => {
    const values = await form.validateFields();
    try {
      const link = await create.mutateAsync({ ...values, httpsPrefix: true });
      void message.success(t('templates.shortLinks.created', { url: link.shortUrl }));
      onCreated(link.id);
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };
  return (
    <Modal
      open
      title={t('sending.content.shortLinkNew')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={create.isPending}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
    >
      <Form<LinkForm> form={form} layout="vertical" initialValues={{ url: '', tag: '', batchNumber: defaultBatchNumber() }} requiredMark={false}>
        <Form.Item name="url" label={t('templates.shortLinks.url')} rules={[longUrlRule]}>
          <Input prefix={<LinkOutlined />} placeholder="https://item.taobao.com/item.htm?id=…" data-testid="new-shortlink-url" />
        </Form.Item>
        <Form.Item
          name="tag"
          label={t('templates.shortLinks.tag')}
          rules={[{ required: true, whitespace: true, message: t('templates.shortLinks.tagRequired') }]}
        >
          <Input maxLength={64} data-testid="new-shortlink-tag" />
        </Form.Item>
        <Form.Item
          name="batchNumber"
          label={t('templates.shortLinks.batch')}
          rules={[{ required: true, whitespace: true, message: t('templates.shortLinks.batchRequired') }]}
        >
          <Input maxLength={64} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
